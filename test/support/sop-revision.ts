import type { SopDefinition, SopStep, StepCode } from '../../src/domain/sop/sop-definition.js';
import { SOP_01_2019 } from '../../src/domain/sop/sop-01.js';

/**
 * A later revision of SOP-01 for the document tests: seven steps over four executor columns
 * (admin_lpse, dit_eproc, pihak_berwenang, koordinator, in the order they first appear), B3 done
 * by two adjacent executors, B5 by two that are apart (koordinator and admin_lpse), and elbows
 * wherever the next step is in another column. Its codes run past B6, which the case workflow
 * never sees: only the document renders it.
 */
const step = (n: number, roles: string[], activity: string, extra: Partial<SopStep> = {}): SopStep => ({
  code: `B${n}` as StepCode,
  activity: { id: `Langkah ${n} revisi: ${activity}`, en: `Revision step ${n}: ${activity}` },
  executorRoles: roles,
  requirement: n === 1 ? { id: 'Laporan gangguan tertulis', en: 'Written fault report' } : null,
  timeStandardMinutes: n % 2 === 1 ? 30 * n : null,
  output: { id: `Keluaran ${n}`, en: `Output ${n}` },
  note: n === 4 ? { id: 'Catatan pihak berwenang', en: 'Authorised party note' } : null,
  marker: n === 1 ? 'start' : n === 7 ? 'end' : null,
  networkRestriction: n === 5 ? 'intranet' : null,
  ...extra,
});

export const SEVEN_STEP_SOP: SopDefinition = {
  ...SOP_01_2019,
  version: '2027.1',
  identity: {
    ...SOP_01_2019.identity,
    number: '800 /SET-BP/SOP-01/LPSE/031/2027',
    revisedOn: '2027-03-01',
    revisionNumber: '01',
    effectiveOn: '2027-04-01',
  },
  relatedSops: [{ id: 'SOP-02 Prosedur Pencadangan Data', en: 'SOP-02 Data Backup Procedure' }],
  records: [{ id: 'Logbook perbaikan remote', en: 'Remote repair logbook' }],
  steps: [
    step(1, ['admin_lpse'], 'administrator menerima laporan gangguan'),
    step(2, ['dit_eproc'], 'Dit E-Proc menyiapkan workstation'),
    step(3, ['admin_lpse', 'dit_eproc'], 'administrator bersama Dit E-Proc mengakses sistem'),
    step(4, ['pihak_berwenang'], 'pihak berwenang melakukan perbaikan awal'),
    step(5, ['koordinator', 'admin_lpse'], 'koordinator dan administrator menelusuri akar penyebab'),
    step(6, ['dit_eproc'], 'Dit E-Proc memperbaiki akar penyebab'),
    step(7, ['koordinator'], 'koordinator menyelesaikan perbaikan dalam Logbook'),
  ],
};

/** The columns SEVEN_STEP_SOP's flowchart has, in order. */
export const SEVEN_STEP_COLUMNS = ['admin_lpse', 'dit_eproc', 'pihak_berwenang', 'koordinator'];
