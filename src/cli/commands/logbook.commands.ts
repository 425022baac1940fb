import { notifiedReport } from '../../app/notification/verification-failed.js';
import { createWriteStream, openSync, readFileSync, writeFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { z } from 'zod';
import { createCheckpoint } from '../../app/logbook/create-checkpoint.js';
import { verifyLogbook } from '../../app/logbook/verify-logbook.js';
import { readWitnesses } from '../../app/logbook/witness-checkpoints.js';
import { parseWitnessLocation } from '../../domain/logbook/witness-location.js';
import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import { chainProblemView } from '../../messages/chain-problem-messages.js';
import { LOGBOOK_CSV_HEADER, logbookCsvRow, logbookJsonLine } from '../../presenters/logbook-csv.js';
import { jsonTerminalSafe, terminalSafe } from '../../presenters/terminal-safe.js';
import type { Command } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { flag, json, say, sayLines, str, word } from './helpers.js';

const CheckpointFile = z.object({
  seq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/), at: z.string().max(40),
  keyId: z.string().max(200), signature: z.string().max(200),
}).strict();

function readCheckpoint(file: string): Checkpoint {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw UsageError.of('logbook.checkpoint_unreadable', { file, reason: (e as Error).message });
  }
  const r = CheckpointFile.safeParse(raw);
  if (!r.success) throw UsageError.of('logbook.checkpoint_invalid', { file });
  return r.data;
}

/** `2026-11-01` (start of that day, UTC) or a full ISO time. */
function timeBound(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : v;
  const ms = Date.parse(t);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(ms)) {
    throw UsageError.of('logbook.time_bound_invalid', { option: name });
  }
  return new Date(ms).toISOString();
}

/** Opens a new file owner-only; an existing file is refused, never overwritten. */
function openExclusive(file: string): number {
  try {
    return openSync(file, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw UsageError.of('cli.file_create_failed', { file, reason: code === 'EEXIST' ? 'exists' : code });
  }
}

export const EXIT_VERIFY_FAILED = 7;

export const logbookCommands: Command[] = [
  {
    name: 'logbook verify', summary: `check the hash chain, head and signed checkpoints, and every case, gateway session and its session files' bytes against the logbook (exit ${EXIT_VERIFY_FAILED} naming the first difference)`,
    options: {
      checkpoint: { type: 'string', help: 'also check against a checkpoint exported earlier (detects truncation)', value: 'FILE' },
      witness: { type: 'string', multiple: true, help: 'also check against the checkpoints a witness holds: dir:/path or a jaga witness serve URL', value: 'WITNESS' },
      json: { type: 'boolean', help: 'print the report as JSON' },
    },
    async run(ctx) {
      const file = str(ctx, 'checkpoint');
      const exported = file === undefined ? undefined : readCheckpoint(file);
      const app = await ctx.app();
      const named = ((ctx.values['witness'] as string[] | undefined) ?? []).map((w) => app.openWitness(parseWitnessLocation(w)));
      const witnesses = named.length > 0 ? await readWitnesses(named) : undefined;
      // Every stored case and gateway session (its session files' bytes too) is checked against the logbook: it is their source of truth.
      // issue 13: a failed verification is notified
      const r = await notifiedReport(app, await verifyLogbook(app, exported, { records: app, ...(witnesses ? { witnesses } : {}) }));
      if (flag(ctx, 'json')) json(ctx, { ...r, problem: r.problem && chainProblemView(r.problem) });
      else if (r.ok) {
        ctx.io.out(`${say(ctx, 'cli.logbook.intact')}: ${r.entries} ${word(ctx, 'cli.logbook.entries')}, ${word(ctx, 'cli.logbook.head')} #${r.lastSeq} ${r.lastHash}, ` +
          `${r.checkpointsChecked} checkpoint ${word(ctx, 'cli.logbook.checked')}`);
        if (witnesses) ctx.io.out(say(ctx, 'cli.logbook.witnessed', { checkpoints: r.witnessCheckpoints ?? 0, witnesses: witnesses.length }));
        if (file === undefined && !witnesses) for (const line of sayLines(ctx, 'cli.logbook.no_checkpoint_note')) ctx.io.err(line);
      } else if (r.problem) {
        const message = chainProblemView(r.problem).message;
        // A stored value no entry recorded has no entry to point at.
        const lines = r.problem.seq === 0 ? sayLines(ctx, 'cli.logbook.broken_unlogged', { message }) : sayLines(ctx, 'cli.logbook.broken', { seq: r.problem.seq, message });
        for (const line of lines) ctx.io.err(terminalSafe(line));
      }
      return r.ok ? 0 : EXIT_VERIFY_FAILED;
    },
  },
  {
    name: 'logbook public-key', summary: "print the public key that checks this installation's checkpoints (give it to a witness: jaga witness serve --public-key)",
    options: {},
    async run(ctx) {
      ctx.io.out((await ctx.app()).signer.publicKeyPem.trimEnd());
    },
  },
  {
    name: 'logbook export', summary: 'export entries of a period as CSV or JSON lines',
    options: {
      format: { type: 'string', help: 'csv | jsonl', required: true, value: 'FMT' },
      from: { type: 'string', help: 'from (inclusive), YYYY-MM-DD or ISO time', value: 'TIME' },
      to: { type: 'string', help: 'to (exclusive), YYYY-MM-DD or ISO time', value: 'TIME' },
      out: { type: 'string', help: 'file to write (default: standard output)', value: 'FILE' },
    },
    async run(ctx) {
      const format = str(ctx, 'format');
      if (format !== 'csv' && format !== 'jsonl') throw UsageError.of('logbook.export_format_invalid', {});
      const from = timeBound('from', str(ctx, 'from'));
      const to = timeBound('to', str(ctx, 'to'));
      if (from && to && from >= to) throw UsageError.of('logbook.export_range_invalid', {});
      const app = await ctx.app();
      const outFile = str(ctx, 'out');
      const stream: WriteStream | undefined = outFile === undefined ? undefined : createWriteStream('', { fd: openExclusive(outFile) });
      stream?.on('error', () => undefined); // surfaced by end() below
      // A file keeps the entries byte for byte; a terminal gets C1 and bidi controls as JSON escapes (same value).
      const write = (line: string) => (stream ? stream.write(`${line}\n`) : ctx.io.out(jsonTerminalSafe(line)));
      if (format === 'csv') write(LOGBOOK_CSV_HEADER);
      let n = 0;
      await app.store.read(async (r) => {
        for await (const page of r.logbook.range({ from, to })) {
          for (const e of page) { write(format === 'csv' ? logbookCsvRow(e) : logbookJsonLine(e)); n++; }
        }
      });
      if (stream) await new Promise<void>((res, rej) => stream.end((err?: Error | null) => (err ? rej(err) : res())));
      ctx.io.err(say(ctx, 'cli.logbook.exported', { count: n }));
    },
  },
  {
    name: 'logbook checkpoint', summary: 'sign the current chain head now and print or save the checkpoint',
    options: { out: { type: 'string', help: 'save to this file (keep it off this machine)', value: 'FILE' } },
    async run(ctx) {
      const cp = await createCheckpoint(await ctx.app());
      const text = JSON.stringify(cp, null, 2);
      const out = str(ctx, 'out');
      if (out === undefined) ctx.io.out(text);
      else {
        writeFileSync(out, `${text}\n`, { mode: 0o644 });
        ctx.io.err(terminalSafe(say(ctx, 'cli.logbook.checkpoint_written', { seq: cp.seq, file: out })));
      }
    },
  },
];

