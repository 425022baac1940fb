import type { Urgency } from '../case/repair-case.js';
import { URGENCIES } from '../case/repair-case.js';

/**
 * Which alert labels say what about a fault: the target (the first of `targetLabels` whose value,
 * or whose host part of `host:port`, is a registered target name of the integration's unit), the
 * urgency (`urgencyLabel`'s value through `urgencies`, else `defaultUrgency`) and the affected
 * system (the first of `systemLabels` present).
 */
export interface LabelMapping {
  readonly targetLabels: readonly string[];
  readonly urgencyLabel: string;
  readonly urgencies: Readonly<Record<string, Urgency>>;
  readonly defaultUrgency: Urgency;
  readonly systemLabels: readonly string[];
}

/** What an integration maps when it is added without a mapping of its own (Prometheus' usual labels). */
export const DEFAULT_LABEL_MAPPING: LabelMapping = {
  targetLabels: ['target', 'instance'],
  urgencyLabel: 'severity',
  urgencies: { critical: 'critical', page: 'critical', high: 'high', error: 'high', major: 'high', warning: 'medium', minor: 'medium', info: 'low', low: 'low', none: 'low' },
  defaultUrgency: 'medium',
  systemLabels: ['service', 'job', 'alertname'],
};

/**
 * An Alertmanager webhook receiver of one unit. It acts as its own system identity (`userId`: a
 * user row that cannot sign in, role `pelapor` of the unit), so the cases it opens and every
 * logbook entry name it. Its bearer secret is stored only as a SHA-256 hash.
 */
export interface IntakeIntegration {
  readonly id: string;
  /** In the webhook's path: `/api/v1/intake/alertmanager/<name>`. */
  readonly name: string;
  readonly unitId: string;
  readonly userId: string;
  readonly mapping: LabelMapping;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly secretRotatedAt: string;
  readonly retiredAt: string | null;
}

/** Integration names: lowercase letters, digits and `-`, 2–24, starting with a letter (its identity is `intake.<name>`). */
export const INTEGRATION_NAME = /^[a-z][a-z0-9-]{1,23}$/;

/** The username of an integration's system identity. */
export const intakeUsername = (name: string): string => `intake.${name}`;

/** Whether a username is of the kind only integrations' identities have (`createUser` refuses it). */
export const isIntakeUsername = (username: string): boolean => username.startsWith('intake.');

/**
 * The password hash of an integration's identity: not a hash any password verifies against, so
 * it can never sign in (it authenticates only by the integration's bearer secret).
 */
export const NO_PASSWORD = '!intake-integration';

/** Whether two hex digests are equal, compared without an early exit (the time does not tell how much matched). */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The values of the mapping's target labels, in order, each also as its host part (`spse:9100` → `spse`). */
export function targetCandidates(m: LabelMapping, labels: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const l of m.targetLabels) {
    const v = labels[l]?.trim();
    if (!v) continue;
    out.push(v);
    const host = /^\[?([^\]]+?)\]?:\d+$/.exec(v)?.[1];
    if (host && host !== v) out.push(host);
  }
  return [...new Set(out)];
}

/** The first target label present, with its value (what the case says when no registered target matches). */
export function targetLabelOf(m: LabelMapping, labels: Readonly<Record<string, string>>): { label: string; value: string } | null {
  for (const l of m.targetLabels) {
    const v = labels[l]?.trim();
    if (v) return { label: l, value: v };
  }
  return null;
}

export function urgencyOf(m: LabelMapping, labels: Readonly<Record<string, string>>): Urgency {
  const v = labels[m.urgencyLabel]?.trim().toLowerCase();
  return (v !== undefined && m.urgencies[v]) || m.defaultUrgency;
}

export function systemOf(m: LabelMapping, labels: Readonly<Record<string, string>>): string | null {
  for (const l of m.systemLabels) {
    const v = labels[l]?.trim();
    if (v) return v;
  }
  return null;
}

export const isUrgency = (s: string): s is Urgency => (URGENCIES as readonly string[]).includes(s);
