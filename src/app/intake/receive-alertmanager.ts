import { z } from 'zod';
import type { Target } from '../../domain/registry/target.js';
import { DomainError } from '../../domain/errors.js';
import type { IntakeIntegration } from '../../domain/intake/intake-integration.js';
import { sameDigest, systemOf, targetCandidates, targetLabelOf, urgencyOf } from '../../domain/intake/intake-integration.js';
import { LIMITS } from '../../domain/validate.js';
import { DEFAULT_LANG, t } from '../../messages/catalogue.js';
import type { Repositories } from '../../ports/repositories.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import { parseInput } from '../input.js';
import type { UseCaseContext } from '../use-case.js';
import { runUseCase } from '../use-case.js';
import { openFaultCase } from '../case/report-fault.js';

const labels = z.record(z.string().max(1000), z.string().max(LIMITS.longText));
/** RFC 3339 as Alertmanager writes it (nanoseconds, `Z` or an offset); `0001-01-01T00:00:00Z` is its "not set". */
const time = z.string().datetime({ offset: true });
const status = z.enum(['firing', 'resolved']);

/**
 * Alertmanager's webhook payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config),
 * as 0.25 sends it. Unlike every other body Jaga takes, a field it does not know is ignored, not
 * refused: this is another program's payload, which has grown fields without a new version before
 * (`truncatedAlerts`), and refusing one would lose every alert of an outage until Jaga caught up.
 * What Jaga reads is checked as strictly as anywhere.
 */
export const AlertmanagerPayload = z.object({
  version: z.literal('4'),
  groupKey: z.string().max(LIMITS.longText),
  truncatedAlerts: z.number().int().min(0).optional(),
  status,
  receiver: z.string().max(LIMITS.name * 5),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string().max(LIMITS.shortText * 4),
  alerts: z.array(z.object({
    status,
    labels,
    annotations: labels,
    startsAt: time,
    endsAt: time,
    generatorURL: z.string().max(LIMITS.longText),
    fingerprint: z.string().min(1).max(LIMITS.name),
  }).strip()).max(5000),
}).strip();
export type AlertmanagerPayload = z.infer<typeof AlertmanagerPayload>;
type Alert = AlertmanagerPayload['alerts'][number];

/** What one delivery did, alert by alert (the webhook's answer; Alertmanager reads only the status). */
export interface IntakeResult {
  readonly integration: string;
  /** Firing alerts that opened a case. */
  readonly opened: readonly { fingerprint: string; startsAt: string; caseId: string }[];
  /** Firing alerts seen before (same fingerprint and start): their case, nothing new. */
  readonly repeated: readonly { fingerprint: string; startsAt: string; caseId: string }[];
  /** Resolved alerts noted on their case (`case.alert_resolved`). */
  readonly resolved: readonly { fingerprint: string; startsAt: string; caseId: string; endsAt: string }[];
  /** Resolved alerts with no case (never seen firing) or already noted: acknowledged, nothing done. */
  readonly ignored: readonly { fingerprint: string; startsAt: string }[];
}

const utc = (s: string): string => new Date(s).toISOString();
const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * Who is posting: the integration whose bearer secret this is. A missing or wrong secret, and an
 * integration that is not there, get one answer (`intake.unauthorised`), so names cannot be probed;
 * a retired integration with its right secret is told so. Both are refused at the edge, before any
 * use case (the edge logs them, bounded per address).
 */
export async function authenticateIntake(deps: AppDeps, integration: string, secret: string | undefined): Promise<IntakeIntegration> {
  const found = await deps.store.read(async (tx) => {
    const i = await tx.intake.findByName(integration);
    return i && { i, hash: await tx.intake.findSecretHash(i.id) };
  });
  // The comparison runs whether or not the integration exists, over digests of equal length.
  const expected = found?.hash ?? deps.sha256(`no integration ${integration}`);
  const given = deps.sha256(secret ?? '');
  if (!sameDigest(given, expected) || !found || secret === undefined || secret.length === 0) {
    throw DomainError.of('forbidden', 'intake.unauthorised', { integration: clip(integration, 100) });
  }
  if (found.i.retiredAt !== null) throw DomainError.of('forbidden', 'intake.integration_retired', { integration: found.i.name });
  return found.i;
}

/** The registered target of the integration's unit an alert's labels name, if any (retired ones do not count). */
async function targetOf(tx: Repositories, i: IntakeIntegration, a: Alert): Promise<Target | undefined> {
  for (const name of targetCandidates(i.mapping, a.labels)) {
    const target = await tx.targets.findByName(name);
    if (target && target.unitId === i.unitId && !target.retiredAt) return target;
  }
  return undefined;
}

/** The case's description: the alert's summary and description, its labels and source; and, when no target matched, which label named what. */
function descriptionOf(i: IntakeIntegration, a: Alert, target: Target | undefined): string {
  const lang = DEFAULT_LANG;
  const summary = a.annotations['summary']?.trim();
  const described = a.annotations['description']?.trim();
  const named = targetLabelOf(i.mapping, a.labels);
  const lines = [
    summary, described && described !== summary ? described : undefined,
    `${t(lang, 'intake.description.labels')}: ${Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    a.generatorURL ? `${t(lang, 'intake.description.source')}: ${a.generatorURL}` : undefined,
    target ? undefined : named ? t(lang, 'intake.description.target_unknown', named) : t(lang, 'intake.description.target_absent'),
  ];
  return clip(lines.filter((l): l is string => typeof l === 'string' && l.length > 0).join('\n'), LIMITS.longText);
}

async function receive(ctx: UseCaseContext, i: IntakeIntegration, p: AlertmanagerPayload): Promise<IntakeResult> {
  const result = { integration: i.name, opened: [], repeated: [], resolved: [], ignored: [] } as {
    [K in keyof IntakeResult]: K extends 'integration' ? string : IntakeResult[K][number][] };
  for (const a of p.alerts) {
    const startsAt = utc(a.startsAt);
    const key = { fingerprint: a.fingerprint, startsAt };
    if (a.status === 'firing') {
      const caseId = ctx.deps.ids.newId();
      const alertname = a.labels['alertname'] ?? null;
      if (!(await ctx.tx.intake.insertAlertOnce({ integrationId: i.id, ...key, caseId, alertname, receivedAt: ctx.now, endsAt: null, resolvedAt: null }))) {
        const seen = await ctx.tx.intake.findAlert(i.id, a.fingerprint, startsAt);
        result.repeated.push({ ...key, caseId: seen?.caseId ?? '' });
        continue;
      }
      const target = await targetOf(ctx.tx, i, a);
      await openFaultCase(ctx, {
        unit: i.unitId, ...(target ? { target: target.id } : {}),
        system: clip(systemOf(i.mapping, a.labels) ?? 'Alertmanager', LIMITS.name),
        description: descriptionOf(i, a, target), urgency: urgencyOf(i.mapping, a.labels), channel: 'monitoring',
      }, caseId);
      result.opened.push({ ...key, caseId });
      continue;
    }
    const seen = await ctx.tx.intake.findAlert(i.id, a.fingerprint, startsAt);
    if (!seen || seen.resolvedAt !== null) {
      result.ignored.push(key);
      continue;
    }
    const endsAt = utc(a.endsAt);
    await ctx.tx.intake.markResolved(i.id, a.fingerprint, startsAt, endsAt, ctx.now);
    ctx.log({ type: 'case.alert_resolved', unitId: i.unitId, caseId: seen.caseId, data: {
      integration: i.name, fingerprint: a.fingerprint, alertname: seen.alertname, startsAt, endsAt } });
    result.resolved.push({ ...key, caseId: seen.caseId, endsAt });
  }
  ctx.log({ type: 'intake.alerts_received', unitId: i.unitId, caseId: null, data: {
    integration: i.name, receiver: clip(p.receiver, LIMITS.name), groupKey: clip(p.groupKey, LIMITS.shortText), status: p.status,
    alerts: p.alerts.length, truncatedAlerts: p.truncatedAlerts ?? 0, opened: result.opened.length, repeated: result.repeated.length,
    resolved: result.resolved.length, ignored: result.ignored.length } });
  return result;
}

/**
 * `POST /api/v1/intake/alertmanager/{integration}`: one Alertmanager notification, every alert of
 * it in one transaction, as the integration's own identity. A firing alert opens a fault report
 * (B1, channel `monitoring`) once per fingerprint and start, through `reportFault`'s body; a
 * resolved one is noted on its case (`case.alert_resolved`); a malformed payload is refused whole.
 */
export async function receiveAlertmanager(deps: AppDeps, inv: Pick<Invocation, 'sourceIp'>, integration: string, secret: string | undefined,
  raw: unknown): Promise<IntakeResult> {
  const i = await authenticateIntake(deps, integration, secret);
  return runUseCase(deps, { actor: i.userId, via: 'http', ...(inv.sourceIp ? { sourceIp: inv.sourceIp } : {}) }, 'intake.alertmanager', async (ctx) => {
    const payload = parseInput(AlertmanagerPayload, raw);
    // Retired between the check and this transaction: refused like a retired one.
    const current = await ctx.tx.intake.findByName(i.name);
    if (!current || current.retiredAt !== null) throw DomainError.of('forbidden', 'intake.integration_retired', { integration: i.name });
    return receive(ctx, current, payload);
  });
}
