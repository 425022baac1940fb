import { DomainError } from '../../domain/errors.js';
import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import type { LogbookEntry } from '../../domain/logbook/logbook-entry.js';
import { LoggedRecords } from '../../domain/logbook/logged-records.js';
import { sealEntry } from '../../domain/logbook/sealed-entry.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { GatewaySession } from '../../ports/repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { loadCase } from '../case/case-access.js';
import { signCheckpoint } from '../logbook/logbook-writer.js';
import type { Lang } from '../../messages/catalogue.js';
import { DEFAULT_LANG } from '../../messages/catalogue.js';
import type { CaseFormRenderer } from '../report/issue-case-form.js';
import { issueCaseForm } from '../report/issue-case-form.js';
import { runUseCase } from '../use-case.js';
import type { ChainLine, Manifest, ManifestPart } from './evidence-bundle.js';
import { BUNDLE_EXPORTED_EVENT, BUNDLE_TYPE, BUNDLE_VERSION, PART, chainLineText, jsonPart, recordingPart, transferList } from './evidence-bundle.js';
import type { TarFile } from './ustar.js';
import { writeTar } from './ustar.js';

export interface EvidenceBundle {
  readonly caseId: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly checkpoint: Checkpoint;
}

export interface ExportOptions {
  /**
   * The case's Form Laporan PDF, for the bundle's `form-laporan.pdf` slot (its SHA-256 logged when
   * it was issued). Absent: a closed or approved case's form is issued now (logged like any issue,
   * before the checkpoint, so the bundle's chain holds its entry); an open case has none yet.
   */
  readonly formLaporan?: Uint8Array;
  /** The language of the form issued for the bundle (default Indonesian). */
  readonly lang?: Lang;
}

interface Snapshot { readonly c: RepairCase; readonly sessions: GatewaySession[]; readonly lines: ChainLine[]; readonly own: LogbookEntry[]; readonly checkpoint: Checkpoint }

const utf8 = new TextEncoder();

/**
 * The case, its logbook entries and the chain from its first entry up to a checkpoint signed
 * now, that checkpoint and the public key, its gateway sessions, their recordings and file
 * transfers, and the Form Laporan of a closed or approved case (issued first, see ExportOptions), as one file an auditor verifies elsewhere with `jaga verify-bundle`
 * (docs/evidence-bundle.md). Other cases' entries in between are sealed: only their hash state,
 * link, type and unit, never their content. For auditors, the superadmin and the unit's
 * koordinator (`case.policy` `export_bundle`); the export is logged with the bundle's SHA-256.
 */
export async function exportEvidenceBundle(deps: AppDeps & { readonly renderCaseForm: CaseFormRenderer }, inv: Invocation, caseId: string,
  opts: ExportOptions = {}): Promise<EvidenceBundle> {
  const { by, status } = await runUseCase(deps, inv, 'case.export_bundle', async (ctx) => {
    const { c } = await loadCase(ctx, caseId, 'export_bundle');
    return { by: ctx.actor?.user.id ?? '', id: c.id, status: c.status };
  }, { readOnly: true, caseId });
  const form = opts.formLaporan
    ?? (status === 'closed' || status === 'approved' ? (await issueCaseForm(deps, inv, caseId, { lang: opts.lang ?? DEFAULT_LANG })).bytes : undefined);
  opts = { ...opts, ...(form ? { formLaporan: form } : {}) };
  const snap = await snapshot(deps, caseId);
  const logged = new LoggedRecords();
  for (const e of snap.own) logged.push(e);
  const parts: (TarFile & { recording?: string })[] = [
    { name: PART.publicKey, bytes: utf8.encode(deps.signer.publicKeyPem) },
    { name: PART.checkpoint, bytes: jsonPart(snap.checkpoint) },
    { name: PART.case, bytes: jsonPart(snap.c) },
    { name: PART.sessions, bytes: jsonPart(snap.sessions) },
    { name: PART.logbook, bytes: utf8.encode(snap.lines.map((l) => `${chainLineText(l)}\n`).join('')) },
    { name: PART.transfers, bytes: jsonPart(transferList(snap.own)) },
  ];
  // Every recording the case's entries name, read through the RecordingStore (finished ones never change).
  let n = 0;
  for (const file of logged.recordings.keys()) parts.push({ name: recordingPart(++n), bytes: await readAll(deps, file), recording: file });
  if (opts.formLaporan) parts.push({ name: PART.formLaporan, bytes: opts.formLaporan });
  const manifest: Manifest = {
    type: BUNDLE_TYPE, v: BUNDLE_VERSION, caseId: snap.c.id, exportedAt: deps.clock.now().toISOString(), exportedBy: by, keyId: deps.signer.keyId,
    checkpoint: { seq: snap.checkpoint.seq, hash: snap.checkpoint.hash }, formLaporan: opts.formLaporan ? PART.formLaporan : null,
    parts: parts.map((p): ManifestPart => ({ name: p.name, bytes: p.bytes.length, sha256: sha256Of(deps, p.bytes), ...(p.recording ? { recording: p.recording } : {}) })),
  };
  const manifestBytes = jsonPart(manifest);
  const signature = utf8.encode(`${deps.signer.sign(new TextDecoder().decode(manifestBytes))}\n`);
  const bytes = writeTar([{ name: PART.manifest, bytes: manifestBytes }, { name: PART.signature, bytes: signature }, ...parts.map((p) => ({ name: p.name, bytes: p.bytes }))]);
  const sha256 = sha256Of(deps, bytes);
  await runUseCase(deps, inv, 'case.export_bundle', async (ctx) => {
    ctx.log({ type: BUNDLE_EXPORTED_EVENT, unitId: snap.c.unitId, caseId: snap.c.id,
      data: { sha256, bytes: bytes.length, checkpointSeq: snap.checkpoint.seq, recordings: n, formLaporan: opts.formLaporan !== undefined } });
  }, { caseId });
  return { caseId: snap.c.id, bytes, sha256, checkpoint: snap.checkpoint };
}

/**
 * One consistent moment: the head is locked (no entry can be appended meanwhile), signed if it
 * has no checkpoint yet, and the case, its sessions and the chain up to it are read in the same
 * transaction, so the document is exactly what the entries up to the checkpoint say.
 */
function snapshot(deps: AppDeps, caseId: string): Promise<Snapshot> {
  return deps.store.transaction(async (tx) => {
    const head = await tx.logbook.lockHead();
    const c = await tx.cases.findById(caseId);
    const first = (await tx.logbook.listForCase(caseId, ['case.reported']))[0];
    if (!c || !first) throw DomainError.of('not_found', 'case.not_found', { key: caseId });
    let checkpoint = (await tx.logbook.checkpoints()).find((x) => x.seq === head.seq);
    if (!checkpoint) {
      checkpoint = signCheckpoint(deps.signer, head, deps.clock.now().toISOString());
      await tx.logbook.insertCheckpoint(checkpoint);
    }
    const lines: ChainLine[] = [];
    const own: LogbookEntry[] = [];
    outer: for await (const page of tx.logbook.scan({ fromSeq: first.seq })) {
      for (const e of page) {
        if (e.seq > head.seq) break outer;
        if (e.caseId === caseId) {
          own.push(e);
          lines.push({ own: e });
        } else lines.push({ sealed: sealEntry(e) });
      }
    }
    return { c, sessions: await tx.gatewaySessions.listForCase(caseId), lines, own, checkpoint };
  });
}

async function readAll(deps: AppDeps, file: string): Promise<Uint8Array> {
  const d = await deps.recordings.open(file);
  const chunks: Uint8Array[] = [];
  for await (const chunk of d.body) chunks.push(chunk);
  const out = new Uint8Array(chunks.reduce((a, b) => a + b.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

function sha256Of(deps: AppDeps, bytes: Uint8Array): string {
  const h = deps.sha256Stream();
  h.update(bytes);
  return h.hex();
}
