import { readFileSync, writeFileSync } from 'node:fs';
import type { BundleCrypto } from '../../app/bundle/verify-evidence-bundle.js';
import { verifyEvidenceBundle } from '../../app/bundle/verify-evidence-bundle.js';
import { exportEvidenceBundle } from '../../app/bundle/export-evidence-bundle.js';
import { bundleProblemView } from '../../messages/bundle-problem-messages.js';
import type { Command } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { t } from '../../messages/catalogue.js';
import { actor, flag, json, say, str, viewLang } from './helpers.js';
import { EXIT_VERIFY_FAILED } from './logbook.commands.js';

const errno = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** `jaga case export-bundle CASE --out FILE`: the case's evidence bundle, for an auditor to take away (docs/evidence-bundle.md). */
export const exportBundleCommand: Command = {
  name: 'case export-bundle', summary: 'write the evidence bundle of a case (case, logbook chain to a signed checkpoint, public key, gateway session files, transfers) to one file; check it anywhere with jaga verify-bundle',
  args: '<case-id>', needsActor: true,
  options: { out: { type: 'string', help: 'the bundle file to create (never overwritten)', value: 'FILE', required: true } },
  async run(ctx) {
    const out = str(ctx, 'out') as string;
    const b = await exportEvidenceBundle(await ctx.app(), actor(ctx), ctx.positionals[0] as string);
    try {
      writeFileSync(out, b.bytes, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      throw UsageError.of('cli.file_create_failed', { file: out, reason: errno(e) === 'EEXIST' ? 'exists' : errno(e) });
    }
    ctx.io.err(say(ctx, 'cli.bundle.written', { caseId: b.caseId, file: out, bytes: b.bytes.length, sha256: b.sha256, seq: b.checkpoint.seq }));
  },
};

/**
 * `jaga verify-bundle FILE [--key PEM]`: the offline check, with no database and no data
 * directory (it never opens the app); the crypto comes from the composition root.
 */
export function verifyBundleCommand(crypto: BundleCrypto): Command {
  return {
    name: 'verify-bundle', summary: `check an evidence bundle offline: chain to the signed checkpoint, session files, transfers, case document (exit ${EXIT_VERIFY_FAILED} naming each part that fails)`,
    args: '<bundle-file>',
    options: {
      key: { type: 'string', help: "the installation's public key as you obtained it (jaga logbook public-key): without it only the bundle's own key is used", value: 'FILE' },
      json: { type: 'boolean', help: 'print the report as JSON' },
    },
    run(ctx) {
      const file = ctx.positionals[0] as string;
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch (e) {
        throw UsageError.of('cli.bundle_unreadable', { file, reason: errno(e) });
      }
      const keyFile = str(ctx, 'key');
      let keyPem: string | undefined;
      if (keyFile !== undefined) {
        try {
          keyPem = readFileSync(keyFile, 'utf8');
        } catch (e) {
          throw UsageError.of('cli.key_file_unreadable', { file: keyFile, reason: errno(e) });
        }
      }
      const r = verifyEvidenceBundle(bytes, crypto, keyPem);
      // A report, like a case view: in the chosen language, Indonesian by default.
      const lang = viewLang(ctx);
      if (flag(ctx, 'json')) {
        json(ctx, { ...r, problems: r.problems.map(bundleProblemView) });
      } else if (r.ok) {
        ctx.io.out(t(lang, 'cli.bundle.intact', { caseId: r.caseId ?? '', seq: r.checkpointSeq ?? 0, ...r.counts }));
        ctx.io.out(t(lang, 'cli.bundle.form', { present: r.formLaporan }));
      } else {
        ctx.io.err(t(lang, 'cli.bundle.broken', { count: r.problems.length }));
        for (const p of r.problems) ctx.io.err(t(lang, 'cli.bundle.problem', { part: p.part, message: bundleProblemView(p).message }));
      }
      if (r.key && !flag(ctx, 'json')) {
        if (r.key.supplied) ctx.io.out(t(lang, 'cli.bundle.key_supplied', { keyId: r.key.id }));
        else ctx.io.err(t(lang, 'cli.bundle.key_bundled_only', { keyId: r.key.id }));
      }
      return Promise.resolve(r.ok ? 0 : EXIT_VERIFY_FAILED);
    },
  };
}
