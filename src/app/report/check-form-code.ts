import { DomainError } from '../../domain/errors.js';
import { normaliseCheckCode } from '../../domain/report/check-code.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { appendToLogbook } from '../logbook/logbook-writer.js';
import { runUseCase } from '../use-case.js';
import { FORM_ISSUED } from './issue-case-form.js';

/** What a check code tells: that it matches an issued form, and of which case. Nothing else. */
export interface FormCheck {
  readonly checkCode: string;
  readonly caseId: string;
}

const PAGE = 500;

/** The web page where anyone checks a printed form's code (`?code=` fills it in). */
export const VERIFY_PATH = '/verify';

/**
 * Whether a check code printed on a Form Laporan matches one this installation issued (a
 * `report.form_issued` entry of the logbook), and which case it was issued for. A code that
 * matches none is refused (`report.check_code_unknown`), and like every refusal logged. Needs no
 * signed-in user: a printed copy is checked by whoever holds it.
 */
export function checkFormCode(deps: AppDeps, inv: Invocation, typed: string): Promise<FormCheck> {
  return runUseCase(deps, inv, 'report.check', async (ctx) => {
    const checkCode = normaliseCheckCode(typed);
    // The code is in the entry's data; entries of this type are few (one per issued form).
    for (let after = 0; ;) {
      const page = await ctx.tx.logbook.listOfType(FORM_ISSUED, { afterSeq: after, limit: PAGE });
      for (const e of page) {
        const d = JSON.parse(e.data) as { checkCode?: unknown };
        if (d.checkCode === checkCode && e.caseId !== null) return { checkCode, caseId: e.caseId };
      }
      if (page.length < PAGE) break;
      after = (page[page.length - 1] as { seq: number }).seq;
    }
    throw DomainError.of('not_found', 'report.check_code_unknown', { code: checkCode }, { code: checkCode });
  }, { readOnly: true, requireActor: false });
}

/**
 * Logs that an address was stopped from checking codes for a while (the first refusal of each
 * window): guessing codes is hopeless (60 bits), but the check is public and each wrong code is
 * a logged refusal, so an address may not flood the logbook with them.
 */
export async function recordCheckThrottled(deps: AppDeps, sourceIp: string, retryAfterSeconds: number, via: 'http' | 'web'): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.store.transaction((tx) => appendToLogbook(tx.logbook, deps, now, [{ type: 'report.check_throttled', actorId: null, unitId: null, caseId: null,
    data: { sourceIp, retryAfterSeconds, via } }]));
}
