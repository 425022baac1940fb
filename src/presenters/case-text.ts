import type { Lang } from '../messages/catalogue.js';
import { t } from '../messages/catalogue.js';
import type { A2Field } from '../domain/case/a2-documentation.js';
import type { CorrectableField } from '../domain/case/repair-case.js';
import { wordDate, wordDateTime } from './format-time.js';
import type { LocalTime } from './format-time.js';
import { terminalSafe, terminalSafeLines } from './terminal-safe.js';
import type { CaseListViewModel, CaseRowView } from './view-models/case-list-view.js';
import type { A2NetworkView, CaseViewModel, NetworkRef, PersonRef } from './view-models/case-view.js';

// Everything below that came from the store (what people wrote, names, even ids) goes through
// terminalSafe: a pelapor's description must not be able to rewrite the operator's screen.
const safe = terminalSafe;

/** `Andi Saputra (andi)`, or the id when the user record is gone. */
export const personText = (p: PersonRef): string =>
  p.username === null ? safe(p.id) : p.name && p.name !== p.username ? `${safe(p.name)} (${safe(p.username)})` : safe(p.username);
/** A network's name, with the warning of a public office network in `lang`. */
const networkText = (n: NetworkRef, lang: Lang): string => safe(n.name ?? n.id) +
  (n.warning ? ` [${safe(t(lang, 'network.public_office_warning', { cidrs: n.warning.cidrs.join(','), confirmed: n.warning.confirmed }))}]` : '');
/** A2b: every network the case used, the one stated at B2 marked, each with its number of accesses. */
const a2NetworksText = (networks: readonly A2NetworkView[], lang: Lang): string => networks.map((n) => {
  const notes = [...(n.statedAtB2 ? [t(lang, 'case.a2.stated_at_b2')] : []), ...(n.accesses > 0 ? [t(lang, 'case.a2.access_count', { count: n.accesses })] : [])];
  return `${networkText(n, lang)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}).join(', ');
const CORRECTABLE_KEYS = {
  initialFix: 'case.label.initial_fix', rootCause: 'case.label.root_cause', permanentFix: 'case.label.permanent_fix',
} as const satisfies Record<CorrectableField, string>;
const A2_KEYS = {
  location: 'case.a2.location', network: 'case.a2.network', date: 'case.a2.date', accessStart: 'case.a2.access_start',
  accessEnd: 'case.a2.access_end', analysis: 'case.a2.analysis', repair: 'case.a2.repair',
} as const satisfies Record<A2Field, string>;

/** The case as an operator reads it in a terminal, in one language: status, records of B1–B6, the SOP step timeline, A1 and A2. */
export function caseText(v: CaseViewModel, lang: Lang): string {
  const when = (x: LocalTime | null): string => wordDateTime(x, lang);
  const byAt = (by: PersonRef, at: LocalTime): string => `${t(lang, 'case.label.by', { who: personText(by) })}, ${when(at)}`;
  const field = (label: string, value: string): string => `    ${label}: ${value}`;
  const text = (s: string, indent = 6): string => terminalSafeLines(s, ' '.repeat(indent));
  const lines: string[] = [
    t(lang, 'case.heading', { id: safe(v.id) }),
    `  ${t(lang, 'case.label.status')}: ${t(lang, `case.status.${v.status}`)}` +
      `${v.step ? ` (${t(lang, 'case.label.step_in_progress')}: ${v.step})` : ''}` +
      `${v.status === 'root_caused' && v.returns.length > 0 ? ` — ${t(lang, 'case.label.awaiting_correction')}` : ''}` +
      `   ${t(lang, 'case.label.sop')}: ${safe(v.sop.code)} ${safe(v.sop.version)}`,
    `  ${t(lang, 'case.label.unit')}: ${safe(v.unit.name ?? v.unit.id)}${v.unit.code ? ` (${safe(v.unit.code)})` : ''}; ` +
      `${t(lang, 'case.label.time_zone')} ${v.unit.zone} (${safe(v.unit.timeZone)})`,
  ];
  if (v.target) {
    const where = v.target.host ? ` (${safe(v.target.loginAccount ?? '?')}@${safe(v.target.host)})` : '';
    lines.push(`  ${t(lang, 'case.label.target')}: ${safe(v.target.name ?? v.target.id)}${where}`);
  }
  lines.push(
    `  ${t(lang, 'case.label.system')}: ${safe(v.report.system)}   ${t(lang, 'case.label.urgency')}: ${t(lang, `case.urgency.${v.report.urgency}`)}` +
      `   ${t(lang, 'case.label.channel')}: ${t(lang, `case.channel.${v.report.channel}`)}`,
    `  ${t(lang, 'case.label.reported')}: ${when(v.report.at)}, ${t(lang, 'case.label.by', { who: personText(v.report.reporter) })}`,
    `  ${t(lang, 'case.label.description')}: ${text(v.report.description, 4)}`,
  );

  const ack = v.acknowledgement;
  if (ack) {
    lines.push('', `  ${t(lang, 'case.section.b1')} (${byAt(ack.by, ack.at)})`,
      field(t(lang, 'case.label.classification'), safe(ack.classification)),
      field(t(lang, 'case.label.impact'), text(ack.impact)),
      field(t(lang, 'case.label.executor'), personText(ack.executor)));
  }
  const prep = v.preparation;
  if (prep) {
    lines.push('', `  ${t(lang, 'case.section.b2')} (${byAt(prep.by, prep.at)})`,
      field(t(lang, 'case.label.workstation'), safe(prep.workstation.assetTag ?? prep.workstation.id)),
      field(t(lang, 'case.label.location'), safe(prep.location)),
      field(t(lang, 'case.label.network'), `${networkText(prep.network, lang)}${prep.sourceIp ? `; ${t(lang, 'case.label.source_ip')} ${safe(prep.sourceIp)}` : ''}`),
      `    ${t(lang, 'case.a1.heading')}: ${t(lang, prep.ready ? 'case.a1.passed' : 'case.a1.failed')}`,
      ...prep.checks.map((ch) => `      A1${ch.code} ${t(lang, ch.passed ? 'case.a1.ok' : 'case.a1.failed').padEnd(6)} ${safe(ch.reason[lang])}` +
        `${ch.mandatory ? '' : ` [${t(lang, 'case.a1.optional')}]`}`));
  }
  if (v.accesses.length > 0 || v.step === 'B3') {
    lines.push('', `  ${t(lang, 'case.section.b3')}`);
    if (v.accesses.length === 0) lines.push(`    ${t(lang, 'case.access.none')}`);
    for (const a of v.accesses) {
      const end = a.endedAt ? when(a.endedAt) : t(lang, 'case.access.open');
      lines.push(`    ${when(a.startedAt)} – ${end}; ${t(lang, `case.access.via.${a.via}`)}` +
        `${a.network ? `; ${t(lang, 'case.label.network')} ${networkText(a.network, lang)}` : ''}${a.sourceIp ? `; ${t(lang, 'case.label.source_ip')} ${safe(a.sourceIp)}` : ''}` +
        `; ${t(lang, 'case.label.by', { who: personText(a.recordedBy) })}`);
    }
  }
  if (v.maskedInput.length > 0) {
    lines.push('', `  ${t(lang, 'case.masked.heading')}`);
    for (const m of v.maskedInput) {
      lines.push(`    ${m.flagged ? '⚑ ' : ''}${t(lang, 'case.masked.session', { session: safe(m.sessionId), lines: m.lines })}` +
        `${m.flagged ? ` — ${t(lang, 'case.masked.flagged', { threshold: m.threshold === null ? '?' : String(m.threshold) })}` : ''}`);
    }
  }
  if (v.restoration) {
    lines.push('', `  ${t(lang, 'case.section.b4')} (${byAt(v.restoration.by, v.restoration.at)})`,
      field(t(lang, 'case.label.initial_fix'), text(v.restoration.initialFix)));
  }
  if (v.rootCause) {
    lines.push('', `  ${t(lang, 'case.section.b5')} (${byAt(v.rootCause.by, v.rootCause.at)})`,
      field(t(lang, 'case.label.root_cause'), text(v.rootCause.rootCause)),
      field(t(lang, 'case.label.permanent_fix'), text(v.rootCause.permanentFix)));
  }
  for (const [i, r] of v.returns.entries()) {
    lines.push('', `  ${t(lang, 'case.section.return', { n: i + 1 })} (${byAt(r.by, r.at)})`,
      field(t(lang, 'case.label.reason'), text(r.reason)),
      field(t(lang, 'case.label.returned_closure'), byAt(r.closure.by, r.closure.at)));
    if (r.closure.notes) lines.push(field(t(lang, 'case.label.notes'), text(r.closure.notes)));
    // The corrections that answered this return: made after it, before the next one.
    const until = v.returns[i + 1]?.at.utc;
    for (const x of v.corrections.filter((y) => y.at.utc >= r.at.utc && (until === undefined || y.at.utc < until))) {
      lines.push(`    ${t(lang, 'case.label.corrected')} (${byAt(x.by, x.at)})`,
        `      ${t(lang, CORRECTABLE_KEYS[x.field])}: ${text(x.after, 8)}`,
        `      ${t(lang, 'case.label.before_correction')}: ${text(x.before, 8)}`);
    }
  }
  if (v.closure) {
    lines.push('', `  ${t(lang, 'case.section.b6')} (${byAt(v.closure.by, v.closure.at)})`);
    if (v.closure.notes) lines.push(field(t(lang, 'case.label.notes'), text(v.closure.notes)));
  }
  if (v.approval) {
    lines.push('', `  ${t(lang, 'case.section.approval')} (${byAt(v.approval.by, v.approval.at)})`);
    if (v.approval.notes) lines.push(field(t(lang, 'case.label.notes'), text(v.approval.notes)));
  }
  if (v.cancellation) {
    lines.push('', `  ${t(lang, 'case.section.cancellation')} (${byAt(v.cancellation.by, v.cancellation.at)}; ` +
      `${t(lang, 'case.label.cancelled_from')} ${t(lang, `case.status.${v.cancellation.fromStatus}`)})`,
    field(t(lang, 'case.label.reason'), text(v.cancellation.reason)));
  }

  lines.push('', `  ${t(lang, 'case.section.timeline')}`);
  for (const r of v.timeline) {
    const standard = r.standardMinutes === null ? t(lang, 'case.timeline.no_standard') : t(lang, 'case.timeline.standard', { minutes: r.standardMinutes });
    lines.push(`    ${r.step}${r.state === 'in_progress' ? '*' : ' '} ${t(lang, `case.step.${r.step}`)} — ${standard}`);
    const times = [
      r.startedAt ? `${t(lang, 'case.timeline.started')} ${when(r.startedAt)}` : t(lang, 'case.timeline.not_started'),
      ...(r.deadline && r.state !== 'done' && !r.judged ? [`${t(lang, 'case.timeline.deadline')} ${when(r.deadline)}`] : []),
      r.completedAt ? `${t(lang, 'case.timeline.completed')} ${when(r.completedAt)}` : r.state === 'in_progress' ? t(lang, 'case.timeline.in_progress') : null,
    ].filter((x): x is string => x !== null);
    lines.push(`        ${times.join('; ')}`);
    if (r.judged) lines.push(`        ${t(lang, 'case.timeline.judged_at_first_close', { count: v.returns.length })}`);
    const d = r.deviation;
    if (d && d.overMinutes > 0) {
      lines.push(`        ${t(lang, d.recorded ? 'case.timeline.deviation' : 'case.timeline.running_late', { minutes: d.overMinutes })}` +
        `${d.explanation ? '' : ` — ${t(lang, 'case.timeline.unexplained')}`}`);
    }
    if (d?.explanation) {
      lines.push(`        ${t(lang, 'case.timeline.explanation')} (${byAt(d.explanation.by, d.explanation.at)}): ${text(d.explanation.text, 10)}`);
    }
  }

  const a2 = v.a2;
  const value = (s: string | null, indent = 8): string => (s === null ? '—' : text(s, indent));
  lines.push('', `  ${t(lang, 'case.a2.heading')}: ${a2.missing.length === 0 ? t(lang, 'case.a2.complete')
    : `${t(lang, 'case.a2.missing')} (${a2.missing.map((f) => t(lang, A2_KEYS[f])).join(', ')})`}`,
  `    a. ${t(lang, 'case.a2.location')}: ${value(a2.location)}`,
  `    b. ${t(lang, 'case.a2.network')}: ${a2.networks.length === 0 ? value(a2.network) : a2NetworksText(a2.networks, lang)}`,
  `    c. ${t(lang, 'case.a2.date')}: ${a2.accessStart ? wordDate(a2.accessStart, lang) : '—'}; ` +
    `${t(lang, 'case.a2.access_start')}: ${when(a2.accessStart)}; ${t(lang, 'case.a2.access_end')}: ${when(a2.accessEnd)}`,
  `    d. ${t(lang, 'case.a2.analysis')}: ${value(a2.analysis)}`,
  `       ${t(lang, 'case.a2.repair')}: ${value(a2.repair)}`);
  return lines.join('\n');
}

/** One line per case for listings: id, status, step, urgency, reported (unit's zone), unit, executor, system. */
export function caseLine(c: CaseRowView, lang: Lang): string {
  return [
    c.id, t(lang, `case.status.${c.status}`).padEnd(16), (c.step ?? '—').padEnd(3), t(lang, `case.urgency.${c.urgency}`).padEnd(8),
    `${c.reportedAt.date} ${c.reportedAt.time} ${c.reportedAt.zone}`, safe(c.unit.code ?? c.unit.id), c.executor ? personText(c.executor) : '—', safe(c.system),
  ].join('  ');
}

/** The listing, one line per case; the count when the page does not hold them all. */
export function caseListText(v: CaseListViewModel, lang: Lang): { lines: string[]; note: string | null } {
  return {
    lines: v.items.map((c) => caseLine(c, lang)),
    note: v.items.length === 0 && v.total === 0 ? t(lang, 'case.list.empty')
      : v.totalCapped ? t(lang, 'case.list.count_more', { shown: v.items.length, total: v.total })
        : v.total > v.items.length ? t(lang, 'case.list.count', { shown: v.items.length, total: v.total }) : null,
  };
}
