import { z } from 'zod';
import { DomainError } from '../../domain/errors.js';
import { REMOTE_REPAIR_SOP_CODE } from '../../domain/sop/builtin-sops.js';
import type { SopDefinition } from '../../domain/sop/sop-definition.js';
import type { Lang } from '../../messages/catalogue.js';
import { DEFAULT_LANG, LANGS } from '../../messages/catalogue.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { parseInput } from '../input.js';
import { runUseCase } from '../use-case.js';
import { FORM_ISSUED } from './issue-case-form.js';

export const IssueSopDocumentInput = z.object({
  version: z.string().trim().min(1).max(40).regex(/^[0-9A-Za-z._-]+$/, 'a version like 2019.0').optional()
    .describe('the SOP version (e.g. 2019.0; default: the version in force)'),
  lang: z.enum(LANGS).optional().describe('the language of the document (default: Indonesian; over HTTP, the request\'s language)'),
}).strict();

/** The document an issued-SOP entry of `report.form_issued` names. */
export const SOP_DOCUMENT = 'sop';

/**
 * Renders a stored SOP definition as the signed document (PDF bytes): the presenter's document
 * through the PDF adapter (wired in src/main). The same definition and language give the same bytes.
 */
export type SopDocumentRenderer = (sop: SopDefinition, opts: { readonly lang: Lang }) => Promise<Uint8Array>;

export interface IssuedSopDocument {
  readonly code: string;
  readonly version: string;
  readonly lang: Lang;
  readonly bytes: Uint8Array;
  /** SHA-256 of `bytes`, as logged. */
  readonly sha256: string;
}

/**
 * Issues SOP-01 (the version in force, or `version`) as the signed document: identity block,
 * header table and the activity table with its flowchart. Whoever is signed in may: the SOP is
 * what everyone works under. The stored definition is read, rendered, and `report.form_issued`
 * (`document: 'sop'`) is logged with the PDF's SHA-256, so a printed SOP can be matched to the
 * logbook later. An unknown version is refused (and logged) with both languages' words.
 */
export function issueSopDocument(deps: AppDeps & { readonly renderSopDocument: SopDocumentRenderer }, inv: Invocation,
  raw: unknown): Promise<IssuedSopDocument> {
  return runUseCase(deps, inv, 'report.sop', async (ctx) => {
    const input = parseInput(IssueSopDocumentInput, raw ?? {});
    const lang = input.lang ?? DEFAULT_LANG;
    const code = REMOTE_REPAIR_SOP_CODE;
    const sop = input.version === undefined ? await ctx.tx.sops.findCurrent(code) : await ctx.tx.sops.findByVersion(code, input.version);
    if (!sop) {
      const key = `${code}${input.version === undefined ? '' : ` ${input.version}`}`;
      throw DomainError.of('not_found', 'sop.not_found', { key }, { key });
    }
    const bytes = await deps.renderSopDocument(sop, { lang });
    const h = deps.sha256Stream();
    h.update(bytes);
    const sha256 = h.hex();
    ctx.log({ type: FORM_ISSUED, unitId: ctx.actor?.user.unitId ?? null, caseId: null,
      data: { document: SOP_DOCUMENT, code: sop.code, version: sop.version, lang, sha256, bytes: bytes.length } });
    return { code: sop.code, version: sop.version, lang, bytes, sha256 };
  });
}
