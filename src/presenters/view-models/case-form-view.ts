import type { CaseFormData, FormTransfer } from '../../app/report/case-form-data.js';
import type { SopIdentity } from '../../domain/sop/sop-definition.js';
import type { LocalTime } from '../format-time.js';
import { localTime } from '../format-time.js';
import { networkWarning } from '../registry-list.js';
import type { CaseViewModel, NetworkRef, PersonRef } from './case-view.js';
import { personResolver, presentCase } from './case-view.js';

/**
 * The Form Laporan Pelaksanaan Perbaikan Secara Remote of one case: the case view plus what only
 * the form shows (gateway sessions with their recordings' hashes, file transfers, the logbook
 * entries of the closing and the approval, the signatories' NIP). Codes and values only, like
 * the case view; the PDF renderer words it.
 */
export interface CaseFormViewModel {
  readonly case: CaseViewModel;
  /** The SOP version's identity block (nomor SOP, title, issuing unit, signature offices). */
  readonly sop: SopIdentity & { readonly code: string; readonly version: string };
  readonly sessions: readonly FormSessionView[];
  readonly transfers: readonly FormTransferView[];
  readonly closingEntry: FormEntryView | null;
  readonly approvalEntry: FormEntryView | null;
  /** Dibuat oleh: who closed the record (B6). */
  readonly preparedBy: SignatoryView | null;
  /** Menyetujui: the koordinator who approved it, once approved. */
  readonly approvedBy: SignatoryView | null;
  /** The instant the PDF's metadata carries: the approval, else the (latest) closing. */
  readonly documentDate: LocalTime | null;
}

export interface FormSessionView {
  readonly id: string;
  readonly user: PersonRef;
  readonly startedAt: LocalTime;
  readonly endedAt: LocalTime | null;
  readonly sourceIp: string;
  readonly network: NetworkRef;
  readonly workstation: string;
  readonly recordings: readonly { readonly channel: number; readonly sha256: string; readonly bytes: number }[];
}

/** A file transfer with its time in the unit's zone. */
export interface FormTransferView extends Omit<FormTransfer, 'at'> { readonly at: LocalTime }

export interface FormEntryView { readonly seq: number; readonly at: LocalTime; readonly hash: string }
export interface SignatoryView { readonly person: PersonRef; readonly nip: string | null; readonly at: LocalTime }

/** The form's view model from what `issueCaseForm` loaded. Pure. */
export function presentCaseForm(d: CaseFormData): CaseFormViewModel {
  const view = presentCase(d);
  const zone = view.unit.timeZone;
  const time = (iso: string): LocalTime => localTime(iso, zone) as LocalTime;
  const person = personResolver(d.records.users);
  const networks = new Map(d.records.networks.map((n) => [n.id, n]));
  const workstations = new Map(d.workstations.map((w) => [w.id, w.assetTag]));
  const nips = new Map(d.signatories.map((s) => [s.id, s.nip]));
  const signatory = (by: string, at: string): SignatoryView => ({ person: person(by), nip: nips.get(by) ?? null, at: time(at) });
  const c = d.case;
  return {
    case: view,
    sop: { ...d.sop.identity, code: d.sop.code, version: d.sop.version },
    sessions: d.sessions.map((s) => {
      const n = networks.get(s.networkId);
      return {
        id: s.id, user: person(s.userId), startedAt: time(s.startedAt), endedAt: s.endedAt === null ? null : time(s.endedAt), sourceIp: s.sourceIp,
        network: { id: s.networkId, name: n?.name ?? null, intranet: n?.intranet ?? null, warning: n ? networkWarning(n) : null },
        workstation: workstations.get(s.workstationId) ?? s.workstationId, recordings: s.recordings,
      };
    }),
    transfers: d.transfers.map((x) => ({ ...x, at: time(x.at) })),
    closingEntry: d.closingEntry && { ...d.closingEntry, at: time(d.closingEntry.at) },
    approvalEntry: d.approvalEntry && { ...d.approvalEntry, at: time(d.approvalEntry.at) },
    preparedBy: c.closure ? signatory(c.closure.by, c.closure.at) : null,
    approvedBy: c.approval ? signatory(c.approval.by, c.approval.at) : null,
    documentDate: c.approval ? time(c.approval.at) : c.closure ? time(c.closure.at) : null,
  };
}
