import type { CaseView } from '../app/case/get-case.js';
import type { CaseSummary } from '../domain/case/repair-case.js';
import { formatDateTime } from './format-time.js';

/** One line per case for listings. */
export function caseLine(c: CaseSummary): string {
  return `${c.id}  ${c.status.padEnd(12)} ${(c.step ?? '—').padEnd(3)} ${c.urgency.padEnd(8)} ${c.system}`;
}

/** The case as an operator reads it in a terminal: status, the SOP step table, A1 checks, A2. */
export function caseText(v: CaseView, timeZone: string): string {
  const c = v.case;
  const t = (iso: string | null) => formatDateTime(iso, timeZone);
  const lines = [
    `Kasus / case ${c.id}`,
    `  status: ${c.status}${v.step ? ` (langkah/step ${v.step})` : ''}   SOP: ${c.sopCode} ${c.sopVersion}`,
    `  sistem/system: ${c.report.system}   urgensi/urgency: ${c.report.urgency}   dilaporkan/reported: ${t(c.report.reportedAt)}`,
    `  uraian/description: ${c.report.description}`,
    '',
    '  langkah  mutu baku   mulai/started                     selesai/completed                 lewat/over',
    ...v.timeline.map((r) => `  ${r.step}${r.inProgress ? '*' : ' '}     ${(r.standardMinutes === null ? '—' : `${r.standardMinutes} mnt`).padEnd(10)}  ` +
      `${t(r.startedAt).padEnd(32)}  ${t(r.completedAt).padEnd(32)}  ${r.overMinutes ? `${r.overMinutes} mnt${r.explained ? ' (dijelaskan/explained)' : ' (BELUM DIJELASKAN/UNEXPLAINED)'}` : ''}`),
  ];
  if (c.preparation) {
    lines.push('', `  A1 (${c.preparation.ready ? 'lulus/passed' : 'GAGAL/FAILED'}):`);
    for (const ch of c.preparation.checks) lines.push(`    A1${ch.code} ${ch.passed ? 'ok  ' : 'GAGAL'} ${ch.reason.id}`);
  }
  lines.push('', '  A2:',
    `    a. lokasi/location: ${v.a2.location ?? '—'}`,
    `    b. jaringan/network: ${v.a2.network ?? '—'}`,
    `    c. tanggal/date: ${v.a2.accessStart ? t(v.a2.accessStart).split(' pukul')[0] : '—'}; mulai/start: ${t(v.a2.accessStart)}; selesai/end: ${t(v.a2.accessEnd)}`,
    `    d. analisa/analysis: ${v.a2.analysis ?? '—'}`,
    `       perbaikan/repair: ${(v.a2.repair ?? "—").replace(/\n/g, "\n                        ")}`);
  return lines.join('\n');
}
