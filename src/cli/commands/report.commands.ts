import { writeFileSync } from 'node:fs';
import { checkFormCode } from '../../app/report/check-form-code.js';
import { issueCaseForm } from '../../app/report/issue-case-form.js';
import { issueSopDocument } from '../../app/report/issue-sop-document.js';
import { terminalSafe } from '../../presenters/terminal-safe.js';
import type { Command } from '../command.js';
import { actor, arg, flag, json, say, str, viewLang } from './helpers.js';

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
];
