import type { Config } from '../config/config.js';
import type { WitnessLocation } from '../domain/logbook/witness-location.js';
import type { HostKeyScanner } from '../ports/host-key-scanner.js';
import type { Metrics } from '../ports/metrics.js';
import type { Witness } from '../ports/witness.js';
import type { AppDeps } from './app-deps.js';
import type { NotificationChannel } from './notification/notification-channel.js';
import type { KeyFingerprinter } from './registry/register-workstation.js';
import type { CaseFormRenderer } from './report/issue-case-form.js';
import type { SopDocumentRenderer } from './report/issue-sop-document.js';
import type { SopEvaluationRenderer } from './report/issue-sop-evaluation.js';
import type { LogbookRenderer } from './report/issue-logbook-report.js';

/**
 * What the edges (HTTP, gateway, CLI) are handed: the use cases' dependencies, ports only.
 * The store is the `Store` port; no edge sees the database driver (health and backup are
 * `Store.ping()` / `Store.backup()`).
 */
export interface App extends AppDeps {
  readonly fingerprint: KeyFingerprinter;
  /** Reads a target's SSH host key for re-pinning (`jaga target scan-host-key`). */
  readonly hostKeyScanner: HostKeyScanner;
  readonly config: Config;
  /** A witness of the logbook's checkpoints (configured in JAGA_WITNESSES, or named by `--witness`). */
  readonly openWitness: (w: WitnessLocation) => Witness;
  /** The Form Laporan of a case as PDF bytes (presenter + PDF adapter, wired in src/main). */
  readonly renderCaseForm: CaseFormRenderer;
  /** The SOP itself as the signed document, PDF bytes (presenter + PDF adapter, wired in src/main). */
  readonly renderSopDocument: SopDocumentRenderer;
  /** The SOP monitoring and evaluation as PDF bytes (presenter + PDF adapter, wired in src/main). */
  readonly renderSopEvaluation: SopEvaluationRenderer;
  /** The Logbook of a period as PDF or CSV bytes (presenters + PDF adapter, wired in src/main). */
  readonly renderLogbook: LogbookRenderer;
  // operations (issue 14): the App's own Prometheus registry; the gateway and HTTP report into it, /metrics renders it.
  readonly metrics: Metrics;
  // issue 13: the notification outbox
  /** The ways notifications leave (email, webhooks), which the outbox worker delivers through. */
  readonly notificationChannels: readonly NotificationChannel[];
}
