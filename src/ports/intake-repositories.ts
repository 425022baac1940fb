import type { IntakeIntegration } from '../domain/intake/intake-integration.js';

/** One alert an integration received: the firing one that opened a case, and its resolution. */
export interface ReceivedAlert {
  readonly integrationId: string;
  readonly fingerprint: string;
  /** The alert's `startsAt` (UTC ISO): with the fingerprint, what makes one alert (a repeat is the same). */
  readonly startsAt: string;
  readonly caseId: string;
  readonly alertname: string | null;
  readonly receivedAt: string;
  /** The `endsAt` of the resolution noted on the case; null while firing. */
  readonly endsAt: string | null;
  readonly resolvedAt: string | null;
}

/** An alert of a case as the case view shows it, with the integration's name. */
export interface CaseAlert extends ReceivedAlert { readonly integration: string }

/** Alertmanager integrations and the alerts they received (migration 0014_intake). */
export interface IntakeRepository {
  /** A `conflict` on a duplicate name. */
  insert(i: IntakeIntegration, secretHash: string): Promise<void>;
  findByName(name: string): Promise<IntakeIntegration | undefined>;
  /** The stored SHA-256 of the integration's bearer secret. */
  findSecretHash(integrationId: string): Promise<string | undefined>;
  list(filter?: { unitId?: string }): Promise<IntakeIntegration[]>;
  setSecretHash(integrationId: string, secretHash: string, at: string): Promise<void>;
  retire(integrationId: string, at: string): Promise<void>;
  /**
   * Records a firing alert unless one with the same integration, fingerprint and start is there;
   * false when it is (a repeat). The unique key makes a concurrent second delivery wait and see it.
   */
  insertAlertOnce(a: ReceivedAlert): Promise<boolean>;
  findAlert(integrationId: string, fingerprint: string, startsAt: string): Promise<ReceivedAlert | undefined>;
  markResolved(integrationId: string, fingerprint: string, startsAt: string, endsAt: string, at: string): Promise<void>;
  /** The alerts that opened or were noted on a case, oldest first. */
  alertsOfCase(caseId: string): Promise<CaseAlert[]>;
}
