import assert from 'node:assert/strict';
import { DomainError } from '../../src/domain/errors.js';
import type { ErrorKind } from '../../src/domain/errors.js';
import { messageOf } from '../../src/messages/catalogue.js';

/** Awaits a refusal with `code` (and `kind`), worded in both languages; the error, for more checks. */
export async function refusedWith(p: Promise<unknown>, code: string, kind: ErrorKind): Promise<DomainError> {
  const e = await p.then(() => assert.fail(`expected a refusal ${code}`), (x: unknown) => x);
  assert.ok(e instanceof DomainError, String(e));
  assert.equal(e.code, code, messageOf(e, 'en'));
  assert.equal(e.kind, kind);
  assert.ok(messageOf(e, 'id').length > 0 && messageOf(e, 'en').length > 0 && messageOf(e, 'id') !== messageOf(e, 'en'), 'a message in both languages');
  return e;
}
