import type { BundleFinding, BundleProblem } from '../../domain/logbook/bundle-problem.js';
import { canonicalJson } from '../../domain/logbook/canonical-json.js';
import { checkpointPayload } from '../../domain/logbook/checkpoint.js';
import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import type { LogbookEntry } from '../../domain/logbook/logbook-entry.js';
import { entryPayload } from '../../domain/logbook/logbook-entry.js';
import { LoggedRecords, caseFields, firstDifference } from '../../domain/logbook/logged-records.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { openSeal } from '../../domain/logbook/sealed-entry.js';
import type { CheckpointVerifier, NewSha256Stream, PublicKeyReader, Sha256Hex } from '../../ports/crypto.js';
import type { GatewaySession } from '../../ports/repositories.js';
import { sessionFields } from '../logbook/verify-records.js';
import type { Manifest } from './evidence-bundle.js';
import { CheckpointPart, FORM_ISSUED_EVENT, Manifest as ManifestSchema, PART, parseChainLine, transferList } from './evidence-bundle.js';
import type { TarFile } from './ustar.js';
import { readTar } from './ustar.js';

/** What the offline check needs: hashing and reading a public key, no store, no data directory. */
export interface BundleCrypto {
  readonly sha256: Sha256Hex;
  readonly sha256Stream: NewSha256Stream;
  readonly readPublicKey: PublicKeyReader;
}

export interface BundleCounts {
  readonly caseEntries: number;
  readonly sealedEntries: number;
  readonly recordings: number;
  readonly transfers: number;
  readonly sessions: number;
}

export interface BundleReport {
  readonly ok: boolean;
  readonly caseId: string | null;
  /** The checkpoint the chain was checked up to. */
  readonly checkpointSeq: number | null;
  /** The key signatures were checked with: the one the auditor supplied, or only the bundle's own. */
  readonly key: { readonly id: string; readonly supplied: boolean } | null;
  /** What was checked: the case's entries, the sealed ones between them, and the parts checked against them. */
  readonly counts: BundleCounts;
  readonly formLaporan: boolean;
  /** Every finding, the part each is about first; empty when the bundle holds. */
  readonly problems: readonly BundleProblem[];
}

const text = (b: Uint8Array): string => new TextDecoder('utf-8', { fatal: false }).decode(b);
const shown = (v: unknown): string => canonicalJson(v ?? null);

/**
 * Checks an evidence bundle on its own (docs/evidence-bundle.md): the container, the checkpoint's
 * signature, the chain link by link from the case's first entry to the checkpoint, every
 * recording's bytes and the transfer list against the entries, the gateway sessions and the case
 * document against what the entries record of them (`logged-records.ts`, as `jaga logbook
 * verify` does), and the manifest's signature over every part's SHA-256. `suppliedKeyPem`: the
 * installation's public key as the auditor obtained it; without it the signatures only show the
 * bundle is whole, not whose it is.
 */
export function verifyEvidenceBundle(bytes: Uint8Array, crypto: BundleCrypto, suppliedKeyPem?: string): BundleReport {
  const problems: BundleProblem[] = [];
  const report = (part: string, f: BundleFinding) => { problems.push({ part, ...f } as BundleProblem); };
  const counts = { caseEntries: 0, sealedEntries: 0, recordings: 0, transfers: 0, sessions: 0 };
  const done = (extra: Partial<BundleReport> = {}): BundleReport =>
    ({ ok: problems.length === 0, caseId: null, checkpointSeq: null, key: null, formLaporan: false, counts, ...extra, problems });

  const tar = readTar(bytes);
  if ('problem' in tar) {
    report('(container)', { code: 'container_invalid', params: tar.problem });
    return done();
  }
  const files = new Map<string, TarFile>(tar.files.map((f) => [f.name, f]));
  const manifestFile = files.get(PART.manifest);
  const manifest = manifestFile && parseJson(manifestFile.bytes, (v) => ManifestSchema.safeParse(v));
  if (!manifest) {
    report(PART.manifest, manifestFile ? { code: 'part_unreadable', params: { part: PART.manifest, reason: 'manifest' } } : { code: 'part_missing', params: { part: PART.manifest } });
    return done();
  }
  const caseId = manifest.caseId;
  // The parts, in the order the manifest lists them, and nothing else.
  const listed = [PART.manifest, PART.signature, ...manifest.parts.map((p) => p.name)];
  for (const name of listed) if (!files.has(name)) report(name, { code: 'part_missing', params: { part: name } });
  for (const f of tar.files) if (!listed.includes(f.name)) report(f.name, { code: 'part_unlisted', params: { part: f.name } });
  if (problems.length === 0 && tar.files.some((f, i) => f.name !== listed[i])) report(PART.manifest, { code: 'part_unreadable', params: { part: PART.manifest, reason: 'order' } });
  const part = (name: string): Uint8Array | undefined => files.get(name)?.bytes;

  // The key: the auditor's, when given (it must be the one the bundle names), else only the bundle's own.
  const bundledPem = part(PART.publicKey);
  const bundled = bundledPem && crypto.readPublicKey(text(bundledPem));
  if (bundledPem && !bundled) report(PART.publicKey, { code: 'key_unreadable', params: { part: PART.publicKey } });
  let key: CheckpointVerifier | undefined = bundled;
  if (suppliedKeyPem !== undefined) {
    const supplied = crypto.readPublicKey(suppliedKeyPem);
    if (!supplied) report('--key', { code: 'key_unreadable', params: { part: '--key' } });
    else if (bundled && bundled.keyId !== supplied.keyId) report(PART.publicKey, { code: 'key_differs', params: { bundled: bundled.keyId, supplied: supplied.keyId } });
    key = supplied;
  }

  const checkpoint = parseJsonPart(part(PART.checkpoint), PART.checkpoint, (v) => CheckpointPart.safeParse(v), report);
  if (checkpoint && key) {
    if (checkpoint.keyId !== key.keyId) report(PART.checkpoint, { code: 'checkpoint_other_key', params: { seq: checkpoint.seq, keyId: checkpoint.keyId } });
    else if (!key.verify(checkpointPayload(checkpoint), checkpoint.signature)) report(PART.checkpoint, { code: 'checkpoint_signature_invalid', params: { seq: checkpoint.seq } });
  }

  const own = checkChain(part(PART.logbook), caseId, checkpoint, crypto, counts, report);
  const logged = new LoggedRecords();
  for (const e of own ?? []) logged.push(e);
  if (own) {
    checkRecordings(manifest, part, logged, crypto, counts, report);
    const transfers = parseJsonPart(part(PART.transfers), PART.transfers, (v) => ({ success: Array.isArray(v), data: v as unknown[] }), report);
    if (transfers) {
      const want = transferList(own);
      counts.transfers = want.length;
      const i = Array.from({ length: Math.max(want.length, transfers.length) }, (_, k) => k).find((k) => shown(want[k]) !== shown(transfers[k]));
      if (i !== undefined) report(PART.transfers, { code: 'transfers_differ', params: { index: i + 1, seq: (want[i] as { seq?: number } | undefined)?.seq ?? null } });
    }
    checkRecords(part, caseId, logged, counts, report);
    if (manifest.formLaporan !== null) {
      const pdf = part(PART.formLaporan);
      const sha = pdf ? sha256Of(crypto, pdf) : '';
      if (pdf && !own.some((e) => e.type === FORM_ISSUED_EVENT && (JSON.parse(e.data) as { sha256?: unknown }).sha256 === sha)) {
        report(PART.formLaporan, { code: 'form_unlogged', params: { sha256: sha } });
      }
    }
  }

  // Last, the installation's signature over every part's hash: what the entries cannot vouch for
  // (the case document's fields no entry records, the container's metadata) is covered by it.
  const sig = part(PART.signature);
  if (sig && key && (!manifestFile || !key.verify(text(manifestFile.bytes), text(sig).replace(/\n$/, '')) || !/^[A-Za-z0-9+/=]+\n$/.test(text(sig)))) {
    // Which of the two changed cannot be told apart: the signature covers the manifest's exact bytes.
    report(MANIFEST_OR_SIGNATURE, { code: 'manifest_signature_invalid', params: {} });
  }
  for (const p of manifest.parts) {
    const b = part(p.name);
    if (b && (b.length !== p.bytes || sha256Of(crypto, b) !== p.sha256)) report(p.name, { code: 'part_changed', params: { part: p.name } });
  }
  return done({ caseId, checkpointSeq: checkpoint?.seq ?? null, key: key ? { id: key.keyId, supplied: suppliedKeyPem !== undefined } : null, formLaporan: manifest.formLaporan !== null });
}

/** Where a manifest signature that does not verify points: either part may be the one changed. */
export const MANIFEST_OR_SIGNATURE = `${PART.manifest}, ${PART.signature}`;

type Report = (part: string, f: BundleFinding) => void;
type Counts = { -readonly [K in keyof BundleCounts]: BundleCounts[K] };

/**
 * The chain from the case's first entry (its `case.reported`) to the checkpoint, link by link:
 * each own entry's hash is computed from its payload, each sealed one's from its SHA-256 state,
 * and each must be what the next one's `prev` (or the checkpoint) names. Returns the case's
 * entries, or undefined when the chain does not hold.
 */
function checkChain(bytes: Uint8Array | undefined, caseId: string, cp: Checkpoint | undefined, crypto: BundleCrypto, counts: Counts, report: Report): LogbookEntry[] | undefined {
  if (!bytes) return undefined;
  const part = PART.logbook;
  const raw = text(bytes);
  const lines = raw.endsWith('\n') ? raw.slice(0, -1).split('\n') : [raw];
  const items = [];
  for (const [i, line] of lines.entries()) {
    const l = raw.endsWith('\n') ? parseChainLine(line) : null;
    const item = l && ('own' in l
      ? { seq: l.own.seq, prevHash: l.own.prevHash, hash: crypto.sha256(entryPayload(l.own)), caseId: l.own.caseId, sealed: false, entry: l.own }
      : (() => { const o = openSeal(l.sealed); return o && { ...o, caseId: null, sealed: true, entry: undefined }; })());
    if (!item) { report(part, { code: 'entry_unreadable', params: { line: i + 1 } }); return undefined; }
    items.push(item);
  }
  const own: LogbookEntry[] = [];
  let prev: (typeof items)[number] | undefined;
  for (const [i, item] of items.entries()) {
    if (prev && item.seq !== prev.seq + 1) {
      // An entry further down that should have come here: the order was changed, nothing was taken out.
      const want = prev.seq + 1;
      report(part, item.seq < want || items.slice(i + 1).some((x) => x.seq === want) ? { code: 'entry_out_of_order', params: { seq: item.seq, after: prev.seq } }
        : { code: 'entries_missing', params: { from: want, to: item.seq - 1 } });
      return undefined;
    }
    if (prev && item.prevHash !== prev.hash) {
      report(part, { code: 'entry_altered', params: { seq: prev.seq, caseId: prev.caseId, sealed: prev.sealed, next: item.seq } });
      return undefined;
    }
    if (!prev && !(item.entry && item.entry.caseId === caseId && item.entry.type === 'case.reported')) {
      report(part, { code: 'chain_starts_late', params: { first: item.seq } });
      return undefined;
    }
    if (item.entry && item.caseId === caseId) own.push({ ...item.entry, hash: item.hash });
    if (item.sealed) counts.sealedEntries++;
    prev = item;
  }
  if (!cp || !prev) return undefined;
  if (prev.seq !== cp.seq) {
    report(part, { code: 'chain_short', params: { last: prev.seq, checkpoint: cp.seq } });
    return undefined;
  }
  if (prev.hash !== cp.hash) {
    report(part, { code: 'entry_altered', params: { seq: prev.seq, caseId: prev.caseId, sealed: prev.sealed, next: null } });
    return undefined;
  }
  counts.caseEntries = own.length;
  return own;
}

/** Every recording the entries name is in the bundle with the logged SHA-256 and size, and no other. */
function checkRecordings(manifest: Manifest, part: (n: string) => Uint8Array | undefined, logged: LoggedRecords, crypto: BundleCrypto, counts: Counts, report: Report): void {
  const byFile = new Map(manifest.parts.filter((p) => p.recording !== undefined).map((p) => [p.recording as string, p.name]));
  for (const [file, fields] of logged.recordings) {
    counts.recordings++;
    const name = byFile.get(file);
    const b = name === undefined ? undefined : part(name);
    if (name === undefined || !b) { report(name ?? PART.manifest, { code: 'recording_missing', params: { file } }); continue; }
    const got = { sha256: sha256Of(crypto, b), bytes: b.length };
    for (const f of ['sha256', 'bytes'] as const) {
      const want = fields.get(f)?.value;
      if (want !== undefined && want !== got[f]) { report(name, { code: 'recording_differs', params: { file, field: f, logbook: shown(want), bundle: shown(got[f]) } }); break; }
    }
  }
  for (const [file, name] of byFile) if (!logged.recordings.has(file)) report(name, { code: 'recording_unlogged', params: { file } });
}

/** The gateway sessions and the case document against what the entries record of them. */
function checkRecords(part: (n: string) => Uint8Array | undefined, caseId: string, logged: LoggedRecords, counts: Counts, report: Report): void {
  const sessions = parseJsonPart(part(PART.sessions), PART.sessions, (v) => ({ success: Array.isArray(v), data: v as GatewaySession[] }), report);
  for (const s of sessions ?? []) {
    counts.sessions++;
    const d = attempt(() => firstDifference(logged.sessions.get(s.id), sessionFields(s)));
    if (d === undefined) { report(PART.sessions, { code: 'part_unreadable', params: { part: PART.sessions, reason: 'session' } }); break; }
    if (d) { report(PART.sessions, { code: 'record_differs', params: { entity: 'session', id: String(s.id), field: d.field, logbook: d.logbook, bundle: d.stored, seq: d.seq } }); break; }
  }
  if (sessions) {
    const have = new Set(sessions.map((s) => s.id));
    const lost = [...logged.sessions.keys()].find((id) => !have.has(id));
    if (lost !== undefined) report(PART.sessions, { code: 'record_differs', params: { entity: 'session', id: lost, field: 'id', logbook: shown(lost), bundle: null, seq: 0 } });
  }
  const c = parseJsonPart(part(PART.case), PART.case, (v) => ({ success: typeof v === 'object' && v !== null && !Array.isArray(v), data: v as RepairCase }), report);
  if (!c) return;
  if (c.id !== caseId) {
    report(PART.case, { code: 'record_differs', params: { entity: 'case', id: caseId, field: 'id', logbook: shown(caseId), bundle: shown(c.id), seq: 0 } });
    return;
  }
  const d = attempt(() => firstDifference(logged.cases.get(caseId), caseFields(c)));
  if (d === undefined) report(PART.case, { code: 'part_unreadable', params: { part: PART.case, reason: 'case' } });
  else if (d) report(PART.case, { code: 'record_differs', params: { entity: 'case', id: caseId, field: d.field, logbook: d.logbook, bundle: d.stored, seq: d.seq } });
}

/** The value, or undefined when the bundle's JSON is not the shape the check reads (a thrown TypeError). */
function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

type Parse<T> = (v: unknown) => { success: boolean; data?: T };

function parseJson<T>(bytes: Uint8Array, parse: Parse<T>): T | undefined {
  const s = text(bytes);
  let raw: unknown;
  try {
    raw = JSON.parse(s);
  } catch {
    return undefined;
  }
  // Exactly as the exporter writes it (canonical JSON and a newline): another spelling is a change.
  if (`${canonicalJson(raw)}\n` !== s) return undefined;
  const r = parse(raw);
  return r.success ? r.data : undefined;
}

function parseJsonPart<T>(bytes: Uint8Array | undefined, name: string, parse: Parse<T>, report: Report): T | undefined {
  if (!bytes) return undefined;
  const v = parseJson(bytes, parse);
  if (v === undefined) report(name, { code: 'part_unreadable', params: { part: name, reason: 'json' } });
  return v;
}

function sha256Of(crypto: BundleCrypto, b: Uint8Array): string {
  const h = crypto.sha256Stream();
  h.update(b);
  return h.hex();
}
