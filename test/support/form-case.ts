import { authorizeGatewayAccess } from '../../src/app/access/authorize-gateway-access.js';
import { closeGatewaySession, logGatewayEvent, openGatewaySession } from '../../src/app/access/gateway-session.js';
import { sessionRecordingKey } from '../../src/app/access/session-recordings.js';
import { acknowledgeReport } from '../../src/app/case/acknowledge-report.js';
import { approveCase } from '../../src/app/case/approve-case.js';
import { closeCase } from '../../src/app/case/close-case.js';
import { correctDocumentation } from '../../src/app/case/correct-documentation.js';
import { explainDeviation } from '../../src/app/case/explain-deviation.js';
import { prepareWorkstation } from '../../src/app/case/prepare-workstation.js';
import { recordRestoration } from '../../src/app/case/record-restoration.js';
import { recordRootCause } from '../../src/app/case/record-root-cause.js';
import { reportFault } from '../../src/app/case/report-fault.js';
import { returnCase } from '../../src/app/case/return-case.js';
import type { TestApp } from './test-app.js';
import { as } from './test-app.js';
import { enrolTotp } from './totp.js';

/** The fingerprint of the seeded workstation key (SSH_KEY), as the gateway reads it. */
export const ANDI_KEY = 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU';
const CAST = '{"version":2,"width":80,"height":24}\n[0.1,"o","spseadm@spse:~$ "]\n[0.5,"i","systemctl restart tomcat\\r"]\n';

/** What the Form Laporan fixture wrote, for the assertions. */
export interface FormCaseFixture {
  readonly caseId: string;
  readonly sessionId: string;
  readonly recordingSha256: string;
  readonly transfer: { readonly path: string; readonly sha256: string; readonly bytes: number };
  readonly texts: {
    readonly location: string; readonly initialFix: string; readonly rootCause: string; readonly permanentFix: string;
    readonly explanation: string; readonly returnReason: string; readonly rootCauseBefore: string;
  };
}

export const LONG_ANALYSIS = 'Akar masalah: partisi /var pada server SPSE produksi penuh karena berkas log catalina.out dan log akses Apache tidak pernah dirotasi '
  + 'sejak pemasangan ulang pada bulan Juli; ketika ruang disk habis, Tomcat gagal menulis berkas sesi sehingga setiap permintaan login penyedia '
  + 'dijawab dengan galat 502 oleh proksi balik. Pemeriksaan lanjutan menunjukkan bahwa pemantauan kapasitas disk tidak mengirimkan peringatan '
  + 'karena ambang batasnya disetel pada sembilan puluh sembilan persen, sehingga kejadian serupa dapat terulang kapan saja tanpa pemberitahuan '
  + 'kepada Administrator Sistem LPSE maupun Koordinator LPSE. Galat di log: TOMCAT_SESSION_WRITE_FAILED_NO_SPACE_LEFT_ON_DEVICE_VAR_LIB_TOMCAT9_WORK_CATALINA_LOCALHOST_SPSE. '
  + 'Kata-terakhir-penanda.';

/**
 * A case of the seeded world (seedWorld) taken through the real use cases to an approved record,
 * with everything the Form Laporan shows: a missed B1 standard with its explanation, the A1 checks,
 * one gateway session from the office intranet with a recorded channel and an SFTP upload, B4/B5
 * (B5's root cause a long Indonesian analysis), a return for correction and its correction, the
 * re-close and the koordinator's approval.
 */
export async function approvedFormCase(t: TestApp): Promise<FormCaseFixture> {
  const { app, clock } = t;
  await enrolTotp(t, 'andi');
  const texts = {
    location: 'Kantor LPSE Provinsi Gorontalo, Ruang Server lantai 2',
    initialFix: 'Menghapus berkas log lama di /var/log/tomcat9 dan memulai ulang layanan Tomcat; login penyedia kembali normal.',
    rootCauseBefore: 'Disk penuh',
    rootCause: LONG_ANALYSIS,
    permanentFix: 'Rotasi log harian dengan logrotate (simpan 14 hari, dikompresi) dan ambang peringatan disk diturunkan ke 80 persen.',
    explanation: 'Laporan masuk pukul 08.55 di luar jam piket; koordinator baru menerima informasi gangguan setelah rapat.',
    returnReason: 'Analisa akar masalah belum menjelaskan mengapa pemantauan tidak memberi peringatan.',
  };
  const c = await reportFault(app, as('pelapor'), {
    unit: 'gorontalo', target: 'spse', system: 'SPSE produksi', description: 'Penyedia tidak dapat login ke SPSE: galat 502 Bad Gateway', urgency: 'high', channel: 'phone',
  });
  clock.advanceMinutes(75); // B1's standard is 60 minutes: 15 minutes late
  await acknowledgeReport(app, as('koor'), c.id, { classification: 'aplikasi', impact: 'Seluruh penyedia tidak dapat mengunggah penawaran', executor: 'andi' });
  await explainDeviation(app, as('andi'), c.id, { step: 'B1', explanation: texts.explanation });
  clock.advanceMinutes(20);
  await prepareWorkstation(app, as('andi'), c.id, { workstation: 'LPSE-NB-001', location: texts.location, network: 'kantor-lpse', sourceIp: '127.0.0.1' });
  clock.advanceMinutes(5);
  const grant = await authorizeGatewayAccess(app, { username: 'andi', target: 'spse', keyFingerprint: ANDI_KEY, sourceIp: '127.0.0.1' });
  const s = await openGatewaySession(app, grant, { id: 'gw-form-1', sourceIp: '127.0.0.1', keyFingerprint: ANDI_KEY, nodeId: 'test' });
  const file = sessionRecordingKey(s.id, 0);
  const writer = await app.recordings.create(file);
  await writer.append(Buffer.from(CAST));
  const rec = await writer.finish();
  await logGatewayEvent(app, s, 'gateway.recording_closed', { channel: 0, file, sha256: rec.sha256, bytes: rec.bytes });
  const transfer = { path: '/etc/logrotate.d/tomcat9', sha256: 'ab'.repeat(32), bytes: 2048 };
  await logGatewayEvent(app, s, 'gateway.file_transfer', { channel: 1, protocol: 'sftp', op: 'upload', ...transfer, status: 'ok' });
  clock.advanceMinutes(12);
  await recordRestoration(app, as('andi'), c.id, { initialFix: texts.initialFix });
  clock.advanceMinutes(30);
  await recordRootCause(app, as('andi'), c.id, { rootCause: texts.rootCauseBefore, permanentFix: texts.permanentFix });
  clock.advanceMinutes(3);
  await closeGatewaySession(app, s.id, { endReason: 'client_closed', bytesUp: 30, bytesDown: 160, recordings: [{ channel: 0, file, ...rec }] });
  clock.advanceMinutes(10);
  await closeCase(app, as('andi'), c.id, { notes: 'Selesai' });
  clock.advanceMinutes(30);
  await returnCase(app, as('koor'), c.id, { reason: texts.returnReason });
  clock.advanceMinutes(15);
  await correctDocumentation(app, as('andi'), c.id, { rootCause: texts.rootCause });
  await closeCase(app, as('andi'), c.id, {});
  clock.advanceMinutes(45);
  await approveCase(app, as('koor'), c.id, { notes: 'Disetujui' });
  return { caseId: c.id, sessionId: s.id, recordingSha256: rec.sha256, transfer, texts };
}
