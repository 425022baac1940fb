import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { END_REASONS } from '../../src/domain/access/end-reason.js';
import { GatewaySessionSchema } from '../../src/http/schemas.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
});

describe('END_REASONS: the one list of why a gateway session ended', () => {
  it('is what the HTTP schema (and so the OpenAPI document) offers for endReason, nothing more or less', () => {
    const json = z.toJSONSchema(GatewaySessionSchema, { io: 'output', unrepresentable: 'any', metadata: z.registry(), target: 'draft-2020-12' }) as {
      properties: Record<string, { anyOf?: { enum?: string[]; type?: string }[]; enum?: string[] }>;
    };
    const prop = json.properties['endReason'];
    const offered = prop?.enum ?? prop?.anyOf?.flatMap((s) => s.enum ?? []);
    assert.deepEqual([...(offered ?? [])].sort(), [...END_REASONS].sort());
    assert.ok(prop?.anyOf?.some((s) => s.type === 'null'), 'null while the session lasts');
    assert.equal(GatewaySessionSchema.shape.endReason.safeParse('idle').success, false, 'a reason not in the list is refused');
  });

  it('has no unique entries dropped or doubled', () => {
    assert.equal(new Set(END_REASONS).size, END_REASONS.length);
    for (const r of ['client_closed', 'target_closed', 'terminated', 'shutdown', 'idle_timeout', 'recording_failed', 'access_revoked', 'error', 'gateway_restart', 'node_lost']) {
      assert.ok((END_REASONS as readonly string[]).includes(r), r);
    }
  });

  it('is written out nowhere else in src/ (no hand-kept lists that drift)', () => {
    const lists = filesUnder(join(ROOT, 'src')).filter((f) => !f.endsWith(join('access', 'end-reason.ts')))
      .filter((f) => /client_closed\s*\|\s*target_closed|'client_closed',\s*'target_closed'/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(lists, []);
  });
});
