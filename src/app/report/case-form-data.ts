import type { Workstation } from '../../domain/registry/workstation.js';
import type { User } from '../../domain/registry/user.js';
import type { LogbookEntry } from '../../domain/logbook/logbook-entry.js';
import type { Repositories } from '../../ports/repositories.js';
import type { CaseViewData } from '../case/get-case-view.js';
import { findEach } from '../case/get-case-view.js';

/** One gateway session of the case as the form lists it: where it came from and the hash of each recording. */
export interface FormSession {
  readonly id: string;
  readonly userId: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly sourceIp: string;
  readonly networkId: string;
  readonly workstationId: string;
  readonly recordings: readonly { readonly channel: number; readonly sha256: string; readonly bytes: number }[];
}

/** One file the gateway saw cross (upload: to the target; download: from it), from its logbook entry. */
export interface FormTransfer {
  readonly at: string;
  readonly sessionId: string;
  readonly protocol: string;
  readonly op: 'upload' | 'download';
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string | null;
  readonly status: string;
}

/** A logbook entry the form cites (the closing, the approval): where it is in the chain and its hash. */
export interface FormLogbookRef { readonly seq: number; readonly at: string; readonly hash: string }

/** Who signs the form, with the NIP the signature block prints (the case view shows no NIP). */
export type SignatoryRecord = Pick<User, 'id' | 'nip'>;

/**
 * What the Form Laporan shows beyond the case view: the gateway sessions with their recordings'
 * hashes, the file transfers, the logbook entries of the closing and the approval, and the
 * signatories' NIP. Read in the caller's transaction.
 */
export interface CaseFormData extends CaseViewData {
  readonly sessions: readonly FormSession[];
  readonly transfers: readonly FormTransfer[];
  /** The workstations the sessions came from (the case view knows only B2's). */
  readonly workstations: readonly Pick<Workstation, 'id' | 'assetTag'>[];
  /** The entry of the (latest) closing, and of the approval once approved. */
  readonly closingEntry: FormLogbookRef | null;
  readonly approvalEntry: FormLogbookRef | null;
  /** Executor (who closed) and approver, with their NIP. */
  readonly signatories: readonly SignatoryRecord[];
}

const TRANSFER_OPS: readonly string[] = ['upload', 'download'];

function transferOf(e: LogbookEntry): FormTransfer | null {
  const d = JSON.parse(e.data) as Record<string, unknown>;
  if (typeof d['op'] !== 'string' || !TRANSFER_OPS.includes(d['op'])) return null;
  return {
    at: e.at, sessionId: String(d['sessionId'] ?? ''), protocol: String(d['protocol'] ?? ''), op: d['op'] as FormTransfer['op'],
    path: String(d['path'] ?? ''), bytes: typeof d['bytes'] === 'number' ? d['bytes'] : 0,
    sha256: typeof d['sha256'] === 'string' ? d['sha256'] : null, status: String(d['status'] ?? ''),
  };
}

const ref = (e: LogbookEntry | undefined): FormLogbookRef | null => (e ? { seq: e.seq, at: e.at, hash: e.hash } : null);

/** The form's data for a case already loaded as a view (`view`), in the same transaction. */
export async function caseFormData(tx: Repositories, view: CaseViewData): Promise<CaseFormData> {
  const c = view.case;
  const [sessions, entries] = await Promise.all([
    tx.gatewaySessions.listForCase(c.id),
    tx.logbook.listForCase(c.id, ['gateway.file_transfer', 'case.closed', 'case.approved']),
  ]);
  sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
  const [workstations, signatories] = await Promise.all([
    findEach(sessions.map((s) => s.workstationId), (id) => tx.workstations.findById(id)),
    findEach([c.closure?.by, c.approval?.by], (id) => tx.users.findById(id)),
  ]);
  const closings = entries.filter((e) => e.type === 'case.closed');
  return {
    ...view,
    sessions: sessions.map((s) => ({
      id: s.id, userId: s.userId, startedAt: s.startedAt, endedAt: s.endedAt, sourceIp: s.sourceIp, networkId: s.networkId, workstationId: s.workstationId,
      recordings: [...s.recordings].sort((a, b) => a.channel - b.channel).map((r) => ({ channel: r.channel, sha256: r.sha256, bytes: r.bytes })),
    })),
    transfers: entries.filter((e) => e.type === 'gateway.file_transfer').map(transferOf).filter((x): x is FormTransfer => x !== null),
    workstations: workstations.map((w) => ({ id: w.id, assetTag: w.assetTag })),
    closingEntry: c.closure ? ref(closings[closings.length - 1]) : null,
    approvalEntry: c.approval ? ref(entries.filter((e) => e.type === 'case.approved').pop()) : null,
    signatories: signatories.map((u) => ({ id: u.id, nip: u.nip })),
  };
}
