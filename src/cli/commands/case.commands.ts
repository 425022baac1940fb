import type { AppDeps, Invocation } from '../../app/app-deps.js';
import { acknowledgeReport } from '../../app/case/acknowledge-report.js';
import { approveCase } from '../../app/case/approve-case.js';
import { cancelCase } from '../../app/case/cancel-case.js';
import { closeCase } from '../../app/case/close-case.js';
import { correctDocumentation } from '../../app/case/correct-documentation.js';
import { explainDeviation } from '../../app/case/explain-deviation.js';
import { getCaseView } from '../../app/case/get-case-view.js';
import { listCaseViews } from '../../app/case/list-cases.js';
import { prepareWorkstation } from '../../app/case/prepare-workstation.js';
import { recordAccessEnd, recordAccessStart } from '../../app/case/record-access.js';
import { recordRestoration } from '../../app/case/record-restoration.js';
import { recordRootCause } from '../../app/case/record-root-cause.js';
import { reportFault } from '../../app/case/report-fault.js';
import { returnCase } from '../../app/case/return-case.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { currentStep } from '../../domain/case/repair-case.js';
import { caseListText, caseText } from '../../presenters/case-text.js';
import { presentCaseList } from '../../presenters/view-models/case-list-view.js';
import { presentCase } from '../../presenters/view-models/case-view.js';
import type { Command, CommandContext, OptionSpec } from '../command.js';
import { EXIT_CODES } from '../error-presenter.js';
import { terminalSafe } from '../../presenters/terminal-safe.js';
import { actor, defined, flag, intOption, json, say, str, viewLang } from './helpers.js';

const JSON_OPTION: Record<string, OptionSpec> = { json: { type: 'boolean', help: 'print the case as JSON' } };

function printCase(ctx: CommandContext, c: RepairCase): void {
  if (flag(ctx, 'json')) return json(ctx, c);
  ctx.io.out(`${c.id} ${c.status} ${currentStep(c) ?? '-'}`);
}

type CaseUseCase = (deps: AppDeps, inv: Invocation, caseId: string, raw: unknown) => Promise<RepairCase>;

/** A `jaga case <verb> <case-id>` command: options map to the use case's input fields. */
function caseAction(name: string, summary: string, useCase: CaseUseCase, options: Record<string, OptionSpec & { field: string }>,
  after?: (ctx: CommandContext, c: RepairCase) => number | void): Command {
  return {
    name: `case ${name}`, summary, args: '<case-id>', needsActor: true, options: { ...options, ...JSON_OPTION },
    async run(ctx) {
      const input = defined(Object.fromEntries(Object.entries(options).map(([k, o]) => [o.field, str(ctx, k)])));
      const c = await useCase(await ctx.app(), actor(ctx), ctx.positionals[0] as string, input);
      printCase(ctx, c);
      return after?.(ctx, c);
    },
  };
}

const s = (help: string, field: string, required = false, value = 'TEXT') => ({ type: 'string' as const, help, field, required, value });

export const caseCommands: Command[] = [
  {
    name: 'case report', summary: 'B1: report a fault; prints the new case id', needsActor: true,
    options: {
      unit: { type: 'string', help: 'LPSE unit', required: true, value: 'UNIT' },
      target: { type: 'string', help: 'affected registered target', value: 'TARGET' },
      system: { type: 'string', help: 'affected system, e.g. "SPSE produksi"', required: true, value: 'TEXT' },
      description: { type: 'string', help: 'what is wrong', required: true, value: 'TEXT' },
      urgency: { type: 'string', help: 'low | medium | high | critical', required: true, value: 'U' },
      channel: { type: 'string', help: 'web | api | phone | email | chat | monitoring | cli | other (default cli)', value: 'C' },
      ...JSON_OPTION,
    },
    async run(ctx) {
      const c = await reportFault(await ctx.app(), actor(ctx), defined({
        unit: str(ctx, 'unit'), target: str(ctx, 'target'), system: str(ctx, 'system'), description: str(ctx, 'description'),
        urgency: str(ctx, 'urgency'), channel: str(ctx, 'channel') ?? 'cli',
      }));
      if (flag(ctx, 'json')) return json(ctx, c);
      ctx.io.out(c.id);
    },
  },
  caseAction('acknowledge', 'B1: record the informasi gangguan and assign the executor', acknowledgeReport, {
    classification: s('fault classification', 'classification', true), impact: s('impact', 'impact', true),
    executor: s('executor username', 'executor', true, 'USER'),
  }),
  caseAction('prepare', 'B2: workstation, location, network; runs the A1 checks (exit 6 if one failed)', prepareWorkstation, {
    workstation: s('workstation asset tag', 'workstation', true, 'TAG'), location: s('where you are (A2a)', 'location', true),
    network: s('registered network used (A2b)', 'network', true, 'NAME'), 'source-ip': s('address you connect from', 'sourceIp', false, 'IP'),
  }, (ctx, c) => {
    if (c.preparation?.ready) return;
    for (const ch of c.preparation?.checks ?? []) {
      if (!ch.passed) ctx.io.err(terminalSafe(say(ctx, 'cli.case.a1_failed', { code: ch.code, reason: ch.reason })));
    }
    ctx.io.err(say(ctx, 'cli.case.b3_blocked'));
    return EXIT_CODES.precondition;
  }),
  caseAction('access-start', 'B3: record that access to the target starts now (the SSH gateway does this itself)', recordAccessStart, {
    network: s('network used (default: the one from B2)', 'network', false, 'NAME'), 'source-ip': s('source address', 'sourceIp', false, 'IP'),
  }),
  caseAction('access-end', 'record that an access ends now (waktu selesai)', recordAccessEnd, {
    'access-id': s('which access (default: the only open one)', 'accessId', false, 'ID'),
  }),
  caseAction('restore', 'B4: service restored by an initial repair', recordRestoration, {
    'initial-fix': s('what was done', 'initialFix', true),
  }),
  caseAction('root-cause', 'B5: root cause and permanent fix', recordRootCause, {
    'root-cause': s('analysis of the fault', 'rootCause', true), 'permanent-fix': s('the permanent fix', 'permanentFix', true),
  }),
  caseAction('explain-deviation', 'explain a missed time standard (penyimpangan mutu baku)', explainDeviation, {
    step: s('B1 … B6', 'step', true, 'STEP'), explanation: s('why', 'explanation', true),
  }),
  caseAction('close', 'B6: close into the logbook (needs complete A2, explained deviations)', closeCase, { notes: s('notes', 'notes') }),
  caseAction('approve', 'koordinator approves the closed record (Menyetujui)', approveCase, { notes: s('notes', 'notes') }),
  caseAction('cancel', 'cancel before B3, with a reason', cancelCase, { reason: s('why', 'reason', true) }),
  caseAction('return', 'koordinator returns the closed record for correction (Kembalikan), with a reason', returnCase, {
    reason: s('alasan: what the executor must correct', 'reason', true),
  }),
  caseAction('correct', 'after a return: correct the B4/B5 texts of A2d (analysis and repair)', correctDocumentation, {
    'initial-fix': s('B4: what was done', 'initialFix'), 'root-cause': s('B5: analysis of the fault', 'rootCause'),
    'permanent-fix': s('B5: the permanent fix', 'permanentFix'),
  }),
  {
    name: 'case show', summary: 'a case with its SOP step timeline, A1 checks and A2 record', args: '<case-id>', needsActor: true,
    options: { json: { type: 'boolean', help: 'print the case view (names resolved, times in the unit\'s zone) as JSON' } },
    async run(ctx) {
      const view = presentCase(await getCaseView(await ctx.app(), actor(ctx), ctx.positionals[0] as string));
      if (flag(ctx, 'json')) return json(ctx, view);
      ctx.io.out(caseText(view, viewLang(ctx)));
    },
  },
  {
    name: 'case list', summary: 'cases you may see, newest first', needsActor: true,
    options: {
      unit: { type: 'string', help: 'only this unit', value: 'UNIT' }, status: { type: 'string', help: 'only this status', value: 'STATUS' },
      target: { type: 'string', help: 'only cases on this target server (name or id)', value: 'TARGET' },
      limit: { type: 'string', help: 'at most N (default 100)', value: 'N' }, ...JSON_OPTION,
    },
    async run(ctx) {
      const view = presentCaseList(await listCaseViews(await ctx.app(), actor(ctx),
        defined({ unit: str(ctx, 'unit'), status: str(ctx, 'status'), target: str(ctx, 'target'), limit: intOption(ctx, 'limit') })));
      if (flag(ctx, 'json')) return json(ctx, view);
      const { lines, note } = caseListText(view, viewLang(ctx));
      for (const line of lines) ctx.io.out(line);
      if (note) ctx.io.err(note);
    },
  },
];

