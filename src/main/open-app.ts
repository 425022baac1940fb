import { mkdirSync } from 'node:fs';
import { KyselyStore } from '../adapters/db/kysely-store.js';
import type { PdfRenderer } from '../adapters/pdf/pdfmake-renderer.js';
import { PromMetrics } from '../adapters/metrics/prom-metrics.js';
import { LocalRecordingStore } from '../adapters/recordings/local-recording-store.js';
import { loadOrCreateSecretBox } from '../adapters/system/aes-secret-box.js';
import { randomToken, rfc6238Totp } from '../adapters/system/rfc6238-totp.js';
import { loadOrCreateSigner } from '../adapters/system/ed25519-signer.js';
import { sha256Hex, sha256Stream, sshFingerprint } from '../adapters/system/node-crypto.js';
import { randomIds } from '../adapters/system/random-ids.js';
import { scryptPasswordHasher } from '../adapters/system/scrypt-password-hasher.js';
import { sshKeys } from '../adapters/system/ssh-keys.js';
import { ssh2HostKeyScanner } from '../adapters/system/ssh2-host-key-scanner.js';
import { openWitness } from '../adapters/witness/open-witness.js';
import { systemClock } from '../adapters/system/system-clock.js';
import { openS3RecordingStore } from './open-s3-recording-store.js';
import type { App } from '../app/app.js';
import type { NotificationChannel } from '../app/notification/notification-channel.js';
import type { CaseFormRenderer } from '../app/report/issue-case-form.js';
import type { SopDocumentRenderer } from '../app/report/issue-sop-document.js';
import { VERIFY_PATH } from '../app/report/check-form-code.js';
import type { SopEvaluationRenderer } from '../app/report/issue-sop-evaluation.js';
import type { LogbookRenderer } from '../app/report/issue-logbook-report.js';
import { readStoreGauges } from '../app/system/store-gauges.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../ports/clock.js';
import type { PasswordHasher } from '../ports/crypto.js';
import { formLaporanDocument } from '../presenters/pdf/form-laporan.js';
import { sopDocument } from '../presenters/pdf/sop-document.js';
import { sopEvaluationDocument } from '../presenters/pdf/sop-evaluation.js';
import { presentCaseForm } from '../presenters/view-models/case-form-view.js';
import { logbookReportCsv } from '../presenters/logbook-report-csv.js';
import { logbookReportDocument } from '../presenters/pdf/logbook-report.js';
import { presentLogbookReport } from '../presenters/view-models/logbook-report-view.js';

/**
 * The app as the composition root holds it: the store is the concrete KyselyStore (tests and
 * benchmarks reach the database through it). Edges take the narrower `App`.
 */
export interface OpenedApp extends App {
  readonly store: KyselyStore;
}

/** Wires adapters to ports. The data directory is created owner-only. */
export function openApp(config: Config, overrides: { clock?: Clock; passwords?: PasswordHasher; notificationChannels?: readonly NotificationChannel[] } = {}): OpenedApp {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const clock = overrides.clock ?? systemClock;
  const store = KyselyStore.open(config.database, () => clock.now().toISOString());
  return {
    config, store, clock, ids: randomIds, sha256: sha256Hex, sha256Stream,
    signer: loadOrCreateSigner(config.signingKeyFile, { create: !config.signingKeyConfigured }),
    passwords: overrides.passwords ?? scryptPasswordHasher, fingerprint: sshFingerprint,
    secretBox: loadOrCreateSecretBox(config.dataKeyFile), totp: rfc6238Totp, randomToken,
    sshKeys, sshKeyInspector: sshKeys, hostKeyScanner: ssh2HostKeyScanner, openWitness,
    // object storage (issue 14): S3RecordingStore when JAGA_RECORDINGS_URL is set, else LocalRecordingStore as before
    recordings: config.recordingStorage.kind === 's3' ? openS3RecordingStore(config.recordingStorage, store, config.ssh.nodeId, () => clock.now().toISOString()) : new LocalRecordingStore(config.ssh.recordingsDir),
    renderCaseForm: caseFormRenderer(config.http.publicUrl),
    renderSopDocument: sopDocumentRenderer(),
    renderSopEvaluation: sopEvaluationRenderer(),
    renderLogbook: logbookRenderer(),
    // operations (issue 14): a registry per App; prom-client is loaded only when the metrics start (jaga serve, a scrape).
    metrics: new PromMetrics(() => readStoreGauges(store)),
    // issue 13: the notification outbox (the email and webhook channels are wired here)
    notificationChannels: overrides.notificationChannels ?? [],
  };
}

let pdf: Promise<PdfRenderer> | undefined;

/**
 * The PDF adapter (pdfmake, pdfkit and the vendored fonts), loaded with the first document a
 * process renders: every other `jaga` command starts without it. One for all documents (pdfmake
 * keeps its fonts module-wide; each render sets them again).
 */
const pdfAdapter = (): Promise<PdfRenderer> => (pdf ??= import('../adapters/pdf/pdfmake-renderer.js').then((m) => m.pdfmakeRenderer()));

/**
 * The Form Laporan: its view model, the presenter's document, pdfmake with the vendored fonts
 * (loaded on first use). `publicUrl`: the installation's address for people; its QR code then
 * leads to the public check page.
 */
export function caseFormRenderer(publicUrl: string | null = null): CaseFormRenderer {
  const verifyUrl = publicUrl === null ? null : `${publicUrl}${VERIFY_PATH}`;
  return async (data, opts) => (await pdfAdapter()).render(formLaporanDocument(presentCaseForm(data), { ...opts, verifyUrl }));
}

/** The SOP as the signed document: the presenter's document (rows sized with the adapter's font metrics), pdfmake with the vendored fonts (loaded on first use). */
export function sopDocumentRenderer(): SopDocumentRenderer {
  return async (sop, opts) => {
    const pdf = await pdfAdapter();
    return pdf.render(sopDocument(sop, { ...opts, measure: pdf.measure }));
  };
}

/** The SOP monitoring and evaluation: the presenter's document, pdfmake with the vendored fonts (loaded on first use). */
export function sopEvaluationRenderer(): SopEvaluationRenderer {
  return async (data, opts) => (await pdfAdapter()).render(sopEvaluationDocument(data, opts));
}

/** The Logbook of a period: its view model, then the CSV presenter, or the PDF presenter's document through pdfmake. */
export function logbookRenderer(): LogbookRenderer {
  return async (data, opts) => {
    const v = presentLogbookReport(data);
    if (opts.format === 'csv') return new TextEncoder().encode(logbookReportCsv(v, opts.lang));
    return (await pdfAdapter()).render(logbookReportDocument(v, { lang: opts.lang }));
  };
}
