import { writeFileSync } from 'node:fs';
import { checkFormCode } from '../../app/report/check-form-code.js';
import { issueCaseForm } from '../../app/report/issue-case-form.js';
import { issueSopDocument } from '../../app/report/issue-sop-document.js';
import { issueSopEvaluation } from '../../app/report/issue-sop-evaluation.js';
import { setEvaluationNote } from '../../app/report/set-evaluation-note.js';
import { issueLogbookReport } from '../../app/report/issue-logbook-report.js';
import { terminalSafe } from '../../presenters/terminal-safe.js';
import type { Command, CommandContext, OptionSpec } from '../command.js';
import { actor, arg, defined, flag, json, say, str, viewLang } from './helpers.js';

/** The unit and period of an SOP evaluation, as both evaluation commands take them. */
const EVALUATION_PERIOD: Record<string, OptionSpec> = {
      unit: { type: 'string', help: 'unit code or id (default: your unit; superadmin and national auditors: all units)', value: 'KODE' },
      month: { type: 'string', help: 'the month to evaluate (default: this month)', value: 'YYYY-MM' },
      from: { type: 'string', help: 'first day of the period, with --to instead of --month', value: 'YYYY-MM-DD' },
      to: { type: 'string', help: 'last day of the period (included)', value: 'YYYY-MM-DD' },
};
const evaluationPeriod = (ctx: CommandContext) => ({ unit: str(ctx, 'unit'), month: str(ctx, 'month'), from: str(ctx, 'from'), to: str(ctx, 'to') });

export const reportCommands: Command[] = [
  {
    name: 'report form', summary: 'the Form Laporan Pelaksanaan Perbaikan Secara Remote of a closed case, as PDF (logged with its SHA-256 and check code)',
    args: '<case-id>', needsActor: true,
    options: {
      out: { type: 'string', help: 'PDF file to write', required: true, value: 'FILE' },
      json: { type: 'boolean', help: 'print what was issued (case, language, SHA-256, check code, bytes) as JSON' },
    },
    async run(ctx) {
      const form = await issueCaseForm(await ctx.app(), actor(ctx), arg(ctx), { lang: viewLang(ctx) });
      const out = str(ctx, 'out') as string;
      writeFileSync(out, form.bytes, { mode: 0o644 });
      if (flag(ctx, 'json')) return json(ctx, { caseId: form.caseId, lang: form.lang, sha256: form.sha256, checkCode: form.checkCode, bytes: form.bytes.length, file: out });
      ctx.io.out(terminalSafe(say(ctx, 'cli.report.form_written', { file: out, sha256: form.sha256, code: form.checkCode })));
    },
  },
  {
    name: 'report check', summary: 'whether a check code printed on a Form Laporan matches a form this installation issued, and for which case',
    args: '<code>',
    options: { json: { type: 'boolean', help: 'print the match (check code, case id) as JSON' } },
    async run(ctx) {
      const r = await checkFormCode(await ctx.app(), actor(ctx), arg(ctx));
      if (flag(ctx, 'json')) return json(ctx, r);
      ctx.io.out(terminalSafe(say(ctx, 'cli.report.code_matches', { code: r.checkCode, caseId: r.caseId })));
    },
  },
  {
    name: 'report sop', summary: 'the SOP itself as the signed document (identity block, header table, activity table with its flowchart), as PDF (logged with its SHA-256)',
    needsActor: true,
    options: {
      version: { type: 'string', help: 'the SOP version (default: the one in force)', value: 'V' },
      out: { type: 'string', help: 'PDF file to write', required: true, value: 'FILE' },
      json: { type: 'boolean', help: 'print what was issued (code, version, language, SHA-256, bytes) as JSON' },
    },
    async run(ctx) {
      const version = str(ctx, 'version');
      const doc = await issueSopDocument(await ctx.app(), actor(ctx), { lang: viewLang(ctx), ...(version === undefined ? {} : { version }) });
      const out = str(ctx, 'out') as string;
      writeFileSync(out, doc.bytes, { mode: 0o644 });
      if (flag(ctx, 'json')) return json(ctx, { code: doc.code, version: doc.version, lang: doc.lang, sha256: doc.sha256, bytes: doc.bytes.length, file: out });
      ctx.io.out(terminalSafe(say(ctx, 'cli.report.sop_written', { file: out, code: doc.code, version: doc.version, sha256: doc.sha256 })));
    },
  },
  {
    name: 'report evaluation', summary: 'the SOP monitoring and evaluation (Tabel 7, per-step time standards, deviations, monthly trends) of a period, as PDF or JSON (logged with its SHA-256)',
    needsActor: true,
    options: {
      ...EVALUATION_PERIOD,
      format: { type: 'string', help: 'pdf (default) or json', value: 'pdf|json' },
      out: { type: 'string', help: 'file to write', required: true, value: 'FILE' },
      json: { type: 'boolean', help: 'print what was issued (unit, period, format, SHA-256, bytes) as JSON' },
    },
    async run(ctx) {
      const issued = await issueSopEvaluation(await ctx.app(), actor(ctx), defined({
        ...evaluationPeriod(ctx), format: str(ctx, 'format'), lang: viewLang(ctx),
      }));
      const out = str(ctx, 'out') as string;
      writeFileSync(out, issued.bytes, { mode: 0o644 });
      if (flag(ctx, 'json')) {
        return json(ctx, { unit: issued.data.unit?.code ?? null, from: issued.data.period.from, to: issued.data.period.to, format: issued.format, lang: issued.lang,
          sha256: issued.sha256, bytes: issued.bytes.length, cases: issued.data.evaluation.cases, file: out });
      }
      ctx.io.out(terminalSafe(say(ctx, 'cli.report.evaluation_written', { file: out, sha256: issued.sha256, cases: issued.data.evaluation.cases })));
    },
  },
  {
    name: 'report evaluation-note', summary: 'set one row of Tabel 7 of a unit\'s SOP evaluation: notes, action, and an assessment overriding the proposed one (with a reason); logged',
    needsActor: true,
    options: {
      ...EVALUATION_PERIOD,
      step: { type: 'string', help: 'the SOP step (row), B1…B6', required: true, value: 'B1..B6' },
      assessment: { type: 'string', help: 'baik, tidak_baik, or proposed (the data\'s proposal stands)', value: 'baik|tidak_baik|proposed' },
      reason: { type: 'string', help: 'why the assessment differs from the proposal (needed with baik/tidak_baik)', value: 'TEXT' },
      notes: { type: 'string', help: 'the notes on the assessment ("" clears)', value: 'TEXT' },
      action: { type: 'string', help: 'the action to be taken ("" clears)', value: 'TEXT' },
      json: { type: 'boolean', help: 'print the row as stored, as JSON' },
    },
    async run(ctx) {
      const note = await setEvaluationNote(await ctx.app(), actor(ctx), defined({
        ...evaluationPeriod(ctx), step: str(ctx, 'step'),
        assessment: str(ctx, 'assessment'), reason: str(ctx, 'reason'), notes: str(ctx, 'notes'), action: str(ctx, 'action'),
      }));
      if (flag(ctx, 'json')) return json(ctx, note);
      ctx.io.out(terminalSafe(say(ctx, 'cli.report.evaluation_note_set', { step: note.step, unit: note.unitCode, from: note.periodFrom, to: note.periodTo })));
      },
    },
  {
    name: 'report logbook', summary: 'the Logbook of a period for a unit (or, for the superadmin and a national auditor, every unit), as PDF or CSV (logged with its SHA-256)',
    needsActor: true,
    options: {
      unit: { type: 'string', help: 'the unit\'s code (left out: every unit)', value: 'KODE' },
      from: { type: 'string', help: 'the first day, in the unit\'s zone', required: true, value: 'YYYY-MM-DD' },
      to: { type: 'string', help: 'the last day (included), at most 366 days after --from', required: true, value: 'YYYY-MM-DD' },
      format: { type: 'string', help: 'pdf (default) or csv', value: 'pdf|csv' },
      out: { type: 'string', help: 'file to write', required: true, value: 'FILE' },
      json: { type: 'boolean', help: 'print what was issued (unit, period, format, language, cases, SHA-256, bytes) as JSON' },
    },
    async run(ctx) {
      const r = await issueLogbookReport(await ctx.app(), actor(ctx), defined({
        unit: str(ctx, 'unit'), from: str(ctx, 'from'), to: str(ctx, 'to'), format: str(ctx, 'format'), lang: viewLang(ctx),
      }));
      const out = str(ctx, 'out') as string;
      writeFileSync(out, r.bytes, { mode: 0o644 });
      if (flag(ctx, 'json')) {
        return json(ctx, { unit: r.unit, from: r.from, to: r.to, format: r.format, lang: r.lang, cases: r.cases, sha256: r.sha256, bytes: r.bytes.length, file: out });
      }
      ctx.io.out(terminalSafe(say(ctx, 'cli.report.logbook_written', { file: out, cases: r.cases, sha256: r.sha256 })));
    },
  },
];
