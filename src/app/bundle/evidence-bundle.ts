import { z } from 'zod';
import { canonicalJson } from '../../domain/logbook/canonical-json.js';
import type { LogbookEntry } from '../../domain/logbook/logbook-entry.js';
import { entryPayload } from '../../domain/logbook/logbook-entry.js';
import type { SealedEntry } from '../../domain/logbook/sealed-entry.js';
import { FORM_ISSUED } from '../report/issue-case-form.js';

/**
 * The evidence bundle of one case (docs/evidence-bundle.md): one ustar file, parts in this order —
 * `manifest.json`, `manifest.sig`, then the parts the manifest lists, in its order.
 */
export const BUNDLE_TYPE = 'jaga.evidence.bundle';
export const BUNDLE_VERSION = 1;

export const PART = {
  manifest: 'manifest.json',
  signature: 'manifest.sig',
  publicKey: 'public-key.pem',
  checkpoint: 'checkpoint.json',
  case: 'case.json',
  sessions: 'sessions.json',
  logbook: 'logbook.jsonl',
  transfers: 'transfers.json',
  /** The slot for the Form Laporan PDF: present once the form is issued (its SHA-256 logged as {@link FORM_ISSUED_EVENT}). */
  formLaporan: 'form-laporan.pdf',
} as const;

/** `recordings/<n>.cast`: numbered, so any RecordingStore key fits a tar name; the manifest maps each to its key. */
export const recordingPart = (n: number): string => `recordings/${String(n).padStart(4, '0')}.cast`;

/** The logbook event whose `data.sha256` a bundled Form Laporan must match (the form's issue). */
/** The logbook event of an issued Form Laporan (`issueCaseForm`), whose `data.sha256` is the PDF's. */
export const FORM_ISSUED_EVENT = FORM_ISSUED;
/** The logbook event the export itself is (its data: the bundle's SHA-256 and size, the checkpoint). */
export const BUNDLE_EXPORTED_EVENT = 'case.bundle_exported';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestPart = z.object({
  name: z.string().min(1).max(100),
  bytes: z.number().int().min(0),
  sha256: hex64,
  /** A recording part: the RecordingStore key the logbook names it by. */
  recording: z.string().min(1).max(255).optional(),
}).strict();

export const Manifest = z.object({
  type: z.literal(BUNDLE_TYPE),
  v: z.literal(BUNDLE_VERSION),
  caseId: z.string().min(1).max(200),
  exportedAt: z.string().max(40),
  exportedBy: z.string().max(200),
  keyId: z.string().max(200),
  checkpoint: z.object({ seq: z.number().int().positive(), hash: hex64 }).strict(),
  /** The Form Laporan slot: `form-laporan.pdf` when the bundle carries it, else null. */
  formLaporan: z.literal(PART.formLaporan).nullable(),
  parts: z.array(ManifestPart).max(100_000),
}).strict();
export type Manifest = z.infer<typeof Manifest>;
export type ManifestPart = z.infer<typeof ManifestPart>;

export const CheckpointPart = z.object({
  seq: z.number().int().positive(), hash: hex64, at: z.string().max(40), keyId: z.string().max(200), signature: z.string().max(200),
}).strict();

/** A line of `logbook.jsonl`: the case's own entry (its payload, exactly the bytes hashed) or another case's, sealed. */
export type ChainLine = { readonly own: LogbookEntry } | { readonly sealed: SealedEntry };

export function chainLineText(l: ChainLine): string {
  return 'own' in l ? entryPayload(l.own) : canonicalJson({ sealed: l.sealed });
}

const EntryLine = z.object({
  actor: z.string().nullable(), at: z.string(), case: z.string().nullable(), data: z.record(z.string(), z.unknown()), prev: hex64,
  seq: z.number().int().positive(), type: z.string(), unit: z.string().nullable(), v: z.literal(1),
}).strict();
const SealedLine = z.object({
  sealed: z.object({ seq: z.number().int().positive(), state: hex64, length: z.number().int().min(0), cut: z.string().max(100), tail: z.string().max(2000) }).strict(),
}).strict();

/**
 * A line read back: an own entry without its hash (the chain check computes it), or a sealed
 * one; null unless the line is exactly what {@link chainLineText} writes.
 */
export function parseChainLine(text: string): { readonly own: Omit<LogbookEntry, 'hash'> } | { readonly sealed: SealedEntry } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const sealed = SealedLine.safeParse(raw);
  if (sealed.success) return canonicalJson(sealed.data) === text ? { sealed: sealed.data.sealed } : null;
  const own = EntryLine.safeParse(raw);
  if (!own.success) return null;
  const d = own.data;
  const e = { seq: d.seq, at: d.at, type: d.type, actorId: d.actor, unitId: d.unit, caseId: d.case, data: canonicalJson(d.data), prevHash: d.prev };
  return entryPayload(e) === text ? { own: e } : null;
}

/** The file transfers of the case, as `transfers.json` lists them: every `gateway.file_transfer` entry, in chain order. */
export function transferList(entries: readonly LogbookEntry[]): unknown[] {
  return entries.filter((e) => e.type === 'gateway.file_transfer')
    .map((e) => ({ seq: e.seq, at: e.at, actorId: e.actorId, transfer: JSON.parse(e.data) as unknown }));
}

const utf8 = new TextEncoder();
/** A JSON part: canonical JSON, one trailing newline. */
export const jsonPart = (value: unknown): Uint8Array => utf8.encode(`${canonicalJson(value)}\n`);
