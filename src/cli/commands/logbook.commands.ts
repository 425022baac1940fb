import { createWriteStream, openSync, readFileSync, writeFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { z } from 'zod';
import { createCheckpoint } from '../../app/logbook/create-checkpoint.js';
import { verifyLogbook } from '../../app/logbook/verify-logbook.js';
import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import { LOGBOOK_CSV_HEADER, logbookCsvRow, logbookJsonLine } from '../../presenters/logbook-csv.js';
import type { Command } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { flag, json, str } from './helpers.js';

const CheckpointFile = z.object({
  seq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/), at: z.string().max(40),
  keyId: z.string().max(200), signature: z.string().max(200),
}).strict();

function readCheckpoint(file: string): Checkpoint {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`berkas checkpoint '${file}' tidak dapat dibaca sebagai JSON (${(e as Error).message})`,
      `checkpoint file '${file}' cannot be read as JSON (${(e as Error).message})`);
  }
  const r = CheckpointFile.safeParse(raw);
  if (!r.success) throw new UsageError(`berkas checkpoint '${file}' tidak valid`, `checkpoint file '${file}' is not a valid checkpoint`);
  return r.data;
}

/** `2026-11-01` (start of that day, UTC) or a full ISO time. */
function timeBound(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00.000Z` : v;
  const ms = Date.parse(t);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(ms)) {
    throw new UsageError(`--${name} harus tanggal YYYY-MM-DD atau waktu ISO 8601`, `--${name} must be a date YYYY-MM-DD or an ISO 8601 time`);
  }
  return new Date(ms).toISOString();
}

/** Opens a new file owner-only; an existing file is refused, never overwritten. */
function openExclusive(file: string): number {
  try {
    return openSync(file, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`tidak dapat membuat '${file}' (${code === 'EEXIST' ? 'sudah ada' : code})`, `cannot create '${file}' (${code === 'EEXIST' ? 'already exists' : code})`);
  }
}

export const EXIT_VERIFY_FAILED = 7;

export const logbookCommands: Command[] = [
  {
    name: 'logbook verify', summary: `check the hash chain, head and signed checkpoints (exit ${EXIT_VERIFY_FAILED} naming the first bad entry)`,
    options: {
      checkpoint: { type: 'string', help: 'also check against a checkpoint exported earlier (detects truncation)', value: 'FILE' },
      json: { type: 'boolean', help: 'print the report as JSON' },
    },
    async run(ctx) {
      const file = str(ctx, 'checkpoint');
      const exported = file === undefined ? undefined : readCheckpoint(file);
      const r = await verifyLogbook(await ctx.app(), exported);
      if (flag(ctx, 'json')) json(ctx, r);
      else if (r.ok) {
        ctx.io.out(`Logbook utuh / logbook intact: ${r.entries} entri/entries, kepala/head #${r.lastSeq} ${r.lastHash}, ${r.checkpointsChecked} checkpoint diperiksa/checked`);
        if (file === undefined) {
          ctx.io.err('catatan: tanpa --checkpoint, pemotongan dan entri setelah checkpoint terakhir hanya dilindungi rantai hash; simpan checkpoint ekspor di luar mesin ini');
          ctx.io.err('note: without --checkpoint, truncation and entries after the last checkpoint rest on the hash chain alone; keep exported checkpoints off this machine');
        }
      } else {
        ctx.io.err(`Logbook RUSAK pada entri #${r.problem?.seq}: ${r.problem?.message.id}`);
        ctx.io.err(`Logbook BROKEN at entry #${r.problem?.seq}: ${r.problem?.message.en}`);
      }
      return r.ok ? 0 : EXIT_VERIFY_FAILED;
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
      if (format !== 'csv' && format !== 'jsonl') throw new UsageError('--format harus csv atau jsonl', '--format must be csv or jsonl');
      const from = timeBound('from', str(ctx, 'from'));
      const to = timeBound('to', str(ctx, 'to'));
      if (from && to && from >= to) throw new UsageError('--from harus sebelum --to', '--from must be before --to');
      const app = await ctx.app();
      const outFile = str(ctx, 'out');
      const stream: WriteStream | undefined = outFile === undefined ? undefined : createWriteStream('', { fd: openExclusive(outFile) });
      stream?.on('error', () => undefined); // surfaced by end() below
      const write = (line: string) => (stream ? stream.write(`${line}\n`) : ctx.io.out(line));
      if (format === 'csv') write(LOGBOOK_CSV_HEADER);
      let n = 0;
      await app.store.read(async (r) => {
        for await (const page of r.logbook.range({ from, to })) {
          for (const e of page) { write(format === 'csv' ? logbookCsvRow(e) : logbookJsonLine(e)); n++; }
        }
      });
      if (stream) await new Promise<void>((res, rej) => stream.end((err?: Error | null) => (err ? rej(err) : res())));
      ctx.io.err(`${n} entri diekspor / entries exported`);
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
        ctx.io.err(`Checkpoint #${cp.seq} ditulis / written: ${out}`);
      }
    },
  },
];

