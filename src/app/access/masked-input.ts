import { z } from 'zod';
import { canOnCase } from '../../domain/auth/case.policy.js';
import { canOnSession } from '../../domain/auth/gateway-session.policy.js';
import { DomainError, notFound } from '../../domain/errors.js';
import type { LogbookEntry } from '../../domain/logbook/logbook-entry.js';
import type { Repositories } from '../../ports/repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { actorOf } from '../case/case-access.js';
import { parseInput, shortText } from '../input.js';
import { runUseCase } from '../use-case.js';
import type { SessionRef } from './gateway-session.js';

/*
 * What is typed at a secret prompt (`Password:`, `[sudo] password for …`) is shown as `*` in the
 * recording and to watchers, and kept sealed here: each such line is one `gateway.masked_input`
 * logbook event holding its bytes sealed with the installation's key (the SecretBox, as TOTP
 * seeds are), hash-chained like every entry. A session with more such lines than a threshold is
 * flagged on its case (`gateway.masked_input_flagged`): a prompt faked with `PS1="Password: "`
 * and `stty -echo` hides nothing from an auditor. Auditors and the superadmin reveal the lines,
 * stating a reason; each reveal and each refusal is logged, the plaintext never.
 */

/** A session with more masked lines than this is flagged on its case, unless configured otherwise. */
export const DEFAULT_MASKED_LINES_FLAG = 3;
export const MASKED_INPUT = 'gateway.masked_input';
export const MASKED_INPUT_FLAGGED = 'gateway.masked_input_flagged';

/** One line typed at a secret prompt, as the gateway saw it: `line` counts the session's masked lines from 1. */
export interface MaskedLine {
  readonly channel: number;
  readonly line: number;
  /** The real bytes, base64. */
  readonly base64: string;
  /** How many bytes (the recording shows as many `*`). */
  readonly bytes: number;
}

/**
 * Seals one masked line into the session's case in the logbook; the line that takes the session
 * past `flagAfter` masked lines flags it on the case as well (once).
 */
export function logMaskedInput(deps: AppDeps, s: SessionRef, m: MaskedLine, flagAfter: number): Promise<void> {
  return runUseCase(deps, { actor: null, via: 'gateway' }, MASKED_INPUT, async (ctx) => {
    const base = { actorId: s.userId, unitId: s.unitId, caseId: s.caseId };
    ctx.log({ ...base, type: MASKED_INPUT, data: { sessionId: s.id, channel: m.channel, line: m.line, bytes: m.bytes, sealed: deps.secretBox.seal(m.base64) } });
    if (m.line === flagAfter + 1) {
      ctx.log({ ...base, type: MASKED_INPUT_FLAGGED, data: { sessionId: s.id, maskedLines: m.line, threshold: flagAfter } });
    }
  }, { requireActor: false });
}

/** A session of a case that had masked lines: how many, and whether it was flagged (past the threshold then in force). */
export interface MaskedInputSummary {
  readonly sessionId: string;
  readonly lines: number;
  readonly flagged: boolean;
  readonly threshold: number | null;
}

const sessionOf = (e: LogbookEntry): Record<string, unknown> => JSON.parse(e.data) as Record<string, unknown>;

/** The masked-input summary of a case, from its logbook entries (the source of truth), in session order of first masked line. */
export async function maskedInputOfCase(tx: Repositories, caseId: string): Promise<MaskedInputSummary[]> {
  const out = new Map<string, { lines: number; flagged: boolean; threshold: number | null }>();
  for (const e of await tx.logbook.listForCase(caseId, [MASKED_INPUT, MASKED_INPUT_FLAGGED])) {
    const d = sessionOf(e);
    const id = String(d['sessionId']);
    const s = out.get(id) ?? { lines: 0, flagged: false, threshold: null };
    if (e.type === MASKED_INPUT) s.lines++;
    else { s.flagged = true; s.threshold = typeof d['threshold'] === 'number' ? d['threshold'] : null; }
    out.set(id, s);
  }
  return [...out].map(([sessionId, s]) => ({ sessionId, ...s }));
}

export const RevealMaskedInputInput = z.object({
  reason: shortText().describe('why the auditor needs the plaintext (logged with the reveal)'),
  lines: z.array(z.number().int().min(1)).min(1).max(1000).optional().describe('only these masked lines (default: all of the session)'),
}).strict();

/** One masked line, opened. `text` is the bytes as UTF-8 (as typed: backspaces included); null when the sealed value cannot be opened. */
export interface RevealedLine {
  readonly line: number;
  readonly channel: number;
  readonly at: string;
  readonly text: string | null;
  readonly base64: string | null;
}

export interface RevealedInput {
  readonly sessionId: string;
  readonly caseId: string;
  readonly lines: readonly RevealedLine[];
}

const utf8 = (base64: string): string => new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));

/**
 * The plaintext of a session's masked lines, for an auditor or the superadmin who states a reason
 * (never the session's own executor). The reveal is logged with who, the session, the lines and
 * the reason; a refusal is logged with the reason stated too.
 */
export async function revealMaskedInput(deps: AppDeps, inv: Invocation, sessionId: string, raw: unknown): Promise<RevealedInput> {
  const caseId = (await deps.store.read((tx) => tx.gatewaySessions.findById(sessionId)))?.caseId;
  return runUseCase(deps, inv, 'gateway.masked_input.reveal', async (ctx) => {
    const actor = actorOf(ctx);
    // The body first (its schema is public): a refusal is then logged with the reason stated.
    const input = parseInput(RevealMaskedInputInput, raw);
    const s = await ctx.tx.gatewaySessions.findById(sessionId);
    const c = s && await ctx.tx.cases.findById(s.caseId);
    if (!s || !c || !canOnCase(actor, 'view', c)) throw notFound('gateway_session', sessionId);
    if (!canOnSession(actor, 'reveal_input', c, s.userId === actor.user.id)) {
      throw DomainError.of('forbidden', 'gateway_session.forbidden.reveal_input', { username: actor.user.username, role: actor.user.role },
        { action: 'reveal_input', role: actor.user.role, sessionId, statedReason: input.reason });
    }
    const wanted = input.lines ? new Set(input.lines) : null;
    const lines: RevealedLine[] = [];
    for (const e of await ctx.tx.logbook.listForCase(c.id, [MASKED_INPUT])) {
      const d = sessionOf(e);
      if (d['sessionId'] !== sessionId || (wanted && !wanted.has(Number(d['line'])))) continue;
      let base64: string | null = null;
      try {
        base64 = deps.secretBox.open(String(d['sealed']));
      } catch {
        // altered, or sealed with another installation's key: `jaga logbook verify` says which entry
      }
      lines.push({ line: Number(d['line']), channel: Number(d['channel']), at: e.at, text: base64 === null ? null : utf8(base64), base64 });
    }
    ctx.log({ type: 'gateway.masked_input_revealed', unitId: c.unitId, caseId: c.id,
      data: { sessionId, executorId: s.userId, lines: lines.map((l) => l.line), reason: input.reason, ...(inv.sourceIp ? { sourceIp: inv.sourceIp } : {}) } });
    return { sessionId, caseId: c.id, lines };
  }, caseId ? { caseId } : {});
}
