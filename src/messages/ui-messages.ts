import type { Bilingual } from './lang.js';

/**
 * Words that are not errors: labels, headings, prompts, banners, notices. Keys are
 * `<surface>.<name>` (`gateway.terminated`, `case.label.status` …); a function entry takes the
 * values it needs. Sections by surface keep merges apart.
 */
/** What a registry lifecycle command changed (`Diubah: … / Changed: …`), before its subject. */
const REGISTRY_CHANGES = {
  user_deactivated: { id: 'pengguna dinonaktifkan', en: 'user deactivated' },
  user_reactivated: { id: 'pengguna diaktifkan kembali', en: 'user reactivated' },
  password_reset: { id: 'kata sandi disetel ulang', en: 'password reset' },
  totp_reset: { id: 'TOTP disetel ulang', en: 'TOTP reset' },
  sign_in_unlocked: { id: 'kunci masuk dibuka', en: 'sign-in unlocked' },
  own_password: { id: 'kata sandi', en: 'password of' },
  key_revoked: { id: 'kunci dicabut', en: 'key revoked' },
  workstation_retired: { id: 'workstation dipensiunkan', en: 'workstation retired' },
  network_edited: { id: 'jaringan', en: 'network' },
  network_retired: { id: 'jaringan dipensiunkan', en: 'network retired' },
  target_edited: { id: 'target', en: 'target' },
  host_key_pinned: { id: 'host key', en: 'host key' },
  target_retired: { id: 'target dipensiunkan', en: 'target retired' },
  grant_revoked: { id: 'hak akses dicabut', en: 'grant revoked' },
} as const satisfies Record<string, { id: string; en: string }>;
export type RegistryChange = keyof typeof REGISTRY_CHANGES;

/** What `jaga verify-bundle` checked (app/bundle/verify-evidence-bundle.ts `BundleCounts`, with the case and checkpoint). */
interface BundleCounts {
  readonly caseId: string; readonly seq: number; readonly caseEntries: number; readonly sealedEntries: number;
  readonly recordings: number; readonly sessions: number; readonly transfers: number;
}

export const UI_MESSAGES = {
  // ── gateway (stderr lines, prompts) ──────────────────────────────────────────────────
  // Bodies of the gateway's lines; src/presenters/gateway-messages.ts frames them (`Jaga: …`, the
  // refusal tag, both languages before the user is known) and neutralises control characters in values.
  'gateway.refused': { id: 'DITOLAK', en: 'REFUSED' },
  'gateway.internal_error': {
    id: (p: { ref: string }) => `kesalahan internal gateway (ref ${p.ref}); hubungi admin`,
    en: (p: { ref: string }) => `internal gateway error (ref ${p.ref}); contact the administrator`,
  },
  'gateway.bad_login_name': {
    id: (p: { name: string }) => `nama login harus PENGGUNA:TARGET atau PENGGUNA+TARGET (mis. andi+spse-gorontalo), bukan '${p.name}'`,
    en: (p: { name: string }) => `the login name must be USER:TARGET or USER+TARGET (e.g. andi+spse-gorontalo), not '${p.name}'`,
  },
  'gateway.target_unreachable': {
    id: (p: { target: string; why: string }) => `target ${p.target} tidak dapat dihubungi (${p.why})`,
    en: (p: { target: string; why: string }) => `target ${p.target} cannot be reached (${p.why})`,
  },
  'gateway.forwarding_refused': {
    id: 'penerusan port/agen/X11 tidak diizinkan karena melewati perekaman',
    en: 'port, agent and X11 forwarding are refused: they bypass recording',
  },
  'gateway.subsystem_refused': {
    id: (p: { name: string }) => `subsistem '${p.name}' tidak didukung (hanya sftp)`,
    en: (p: { name: string }) => `subsystem '${p.name}' is not supported (sftp only)`,
  },
  'gateway.recording_failed': {
    id: 'perekaman sesi gagal; sesi diakhiri (SOP: tanpa rekaman, tanpa akses)',
    en: 'session recording failed; the session is ended (no recording, no access)',
  },
  'gateway.terminated': {
    id: (p: { by: string }) => `sesi diakhiri oleh ${p.by}`,
    en: (p: { by: string }) => `the session was terminated by ${p.by}`,
  },
  'gateway.shutdown': { id: 'gateway dihentikan; sesi diakhiri', en: 'the gateway is shutting down; the session is ended' },
  'gateway.idle': {
    id: (p: { minutes: number }) => `sesi diakhiri karena tidak ada aktivitas selama ${p.minutes} menit`,
    en: (p: { minutes: number }) => `the session was ended after ${p.minutes} minutes without activity`,
  },
  'gateway.transfer_unobservable': {
    id: 'transfer berkas tidak dapat dicatat lagi; kanal diakhiri (SOP: setiap transfer dicatat)',
    en: 'the file transfer can no longer be logged; the channel is ended (every transfer is logged)',
  },
  'gateway.access_revoked': {
    id: (p: { why: string }) => `akses dicabut (${p.why}); sesi diakhiri`,
    en: (p: { why: string }) => `access revoked (${p.why}); the session is ended`,
  },
  'gateway.access_unconfirmed': { id: 'akses tidak dapat dipastikan', en: 'access cannot be confirmed' },
  'gateway.target_closed': { id: 'koneksi ke target terputus', en: 'the connection to the target was lost' },
  'gateway.totp_prompt': { id: 'Kode TOTP', en: 'TOTP code' },
  'gateway.totp_instructions': { id: 'masukkan kode TOTP dari aplikasi autentikator', en: 'enter the TOTP code from your authenticator app' },
  // resource limits
  'gateway.too_many_refusals': {
    id: (p: { limit: number }) => `lebih dari ${p.limit} permintaan ditolak (penerusan, jenis kanal tak dikenal…); sesi diakhiri`,
    en: (p: { limit: number }) => `more than ${p.limit} requests were refused (forwarding, unknown channel types…); the session is ended`,
  },
  // recording and transfer audit (issue 10)
  'gateway.recording_quota': {
    id: (p: { quota: string }) => `kuota rekaman sesi ini (${p.quota}) habis; kanal diakhiri (SOP: tidak ada data yang lewat tanpa direkam). Pindahkan berkas dengan scp atau sftp: setiap berkas dicatat dengan SHA-256 tanpa kuota`,
    en: (p: { quota: string }) => `this session's recording quota (${p.quota}) is used up; the channel is ended (nothing passes unrecorded). Transfer files with scp or sftp: each file is logged with its SHA-256, without a quota`,
  },
  // The operator log of `jaga serve` (its --lang / JAGA_LANG: presenters/gateway-messages.ts operatorLines), after `gateway: `:
  'gateway.log.source_blocked': {
    id: (p: { ip: string; minutes: number; refusals: number }) => `${p.ip} diblokir ${p.minutes} menit setelah ${p.refusals} penolakan`,
    en: (p: { ip: string; minutes: number; refusals: number }) => `${p.ip} blocked for ${p.minutes} minutes after ${p.refusals} refusals`,
  },
  'gateway.log.lost_node_sessions_closed': {
    id: (p: { count: number }) => `${p.count} sesi dari node yang hilang ditutup`,
    en: (p: { count: number }) => `${p.count} sessions of a lost node were closed`,
  },
  'gateway.log.abandoned_sessions_closed': {
    id: (p: { count: number }) => `${p.count} sesi yang tertinggal terbuka ditutup`,
    en: (p: { count: number }) => `${p.count} sessions left open by a previous process were closed`,
  },
  // Evidence, read by an auditor later: always both languages (presenters/gateway-messages.ts evidenceText).
  'gateway.typed_at_prompt': { id: 'diketik pada prompt kata sandi', en: 'typed at a password prompt' },



  // ── cli ───────────────────────────────────────────────────────────────────────────────
  // Registry lists and lifecycle (cli/commands/registry.commands.ts, presenters/registry-list.ts):
  'cli.registry.active': { id: 'aktif', en: 'active' },
  'cli.registry.deactivated': { id: 'dinonaktifkan', en: 'deactivated' },
  'cli.registry.retired': { id: 'dipensiunkan', en: 'retired' },
  'cli.registry.revoked': { id: 'dicabut', en: 'revoked' },
  'cli.registry.expired': { id: 'kedaluwarsa', en: 'expired' },
  'cli.registry.must_change_password': { id: 'wajib ganti kata sandi', en: 'must change password' },
  'cli.registry.all_units': { id: 'semua unit', en: 'all units' },
  'cli.registry.all_targets': { id: 'semua target', en: 'all targets' },
  'cli.registry.not_owned': { id: 'bukan milik organisasi', en: 'not organisation-owned' },
  'cli.registry.empty': { id: '(kosong)', en: '(none)' },
  'cli.registry.changed': {
    id: (p: { change: RegistryChange; subject: string }) => `Diubah: ${REGISTRY_CHANGES[p.change].id} ${p.subject}`,
    en: (p: { change: RegistryChange; subject: string }) => `Changed: ${REGISTRY_CHANGES[p.change].en} ${p.subject}`,
  },
  'cli.registry.unit_created': { id: 'Unit dibuat', en: 'unit created' },
  'cli.registry.user_created': { id: 'Pengguna dibuat', en: 'user created' },
  'cli.registry.network_created': { id: 'Jaringan dibuat', en: 'network created' },
  'cli.registry.workstation_registered': { id: 'Workstation didaftarkan', en: 'workstation registered' },
  'cli.registry.target_registered': { id: 'Target didaftarkan', en: 'target registered' },
  'cli.registry.grant_created': { id: 'Hak akses dibuat', en: 'grant created' },
  'cli.registry.national_short': { id: 'nasional', en: 'national' },
  'cli.registry.until': { id: 's.d.', en: 'until' },
  'cli.registry.scanned': {
    id: (p: { target: string; host: string; fingerprint: string; keyType: string; pinned: string }) =>
      `Host key ${p.target} (${p.host}): ${p.keyType} ${p.fingerprint}; tersemat sekarang: ${p.pinned}`,
    en: (p: { target: string; host: string; fingerprint: string; keyType: string; pinned: string }) =>
      `Host key of ${p.target} (${p.host}): ${p.keyType} ${p.fingerprint}; pinned now: ${p.pinned}`,
  },
  'cli.registry.confirm_pin': { id: 'Sematkan host key ini? Ketik "ya"', en: 'Pin this host key? Type "yes"' },
  'cli.registry.pin_declined': { id: 'Tidak disematkan; tidak ada yang diubah.', en: 'Not pinned; nothing changed.' },
  'cli.serve.first_user_hint': {
    id: 'Jaga: belum ada pengguna. Di terminal lain buat pengguna pertama:',
    en: 'Jaga: no user yet. In another terminal create the first user:',
  },
  'cli.language_set': {
    id: (p: { username: string; language: string }) => `${p.username} membaca Jaga dalam ${p.language}.`,
    en: (p: { username: string; language: string }) => `${p.username} reads Jaga in ${p.language}.`,
  },
  'cli.language_cleared': {
    id: (p: { username: string }) => `${p.username} tidak lagi memilih bahasa: bahasa klien (Accept-Language), selain itu Bahasa Indonesia.`,
    en: (p: { username: string }) => `${p.username} has no language preference now: the client's (Accept-Language), else Indonesian.`,
  },
  'cli.error.prefix': { id: 'galat', en: 'error' },
  'cli.error.internal': { id: 'kesalahan internal; lihat detail di bawah', en: 'internal error; details below' },
  'cli.help.required': { id: 'wajib', en: 'required' },
  'cli.help.lang': {
    id: 'bahasa pesan dan keluaran: id | en (bawaan: $JAGA_LANG; tanpa keduanya galat ditulis dalam dua bahasa)',
    en: 'language of messages and output: id | en (default: $JAGA_LANG; without either, errors are shown in both)',
  },
  'cli.case.a1_failed': {
    id: (p: { code: string; reason: { id: string; en: string } }) => `A1${p.code} gagal: ${p.reason.id}`,
    en: (p: { code: string; reason: { id: string; en: string } }) => `A1${p.code} failed: ${p.reason.en}`,
  },
  'cli.case.b3_blocked': { id: 'B3 diblokir sampai persiapan lulus', en: 'B3 is blocked until a preparation passes' },
  'cli.logbook.intact': { id: 'Logbook utuh', en: 'logbook intact' },
  'cli.logbook.entries': { id: 'entri', en: 'entries' },
  'cli.logbook.head': { id: 'kepala', en: 'head' },
  'cli.logbook.checked': { id: 'diperiksa', en: 'checked' },
  'cli.logbook.no_checkpoint_note': {
    id: 'catatan: tanpa --checkpoint, pemotongan dan entri setelah checkpoint terakhir hanya dilindungi rantai hash; simpan checkpoint ekspor di luar mesin ini',
    en: 'note: without --checkpoint, truncation and entries after the last checkpoint rest on the hash chain alone; keep exported checkpoints off this machine',
  },
  'cli.logbook.broken': {
    id: (p: { seq: number | string; message: { id: string; en: string } }) => `Logbook RUSAK pada entri #${p.seq}: ${p.message.id}`,
    en: (p: { seq: number | string; message: { id: string; en: string } }) => `Logbook BROKEN at entry #${p.seq}: ${p.message.en}`,
  },
  'cli.logbook.broken_unlogged': {
    id: (p: { message: { id: string; en: string } }) => `Logbook RUSAK (data tersimpan yang tidak dicatat logbook): ${p.message.id}`,
    en: (p: { message: { id: string; en: string } }) => `Logbook BROKEN (stored data the logbook never recorded): ${p.message.en}`,
  },
  'cli.logbook.witnessed': {
    id: (p: { checkpoints: number; witnesses: number }) => `${p.checkpoints} checkpoint dari ${p.witnesses} saksi cocok dengan rantai`,
    en: (p: { checkpoints: number; witnesses: number }) => `${p.checkpoints} checkpoints from ${p.witnesses} witnesses match the chain`,
  },
  'cli.logbook.exported': { id: (p: { count: number }) => `${p.count} entri diekspor`, en: (p: { count: number }) => `${p.count} entries exported` },
  'cli.logbook.checkpoint_written': {
    id: (p: { seq: number; file: string }) => `Checkpoint #${p.seq} ditulis: ${p.file}`,
    en: (p: { seq: number; file: string }) => `Checkpoint #${p.seq} written: ${p.file}`,
  },
  // API tokens and enrolment codes (cli/commands/token.commands.ts), backup, target credentials, the serve and witness banners:
  'cli.token.enrolment_code': {
    id: (p: { username: string; expiresAt: string }) =>
      `Kode pendaftaran TOTP untuk ${p.username}, sekali pakai, berlaku sampai ${p.expiresAt}; berikan langsung kepada pengguna.`,
    en: (p: { username: string; expiresAt: string }) =>
      `TOTP enrolment code for ${p.username}, single use, valid until ${p.expiresAt}; hand it to the user directly.`,
  },
  'cli.token.created': {
    id: (p: { name: string; scope: string; expiresAt: string }) =>
      `Token ${p.name} (${p.scope}) berlaku sampai ${p.expiresAt}; simpan sekarang, tidak ditampilkan lagi.`,
    en: (p: { name: string; scope: string; expiresAt: string }) =>
      `Token ${p.name} (${p.scope}) valid until ${p.expiresAt}; store it now, it is not shown again.`,
  },
  'cli.token.revoked': { id: (p: { name: string }) => `Token ${p.name} dicabut`, en: (p: { name: string }) => `Token ${p.name} revoked` },
  'cli.backup.written': { id: 'Cadangan ditulis', en: 'backup written' },
  'cli.backup.pg_dump_hint': {
    id: 'jalankan perintah di atas (kata sandi lewat PGPASSWORD/.pgpass)', en: 'run the command above (password via PGPASSWORD/.pgpass)',
  },
  'cli.registry.credential_stored': { id: 'Kredensial target disimpan', en: 'target credential stored' },
  'cli.registry.append_public_key': {
    id: (p: { target: string }) => `Tambahkan baris di atas ke authorized_keys akun login target ${p.target}`,
    en: (p: { target: string }) => `append the line above to the authorized_keys of target ${p.target}'s login account`,
  },
  'cli.serve.metrics': {
    id: (p: { url: string }) => `Metrik Prometheus tanpa autentikasi di ${p.url}`,
    en: (p: { url: string }) => `Prometheus metrics without authentication on ${p.url}`,
  },
  'cli.serve.listening': {
    id: (p: { address: string; database: string }) => `Jaga mendengarkan di ${p.address} (${p.database}); dokumentasi API: ${p.address}/api/docs`,
    en: (p: { address: string; database: string }) => `Jaga listening on ${p.address} (${p.database}); API documentation: ${p.address}/api/docs`,
  },
  'cli.serve.gateway': {
    id: (p: { host: string; port: number }) => `Gateway SSH di ${p.host}:${p.port} (ssh -p ${p.port} PENGGUNA+TARGET@host)`,
    en: (p: { host: string; port: number }) => `SSH gateway on ${p.host}:${p.port} (ssh -p ${p.port} USER+TARGET@host)`,
  },
  'cli.serve.stopping': { id: (p: { signal: string }) => `${p.signal}: berhenti dengan rapi`, en: (p: { signal: string }) => `${p.signal}: shutting down gracefully` },
  'cli.witness.listening': {
    id: (p: { keyId: string; address: string; dir: string }) => `Saksi untuk ${p.keyId} mendengarkan di ${p.address}, menyimpan ${p.dir}`,
    en: (p: { keyId: string; address: string; dir: string }) => `Witness for ${p.keyId} listening on ${p.address}, keeping ${p.dir}`,
  },
  // The evidence bundle (cli/commands/bundle.commands.ts): export and the offline check.
  'cli.bundle.written': {
    id: (p: { caseId: string; file: string; bytes: number; sha256: string; seq: number }) =>
      `Bundel bukti kasus ${p.caseId} ditulis: ${p.file} (${p.bytes} byte, SHA-256 ${p.sha256}), rantai sampai checkpoint #${p.seq}; ekspor dicatat di logbook`,
    en: (p: { caseId: string; file: string; bytes: number; sha256: string; seq: number }) =>
      `Evidence bundle of case ${p.caseId} written: ${p.file} (${p.bytes} bytes, SHA-256 ${p.sha256}), chain up to checkpoint #${p.seq}; the export is logged`,
  },
  'cli.bundle.intact': {
    id: (p: BundleCounts) =>
      `Bundel bukti UTUH: kasus ${p.caseId}; ${p.caseEntries} entri kasus dan ${p.sealedEntries} entri kasus lain (disegel, tanpa isi) terhubung sampai checkpoint #${p.seq} bertanda tangan; ` +
      `${p.recordings} rekaman cocok dengan SHA-256 di logbook; ${p.sessions} sesi gateway, ${p.transfers} transfer berkas dan dokumen kasus cocok dengan logbook; manifest bertanda tangan`,
    en: (p: BundleCounts) =>
      `Evidence bundle INTACT: case ${p.caseId}; ${p.caseEntries} case entries and ${p.sealedEntries} other cases' entries (sealed, no content) link up to signed checkpoint #${p.seq}; ` +
      `${p.recordings} recordings match their SHA-256 in the logbook; ${p.sessions} gateway sessions, ${p.transfers} file transfers and the case document match the logbook; manifest signed`,
  },
  'cli.bundle.form': {
    id: (p: { present: boolean }) => (p.present ? 'Form Laporan: ada, SHA-256-nya dicatat terbit di logbook' : 'Form Laporan: tidak disertakan'),
    en: (p: { present: boolean }) => (p.present ? 'Form Laporan: included, its SHA-256 logged as issued' : 'Form Laporan: not included'),
  },
  'cli.bundle.key_supplied': {
    id: (p: { keyId: string }) => `Tanda tangan diperiksa dengan kunci publik yang Anda berikan (--key): ${p.keyId}`,
    en: (p: { keyId: string }) => `Signatures checked against the public key you supplied (--key): ${p.keyId}`,
  },
  'cli.bundle.key_bundled_only': {
    id: (p: { keyId: string }) => `PERHATIAN: tanpa --key, tanda tangan hanya diperiksa dengan kunci di dalam bundel (${p.keyId}). Itu membuktikan bundel utuh, ` +
      'bukan bahwa bundel berasal dari instalasi itu: siapa pun dapat membuat kunci dan bundel sendiri. Dapatkan kunci publik instalasi ' +
      '(jaga logbook public-key, atau dari saksinya) lewat jalur tepercaya dan jalankan lagi dengan --key FILE.',
    en: (p: { keyId: string }) => `NOTE: without --key, signatures were checked only against the key inside the bundle (${p.keyId}). That proves the bundle is whole, ` +
      "not that it comes from that installation: anyone can make a key and a bundle of their own. Obtain the installation's public key " +
      '(jaga logbook public-key, or from its witness) through a trusted channel and run again with --key FILE.',
  },
  'cli.bundle.broken': {
    id: (p: { count: number }) => `Bundel bukti RUSAK: ${p.count} temuan`, en: (p: { count: number }) => `Evidence bundle BROKEN: ${p.count} findings`,
  },
  'cli.bundle.problem': {
    id: (p: { part: string; message: { id: string; en: string } }) => `  [${p.part}] ${p.message.id}`,
    en: (p: { part: string; message: { id: string; en: string } }) => `  [${p.part}] ${p.message.en}`,
  },



  // ── case views (labels, step names, statuses) ────────────────────────────────────────
  'case.heading': { id: (p: { id: string }) => `Kasus ${p.id}`, en: (p: { id: string }) => `Case ${p.id}` },
  'case.label.status': { id: 'Status', en: 'Status' },
  'case.label.step_in_progress': { id: 'langkah berjalan', en: 'step in progress' },
  'case.label.sop': { id: 'SOP', en: 'SOP' },
  'case.label.unit': { id: 'Unit LPSE', en: 'LPSE unit' },
  'case.label.time_zone': { id: 'waktu ditampilkan dalam', en: 'times shown in' },
  'case.label.target': { id: 'Target', en: 'Target' },
  'case.label.system': { id: 'Sistem', en: 'System' },
  'case.label.urgency': { id: 'Urgensi', en: 'Urgency' },
  'case.label.channel': { id: 'Saluran', en: 'Channel' },
  'case.label.reported': { id: 'Dilaporkan', en: 'Reported' },
  'case.label.by': { id: (p: { who: string }) => `oleh ${p.who}`, en: (p: { who: string }) => `by ${p.who}` },
  'case.label.at': { id: (p: { when: string }) => `pada ${p.when}`, en: (p: { when: string }) => `on ${p.when}` },
  'case.label.description': { id: 'Uraian', en: 'Description' },
  'case.label.classification': { id: 'Klasifikasi', en: 'Classification' },
  'case.label.impact': { id: 'Dampak', en: 'Impact' },
  'case.label.executor': { id: 'Pelaksana', en: 'Executor' },
  'case.label.recorded': { id: 'Dicatat', en: 'Recorded' },
  'case.label.workstation': { id: 'Workstation', en: 'Workstation' },
  'case.label.location': { id: 'Lokasi', en: 'Location' },
  'case.label.network': { id: 'Jaringan', en: 'Network' },
  'case.label.source_ip': { id: 'alamat sumber', en: 'source address' },
  'case.label.initial_fix': { id: 'Tindakan', en: 'What was done' },
  'case.label.root_cause': { id: 'Akar masalah', en: 'Root cause' },
  'case.label.permanent_fix': { id: 'Perbaikan permanen', en: 'Permanent fix' },
  'case.label.notes': { id: 'Catatan', en: 'Notes' },
  'case.label.reason': { id: 'Alasan', en: 'Reason' },
  'case.label.cancelled_from': { id: 'dibatalkan dari status', en: 'cancelled from status' },
  'case.section.b1': { id: 'B1 Informasi gangguan', en: 'B1 fault information' },
  'case.section.b2': { id: 'B2 Persiapan workstation', en: 'B2 workstation preparation' },
  'case.section.b3': { id: 'B3 Akses', en: 'B3 accesses' },
  'case.section.b4': { id: 'B4 Perbaikan awal', en: 'B4 initial repair' },
  'case.section.b5': { id: 'B5 Perbaikan lanjut', en: 'B5 follow-up repair' },
  'case.section.b6': { id: 'B6 Penutupan di Logbook', en: 'B6 closed in the Logbook' },
  'case.section.approval': { id: 'Menyetujui', en: 'Approval (Menyetujui)' },
  'case.section.cancellation': { id: 'Dibatalkan', en: 'Cancelled' },
  'case.section.timeline': { id: 'Langkah SOP: mutu baku dan waktu nyata', en: 'SOP steps: time standard and actual times' },
  'case.access.open': { id: 'masih terbuka', en: 'still open' },
  'case.access.via.gateway': { id: 'melalui gateway', en: 'through the gateway' },
  'case.access.via.manual': { id: 'dicatat manual', en: 'recorded by hand' },
  'case.access.none': { id: 'belum ada akses', en: 'no access yet' },
  'case.timeline.standard': { id: (p: { minutes: number }) => `mutu baku ${p.minutes} menit`, en: (p: { minutes: number }) => `time standard ${p.minutes} min` },
  'case.timeline.no_standard': { id: 'tanpa mutu baku waktu', en: 'no time standard' },
  'case.timeline.started': { id: 'mulai', en: 'started' },
  'case.timeline.deadline': { id: 'batas', en: 'due' },
  'case.timeline.completed': { id: 'selesai', en: 'completed' },
  'case.timeline.in_progress': { id: 'sedang berjalan', en: 'in progress' },
  'case.timeline.not_started': { id: 'belum dimulai', en: 'not started' },
  'case.timeline.deviation': {
    id: (p: { minutes: number }) => `penyimpangan mutu baku: terlambat ${p.minutes} menit`, en: (p: { minutes: number }) => `deviation: ${p.minutes} min over the time standard`,
  },
  'case.timeline.running_late': {
    id: (p: { minutes: number }) => `lewat batas ${p.minutes} menit (masih berjalan)`, en: (p: { minutes: number }) => `${p.minutes} min past the deadline (still running)`,
  },
  'case.timeline.explanation': { id: 'penjelasan', en: 'explanation' },
  'case.timeline.unexplained': { id: 'BELUM DIJELASKAN', en: 'NOT YET EXPLAINED' },
  'case.step.B1': { id: 'Menerima laporan gangguan', en: 'Receive the fault report' },
  'case.step.B2': { id: 'Menyiapkan workstation', en: 'Prepare the workstation' },
  'case.step.B3': { id: 'Mengakses sistem yang mengalami gangguan', en: 'Access the faulty system' },
  'case.step.B4': { id: 'Perbaikan awal', en: 'Initial repair' },
  'case.step.B5': { id: 'Perbaikan lanjut (akar masalah)', en: 'Follow-up repair (root cause)' },
  'case.step.B6': { id: 'Menyelesaikan dalam Logbook', en: 'Complete in the Logbook' },
  'case.status.reported': { id: 'dilaporkan', en: 'reported' },
  'case.status.acknowledged': { id: 'diakui', en: 'acknowledged' },
  'case.status.prepared': { id: 'siap diakses', en: 'prepared' },
  'case.status.in_repair': { id: 'dalam perbaikan', en: 'in repair' },
  'case.status.restored': { id: 'layanan pulih', en: 'restored' },
  'case.status.root_caused': { id: 'akar masalah diperbaiki', en: 'root cause fixed' },
  'case.status.closed': { id: 'ditutup', en: 'closed' },
  'case.status.approved': { id: 'disetujui', en: 'approved' },
  'case.status.cancelled': { id: 'dibatalkan', en: 'cancelled' },
  'case.urgency.low': { id: 'rendah', en: 'low' },
  'case.urgency.medium': { id: 'sedang', en: 'medium' },
  'case.urgency.high': { id: 'tinggi', en: 'high' },
  'case.urgency.critical': { id: 'kritis', en: 'critical' },
  'case.channel.web': { id: 'web', en: 'web' },
  'case.channel.api': { id: 'API', en: 'API' },
  'case.channel.phone': { id: 'telepon', en: 'phone' },
  'case.channel.email': { id: 'surel', en: 'email' },
  'case.channel.chat': { id: 'obrolan', en: 'chat' },
  'case.channel.monitoring': { id: 'pemantauan', en: 'monitoring' },
  'case.channel.cli': { id: 'CLI', en: 'CLI' },
  'case.channel.other': { id: 'lainnya', en: 'other' },
  'case.a1.heading': { id: 'A1 pemeriksaan workstation', en: 'A1 workstation checks' },
  'case.a1.passed': { id: 'lulus', en: 'passed' },
  'case.a1.failed': { id: 'GAGAL', en: 'FAILED' },
  'case.a1.ok': { id: 'ok', en: 'ok' },
  'case.a1.optional': { id: 'tidak wajib', en: 'optional' },
  'case.a2.heading': { id: 'A2 dokumentasi', en: 'A2 documentation' },
  'case.a2.location': { id: 'Lokasi perbaikan', en: 'Repair location' },
  'case.a2.network': { id: 'Jaringan yang digunakan', en: 'Network used' },
  'case.a2.date': { id: 'Tanggal', en: 'Date' },
  'case.a2.access_start': { id: 'waktu mulai akses', en: 'access start' },
  'case.a2.access_end': { id: 'waktu selesai', en: 'access end' },
  'case.a2.analysis': { id: 'Analisa gangguan', en: 'Fault analysis' },
  'case.a2.repair': { id: 'Perbaikan', en: 'Repair' },
  'case.a2.complete': { id: 'lengkap', en: 'complete' },
  'case.a2.missing': { id: 'belum lengkap', en: 'incomplete' },
  'case.list.count': {
    id: (p: { shown: number; total: number }) => `${p.shown} dari ${p.total}`, en: (p: { shown: number; total: number }) => `${p.shown} of ${p.total}`,
  },
  'case.list.empty': { id: 'Tidak ada kasus.', en: 'No cases.' },
  'sop.version': { id: 'versi', en: 'version' },
  'sop.optional': { id: 'tidak wajib', en: 'optional' },
  'sop.procedure': { id: 'Prosedur', en: 'Procedure' },
  'sop.executor': { id: 'pelaksana', en: 'executor' },
  'sop.requirement': { id: 'persyaratan', en: 'requirement' },
  'sop.time': { id: 'waktu', en: 'time' },
  'sop.minutes': { id: (p: { minutes: number }) => `${p.minutes} menit`, en: (p: { minutes: number }) => `${p.minutes} min` },
  'sop.output': { id: 'output', en: 'output' },
  'sop.note': { id: 'keterangan', en: 'note' },
  'sop.network_only': { id: (p: { network: string }) => `hanya jaringan ${p.network}`, en: (p: { network: string }) => `${p.network} networks only` },
  // sealed input typed at secret prompts
  'case.masked.heading': { id: 'Masukan tersegel (diketik pada prompt kata sandi)', en: 'Sealed input (typed at password prompts)' },
  'case.masked.session': {
    id: (p: { session: string; lines: number }) => `sesi ${p.session}: ${p.lines} baris tersegel`,
    en: (p: { session: string; lines: number }) => `session ${p.session}: ${p.lines} sealed line(s)`,
  },
  'case.masked.flagged': {
    id: (p: { threshold: string }) => `DITANDAI: melebihi ambang ${p.threshold} baris; auditor dapat membukanya (jaga session reveal-input)`,
    en: (p: { threshold: string }) => `FLAGGED: over the threshold of ${p.threshold} line(s); an auditor can reveal them (jaga session reveal-input)`,
  },
  'cli.session.revealed_line': {
    id: (p: { line: number; channel: number; at: string }) => `baris ${p.line} (kanal ${p.channel}, ${p.at}):`,
    en: (p: { line: number; channel: number; at: string }) => `line ${p.line} (channel ${p.channel}, ${p.at}):`,
  },
  'cli.session.unreadable': { id: 'TIDAK DAPAT DIBUKA (segel diubah atau kunci lain)', en: 'CANNOT BE OPENED (seal altered or another key)' },
  'cli.session.no_masked_lines': { id: 'Sesi ini tidak memiliki masukan tersegel.', en: 'This session has no sealed input.' },
  // Networks and units: the warning on a public office network, national units, A2b's networks.
  'network.public_office_warning': {
    id: (p: { cidrs: string; confirmed: boolean }) =>
      `PERINGATAN: jaringan kantor dengan rentang publik ${p.cidrs} (${p.confirmed ? 'dikonfirmasi --public-office' : 'terdaftar sebelum konfirmasi --public-office ada'})`,
    en: (p: { cidrs: string; confirmed: boolean }) =>
      `WARNING: office network with public range ${p.cidrs} (${p.confirmed ? 'confirmed --public-office' : 'registered before --public-office existed'})`,
  },
  'cli.registry.national': { id: 'nasional (jaringannya untuk semua unit)', en: 'national (its networks serve every unit)' },
  'case.a2.access_count': {
    id: (p: { count: number }) => `${p.count} akses`, en: (p: { count: number }) => `${p.count} ${p.count === 1 ? 'access' : 'accesses'}`,
  },
  'case.a2.stated_at_b2': { id: 'dinyatakan di B2', en: 'stated at B2' },
  // Kembalikan: the trail of returns for correction.
  'case.section.return': {
    id: (p: { n: number }) => `Dikembalikan untuk diperbaiki (Kembalikan) #${p.n}`, en: (p: { n: number }) => `Returned for correction (Kembalikan) #${p.n}`,
  },
  'case.label.returned_closure': { id: 'Penutupan yang dikembalikan', en: 'Close returned' },
  'case.timeline.judged_at_first_close': {
    id: (p: { count: number }) => `dikembalikan ${p.count} kali; mutu baku dinilai pada penutupan pertama`,
    en: (p: { count: number }) => `returned ${p.count} ${p.count === 1 ? 'time' : 'times'}; the time standard was judged at the first close`,
  },
  'case.label.corrected': { id: 'Dikoreksi', en: 'Corrected' },
  'case.label.before_correction': { id: 'sebelumnya', en: 'before' },
  'case.label.awaiting_correction': { id: 'dikembalikan, menunggu perbaikan pelaksana', en: "returned, awaiting the executor's correction" },



  // ── reports: the Form Laporan Pelaksanaan Perbaikan Secara Remote (presenters/pdf/form-laporan.ts) ──
  'report.form.title': { id: 'FORM LAPORAN PELAKSANAAN PERBAIKAN SECARA REMOTE', en: 'REMOTE REPAIR EXECUTION REPORT FORM' },
  'report.form.subtitle': { id: 'Form Laporan Pelaksanaan Perbaikan Secara Remote', en: 'Remote repair execution report form' },
  'report.form.sop_number': { id: 'Nomor SOP', en: 'SOP number' },
  'report.form.sop_title': { id: 'Nama SOP', en: 'SOP title' },
  'report.form.sop_version': { id: 'Versi SOP', en: 'SOP version' },
  'report.form.effective_on': { id: 'Tanggal efektif', en: 'Effective on' },
  'report.form.case_number': { id: 'Nomor kasus', en: 'Case number' },
  'report.form.unit': { id: 'Unit LPSE', en: 'LPSE unit' },
  'report.form.status': { id: 'Status catatan', en: 'Record status' },
  // Section headings; the form numbers them (I., II. …) as they appear.
  'report.form.section.report': { id: 'INFORMASI GANGGUAN (B1)', en: 'FAULT INFORMATION (B1)' },
  'report.form.section.a2': { id: 'DOKUMENTASI PERBAIKAN (A2)', en: 'REPAIR DOCUMENTATION (A2)' },
  'report.form.section.a1': { id: 'HASIL PEMERIKSAAN WORKSTATION (A1)', en: 'WORKSTATION CHECK RESULTS (A1)' },
  'report.form.section.steps': { id: 'LANGKAH SOP: MUTU BAKU DAN WAKTU NYATA', en: 'SOP STEPS: TIME STANDARD AND ACTUAL TIME' },
  'report.form.section.sessions': { id: 'SESI GATEWAY DAN REKAMAN', en: 'GATEWAY SESSIONS AND RECORDINGS' },
  'report.form.section.transfers': { id: 'TRANSFER BERKAS', en: 'FILE TRANSFERS' },
  'report.form.section.returns': { id: 'PENGEMBALIAN UNTUK DIPERBAIKI', en: 'RETURNS FOR CORRECTION' },
  'report.form.section.logbook': { id: 'CATATAN LOGBOOK', en: 'LOGBOOK RECORD' },
  'report.form.target': { id: 'Server (target)', en: 'Server (target)' },
  'report.form.system': { id: 'Sistem yang mengalami gangguan', en: 'Affected system' },
  'report.form.reported': { id: 'Laporan diterima', en: 'Report received' },
  'report.form.reporter': { id: 'Pelapor', en: 'Reported by' },
  'report.form.description': { id: 'Uraian gangguan', en: 'Fault description' },
  'report.form.urgency': { id: 'Urgensi', en: 'Urgency' },
  'report.form.classification': { id: 'Klasifikasi', en: 'Classification' },
  'report.form.impact': { id: 'Dampak', en: 'Impact' },
  'report.form.executor': { id: 'Pelaksana', en: 'Executor' },
  'report.form.workstation': { id: 'Workstation', en: 'Workstation' },
  'report.form.a2.location': { id: 'a. Lokasi perbaikan', en: 'a. Repair location' },
  'report.form.a2.networks': { id: 'b. Jaringan yang digunakan', en: 'b. Network(s) used' },
  'report.form.a2.date': { id: 'c. Tanggal', en: 'c. Date' },
  // A leading space: a sub-field of the row above (indented on the form).
  'report.form.a2.access_start': { id: ' Waktu mulai akses', en: ' Access start' },
  'report.form.a2.access_end': { id: ' Waktu selesai', en: ' Access end' },
  'report.form.a2.analysis': { id: 'd. Analisa gangguan dan perbaikan', en: 'd. Fault analysis and repair' },
  'report.form.b4': { id: 'Perbaikan awal (B4)', en: 'Initial repair (B4)' },
  'report.form.b5_root_cause': { id: 'Akar masalah (B5)', en: 'Root cause (B5)' },
  'report.form.b5_permanent_fix': { id: 'Perbaikan permanen (B5)', en: 'Permanent fix (B5)' },
  'report.form.recorded_by': {
    id: (p: { who: string; when: string }) => `dicatat oleh ${p.who}, ${p.when}`, en: (p: { who: string; when: string }) => `recorded by ${p.who}, ${p.when}`,
  },
  'report.form.network_stated': { id: 'dinyatakan di B2', en: 'stated at B2' },
  'report.form.network_intranet': { id: 'intranet', en: 'intranet' },
  'report.form.network_not_intranet': { id: 'bukan intranet', en: 'not intranet' },
  'report.form.col.no': { id: 'No.', en: 'No.' },
  'report.form.col.provision': { id: 'Ketentuan A1', en: 'A1 provision' },
  'report.form.col.result': { id: 'Hasil', en: 'Result' },
  'report.form.col.remarks': { id: 'Keterangan', en: 'Remarks' },
  'report.form.col.step': { id: 'Kegiatan', en: 'Activity' },
  'report.form.col.standard': { id: 'Mutu baku', en: 'Time standard' },
  'report.form.col.started': { id: 'Mulai', en: 'Started' },
  'report.form.col.completed': { id: 'Selesai', en: 'Completed' },
  'report.form.col.actual': { id: 'Waktu nyata', en: 'Actual' },
  'report.form.col.deviation': { id: 'Penyimpangan dan penjelasan', en: 'Deviation and explanation' },
  'report.form.col.time': { id: 'Waktu', en: 'Time' },
  'report.form.col.source': { id: 'Alamat sumber', en: 'Source address' },
  'report.form.col.network': { id: 'Jaringan', en: 'Network' },
  'report.form.col.workstation': { id: 'Workstation', en: 'Workstation' },
  'report.form.col.recording': { id: 'Rekaman (kanal: SHA-256)', en: 'Recording (channel: SHA-256)' },
  'report.form.col.direction': { id: 'Arah', en: 'Direction' },
  'report.form.col.path': { id: 'Berkas (path)', en: 'File (path)' },
  'report.form.col.size': { id: 'Ukuran', en: 'Size' },
  'report.form.col.sha256': { id: 'SHA-256', en: 'SHA-256' },
  'report.form.upload': { id: 'unggah ke server', en: 'upload to the server' },
  'report.form.download': { id: 'unduh dari server', en: 'download from the server' },
  'report.form.bytes': { id: (p: { bytes: string }) => `${p.bytes} bita`, en: (p: { bytes: string }) => `${p.bytes} bytes` },
  'report.form.minutes': { id: (p: { minutes: number }) => `${p.minutes} menit`, en: (p: { minutes: number }) => `${p.minutes} min` },
  'report.form.no_standard': { id: '—', en: '—' },
  'report.form.on_time': { id: 'sesuai mutu baku', en: 'within the standard' },
  'report.form.late': { id: (p: { minutes: number }) => `terlambat ${p.minutes} menit`, en: (p: { minutes: number }) => `${p.minutes} min over` },
  'report.form.explanation': { id: (p: { text: string }) => `Penjelasan: ${p.text}`, en: (p: { text: string }) => `Explanation: ${p.text}` },
  'report.form.unexplained': { id: 'belum dijelaskan', en: 'not explained' },
  'report.form.judged_at_first_close': { id: 'dinilai pada penutupan pertama', en: 'judged at the first close' },
  'report.form.still_open': { id: 'masih terbuka', en: 'still open' },
  'report.form.none_sessions': { id: 'Tidak ada sesi gateway pada kasus ini.', en: 'The case has no gateway sessions.' },
  'report.form.none_transfers': { id: 'Tidak ada transfer berkas yang tercatat.', en: 'No file transfer was recorded.' },
  'report.form.none_recording': { id: 'tanpa rekaman', en: 'no recording' },
  'report.form.manual_access': {
    id: (p: { count: number }) => `${p.count} akses dicatat manual (tanpa gateway).`, en: (p: { count: number }) => `${p.count} access(es) recorded by hand (not through the gateway).`,
  },
  'report.form.return': { id: (p: { n: number }) => `Pengembalian #${p.n}`, en: (p: { n: number }) => `Return #${p.n}` },
  'report.form.return_reason': { id: 'Alasan', en: 'Reason' },
  'report.form.corrected': {
    id: (p: { field: string; when: string; who: string }) => `${p.field} dikoreksi oleh ${p.who}, ${p.when}`,
    en: (p: { field: string; when: string; who: string }) => `${p.field} corrected by ${p.who}, ${p.when}`,
  },
  'report.form.before_correction': { id: 'sebelumnya', en: 'before' },
  'report.form.closing_entry': { id: 'Penutupan (B6) di Logbook', en: 'Closing (B6) in the Logbook' },
  'report.form.approval_entry': { id: 'Persetujuan di Logbook', en: 'Approval in the Logbook' },
  'report.form.entry': {
    id: (p: { seq: number; when: string }) => `entri #${p.seq}, ${p.when}; hash entri:`, en: (p: { seq: number; when: string }) => `entry #${p.seq}, ${p.when}; entry hash:`,
  },
  'report.form.closing_notes': { id: 'Catatan penutupan', en: 'Closing notes' },
  'report.form.approval_notes': { id: 'Catatan persetujuan', en: 'Approval notes' },
  'report.form.not_approved': { id: 'belum disetujui', en: 'not approved yet' },
  'report.form.sign.place_date': { id: (p: { place: string; date: string }) => `${p.place}, ${p.date}`, en: (p: { place: string; date: string }) => `${p.place}, ${p.date}` },
  'report.form.sign.mengetahui': { id: 'Mengetahui', en: 'Acknowledged by' },
  'report.form.sign.dibuat_oleh': { id: 'Dibuat oleh', en: 'Prepared by' },
  'report.form.sign.menyetujui': { id: 'Menyetujui', en: 'Approved by' },
  'report.form.sign.name_blank': { id: '(................................................)', en: '(................................................)' },
  'report.form.sign.nip': { id: (p: { nip: string }) => `NIP. ${p.nip}`, en: (p: { nip: string }) => `NIP ${p.nip}` },
  'report.form.sign.nip_blank': { id: 'NIP. ..........................................', en: 'NIP ..........................................' },
  'report.form.sign.approved_on': { id: (p: { when: string }) => `Disetujui ${p.when}`, en: (p: { when: string }) => `Approved ${p.when}` },
  'report.form.sign.awaiting': { id: 'menunggu persetujuan', en: 'awaiting approval' },
  'report.form.check.heading': { id: 'Keaslian salinan', en: 'Authenticity of this copy' },
  'report.form.check.code': { id: 'Kode periksa', en: 'Check code' },
  'report.form.check.how': {
    id: 'Pindai kode QR atau jalankan "jaga report check KODE" pada instalasi Jaga yang menerbitkannya: hasilnya menyatakan apakah kode cocok dengan form yang diterbitkan dan untuk kasus mana. SHA-256 berkas PDF ini tercatat di Logbook (report.form_issued).',
    en: 'Scan the QR code or run "jaga report check CODE" on the Jaga installation that issued it: it says whether the code matches an issued form and for which case. The SHA-256 of this PDF file is recorded in the Logbook (report.form_issued).',
  },
  'report.form.page': {
    id: (p: { page: number; pages: number }) => `Halaman ${p.page} dari ${p.pages}`, en: (p: { page: number; pages: number }) => `Page ${p.page} of ${p.pages}`,
  },
  'report.form.times_in': { id: (p: { zone: string }) => `Waktu dalam ${p.zone}`, en: (p: { zone: string }) => `Times in ${p.zone}` },
  'report.form.role.pelapor': { id: 'Pelapor', en: 'Reporter' },
  'report.form.role.admin_lpse': { id: 'Administrator Sistem LPSE', en: 'LPSE System Administrator' },
  'report.form.role.dit_eproc': { id: 'Dit E-Proc LKPP', en: 'LKPP Dit E-Proc engineer' },
  'report.form.role.pihak_berwenang': { id: 'Pihak yang Diberikan Kewenangan', en: 'Party Given Authority' },
  'report.form.role.koordinator': { id: 'Koordinator LPSE', en: 'LPSE Coordinator' },
  'report.form.role.auditor': { id: 'Auditor', en: 'Auditor' },
  'report.form.role.superadmin': { id: 'Superadmin Jaga', en: 'Jaga superadmin' },
  // jaga report form / check (cli/commands/report.commands.ts)
  'cli.report.form_written': {
    id: (p: { file: string; sha256: string; code: string }) => `Form Laporan ditulis ke ${p.file}; SHA-256 ${p.sha256}; kode periksa ${p.code} (tercatat di Logbook)`,
    en: (p: { file: string; sha256: string; code: string }) => `Form Laporan written to ${p.file}; SHA-256 ${p.sha256}; check code ${p.code} (recorded in the Logbook)`,
  },
  'cli.report.code_matches': {
    id: (p: { code: string; caseId: string }) => `Kode periksa ${p.code} cocok: Form Laporan yang diterbitkan untuk kasus ${p.caseId}`,
    en: (p: { code: string; caseId: string }) => `Check code ${p.code} matches: a Form Laporan issued for case ${p.caseId}`,
  },

  // ── web UI (src/web/: pages, forms, navigation) ──────────────────────────────────────
  'web.app_name': { id: 'Jaga', en: 'Jaga' },
  'web.tagline': { id: 'Perbaikan remote server SPSE sesuai SOP-01', en: 'Remote repairs of SPSE servers by SOP-01' },
  'web.skip_to_content': { id: 'Langsung ke isi halaman', en: 'Skip to the content' },
  'web.nav.label': { id: 'Navigasi utama', en: 'Main navigation' },
  'web.nav.dashboard': { id: 'Dasbor', en: 'Dashboard' },
  'web.signed_in_as': { id: (p: { name: string }) => `Masuk sebagai ${p.name}`, en: (p: { name: string }) => `Signed in as ${p.name}` },
  'web.action.sign_out': { id: 'Keluar', en: 'Sign out' },
  /** The language switch: a button naming the other language, in that language; this is its accessible label. */
  'web.language.switch_to': { id: (p: { name: string }) => `Ganti bahasa ke ${p.name}`, en: (p: { name: string }) => `Switch the language to ${p.name}` },
  'web.sign_in.title': { id: 'Masuk', en: 'Sign in' },
  'web.sign_in.heading': { id: 'Masuk ke Jaga', en: 'Sign in to Jaga' },
  'web.sign_in.username': { id: 'Nama pengguna', en: 'Username' },
  'web.sign_in.password': { id: 'Kata sandi', en: 'Password' },
  'web.sign_in.submit': { id: 'Masuk', en: 'Sign in' },
  'web.sign_in.after': { id: 'Setelah masuk, Anda dibawa ke halaman yang Anda minta.', en: 'After signing in you are taken to the page you asked for.' },
  'web.totp.title': { id: 'Kode verifikasi', en: 'Verification code' },
  'web.totp.heading': { id: 'Masukkan kode verifikasi', en: 'Enter your verification code' },
  'web.totp.intro': {
    id: 'Buka aplikasi autentikator Anda dan masukkan kode 6 digit untuk Jaga, atau salah satu kode pemulihan Anda.',
    en: 'Open your authenticator app and enter the 6-digit code for Jaga, or one of your recovery codes.',
  },
  'web.totp.code': { id: 'Kode 6 digit atau kode pemulihan', en: '6-digit code or recovery code' },
  'web.totp.submit': { id: 'Verifikasi', en: 'Verify' },
  'web.blocked.title': { id: 'Belum dapat dilanjutkan', en: 'Cannot continue yet' },
  'web.blocked.totp_enrolment': {
    id: 'Akun ini harus mendaftarkan TOTP lebih dulu. Pendaftaran di peramban belum tersedia: minta kode pendaftaran kepada koordinator unit atau superadmin, lalu daftar melalui API Jaga (POST /api/v1/auth/totp/enroll).',
    en: 'This account must enrol TOTP first. Enrolment in the browser is not available yet: ask the unit\'s koordinator or a superadmin for an enrolment code, then enrol through Jaga\'s API (POST /api/v1/auth/totp/enroll).',
  },
  'web.blocked.password_change': {
    id: 'Kata sandi Anda telah direset dan harus diganti lebih dulu. Penggantian di peramban belum tersedia: ganti melalui API Jaga (POST /api/v1/auth/password).',
    en: 'Your password was reset and must be changed first. Changing it in the browser is not available yet: change it through Jaga\'s API (POST /api/v1/auth/password).',
  },
  'web.error.title': { id: 'Tidak dapat diproses', en: 'Cannot be done' },
  'web.error.back': { id: 'Kembali ke dasbor', en: 'Back to the dashboard' },
  'web.dashboard.title': { id: 'Dasbor', en: 'Dashboard' },
  'web.dashboard.open_cases': { id: 'Kasus terbuka menurut langkah SOP', en: 'Open cases by SOP step' },
  'web.dashboard.open_total': {
    id: (p: { count: number }) => (p.count === 0 ? 'Tidak ada kasus terbuka.' : `${p.count} kasus terbuka.`),
    en: (p: { count: number }) => (p.count === 0 ? 'No open cases.' : `${p.count} open ${p.count === 1 ? 'case' : 'cases'}.`),
  },
  'web.dashboard.step_count': {
    id: (p: { count: number }) => `${p.count} kasus`, en: (p: { count: number }) => `${p.count} ${p.count === 1 ? 'case' : 'cases'}`,
  },
  'web.dashboard.truncated': {
    id: 'Terlalu banyak kasus terbuka untuk satu halaman: yang tampil hanya yang dilaporkan paling awal.',
    en: 'Too many open cases for one page: only the earliest reported are shown.',
  },
  'web.clock.deadline': {
    id: (p: { step: string; when: string }) => `Batas ${p.step}: ${p.when}`, en: (p: { step: string; when: string }) => `${p.step} due: ${p.when}`,
  },
  'web.clock.amber': { id: 'waktu hampir habis', en: 'time nearly up' },
  'web.clock.red': { id: 'lewat batas', en: 'overdue' },
  'web.case.no_executor': { id: 'belum ada pelaksana', en: 'no executor yet' },
  'web.case.no_description': { id: '(tanpa uraian)', en: '(no description)' },
  'web.case.placeholder': { id: 'Halaman kasus sedang disiapkan.', en: 'The case page is being built.' },
  'web.not_found.title': { id: 'Halaman tidak ditemukan', en: 'Page not found' },
  'web.not_found.message': {
    id: (p: { path: string }) => `Tidak ada halaman ${p.path} di Jaga. Periksa tautannya.`,
    en: (p: { path: string }) => `Jaga has no page ${p.path}. Check the link.`,
  },
  // Report a fault (B1), the koordinator's approvals on a phone, the dashboard's other sections and
  // its countdown (src/web/pages/report-page.tsx, approval-pages.tsx, dashboard-page.tsx):
  'web.nav.report': { id: 'Laporkan gangguan', en: 'Report a fault' },
  'web.nav.approvals': { id: 'Persetujuan', en: 'Approvals' },
  'web.report.title': { id: 'Laporkan gangguan', en: 'Report a fault' },
  'web.report.intro': {
    id: 'Ceritakan apa yang terjadi dengan kata-kata Anda sendiri. Laporan langsung diterima tim LPSE.',
    en: 'Say what is wrong in your own words. The LPSE team receives the report at once.',
  },
  'web.report.unit': { id: 'Unit LPSE', en: 'LPSE unit' },
  'web.report.system': { id: 'Sistem yang bermasalah', en: 'Which system has the problem' },
  'web.report.system_hint': { id: 'Misalnya: SPSE produksi, SPSE latihan, surel LPSE.', en: 'For example: SPSE produksi, SPSE latihan, the LPSE mail.' },
  'web.report.description': { id: 'Apa yang salah?', en: 'What is wrong?' },
  'web.report.description_hint': {
    id: 'Apa yang Anda lihat (pesan di layar), sejak kapan, dan siapa yang terdampak.',
    en: 'What you see (the message on the screen), since when, and who is affected.',
  },
  'web.report.urgency': { id: 'Seberapa mendesak?', en: 'How urgent is it?' },
  'web.report.urgency.low': { id: 'Bisa menunggu: gangguan kecil', en: 'It can wait: a small nuisance' },
  'web.report.urgency.medium': { id: 'Sebagian pekerjaan terganggu', en: 'Some work is held up' },
  'web.report.urgency.high': { id: 'Banyak pengguna tidak bisa bekerja', en: 'Many users cannot work' },
  'web.report.urgency.critical': { id: 'Layanan berhenti total', en: 'The service is down altogether' },
  'web.report.target': { id: 'Server yang terdampak (bila tahu)', en: 'The server affected (if you know it)' },
  'web.report.target_unknown': { id: 'Tidak tahu', en: 'I do not know' },
  'web.report.submit': { id: 'Kirim laporan', en: 'Send the report' },
  'web.report.no_unit': {
    id: 'Akun Anda belum dapat melaporkan gangguan untuk unit LPSE mana pun. Hubungi koordinator LPSE Anda.',
    en: 'Your account cannot report faults for any LPSE unit yet. Contact your LPSE koordinator.',
  },
  'web.report.sent.title': { id: 'Laporan terkirim', en: 'Report sent' },
  'web.report.sent.number': { id: 'Nomor kasus', en: 'Case number' },
  'web.report.sent.number_hint': { id: 'Sebutkan nomor ini bila menghubungi LPSE.', en: 'Quote this number when you contact the LPSE.' },
  'web.report.sent.next': { id: 'Apa selanjutnya', en: 'What happens next' },
  'web.report.sent.next_ack': {
    id: (p: { when: string; minutes: number }) => `Koordinator LPSE menerima laporan dan menugaskan pelaksana paling lambat ${p.when} (mutu baku: ${p.minutes} menit).`,
    en: (p: { when: string; minutes: number }) => `The LPSE koordinator takes the report and assigns an executor by ${p.when} (time standard: ${p.minutes} min).`,
  },
  'web.report.sent.next_repair': {
    id: 'Pelaksana memperbaiki sesuai SOP-01; setiap langkah tercatat di halaman kasus.',
    en: 'The executor repairs it by SOP-01; every step is recorded on the case page.',
  },
  'web.report.sent.open_case': { id: 'Ikuti di halaman kasus', en: 'Follow it on the case page' },
  'web.report.sent.another': { id: 'Laporkan gangguan lain', en: 'Report another fault' },
  'web.approvals.title': { id: 'Menunggu Anda', en: 'Waiting for you' },
  'web.approvals.awaiting': { id: 'Menunggu persetujuan', en: 'Waiting for approval' },
  'web.approvals.attention': { id: 'Waktu hampir habis atau lewat batas', en: 'Time nearly up or overdue' },
  'web.approvals.none_awaiting': { id: 'Tidak ada kasus yang menunggu persetujuan.', en: 'No case waits for approval.' },
  'web.approvals.none_attention': { id: 'Semua langkah yang berjalan masih dalam mutu baku.', en: 'Every running step is within its time standard.' },
  'web.approvals.detail': {
    id: (p: { executor: string; deviations: number }) => `Pelaksana ${p.executor}; ${p.deviations === 0 ? 'tanpa penyimpangan mutu baku' : `${p.deviations} penyimpangan mutu baku`}`,
    en: (p: { executor: string; deviations: number }) => `Executor ${p.executor}; ${p.deviations === 0 ? 'no missed time standard' : `${p.deviations} missed time ${p.deviations === 1 ? 'standard' : 'standards'}`}`,
  },
  'web.approval.title': { id: (p: { id: string }) => `Persetujuan kasus ${p.id}`, en: (p: { id: string }) => `Approval of case ${p.id}` },
  'web.approval.summary': { id: 'Ringkasan', en: 'Summary' },
  'web.approval.access': { id: 'Akses', en: 'Access' },
  'web.approval.closed': { id: 'Ditutup', en: 'Closed' },
  'web.approval.deviations': { id: 'Penyimpangan mutu baku', en: 'Missed time standards' },
  'web.approval.no_deviations': { id: 'Tidak ada: setiap langkah dalam mutu baku.', en: 'None: every step within its time standard.' },
  'web.approval.evidence': { id: 'Bukti', en: 'Evidence' },
  'web.approval.case_page': { id: 'Halaman kasus lengkap', en: 'The full case page' },
  'web.approval.recording': {
    id: (p: { channel: number; when: string }) => `Rekaman kanal ${p.channel}, sesi ${p.when}`,
    en: (p: { channel: number; when: string }) => `Recording of channel ${p.channel}, session ${p.when}`,
  },
  'web.approval.no_recordings': { id: 'Tidak ada sesi gateway yang direkam.', en: 'No gateway session was recorded.' },
  'web.approval.returned_before': {
    id: (p: { count: number }) => `Pernah dikembalikan ${p.count} kali untuk diperbaiki.`,
    en: (p: { count: number }) => `Returned for correction ${p.count} ${p.count === 1 ? 'time' : 'times'} before.`,
  },
  'web.approval.approve_heading': { id: 'Setujui', en: 'Approve (Setujui)' },
  'web.approval.notes': { id: 'Catatan (tidak wajib)', en: 'Notes (optional)' },
  'web.approval.approve': { id: 'Setujui', en: 'Approve' },
  'web.approval.return_heading': { id: 'Kembalikan untuk diperbaiki', en: 'Return for correction (Kembalikan)' },
  'web.approval.reason': { id: 'Alasan (wajib): apa yang harus diperbaiki pelaksana', en: 'Reason (alasan, required): what the executor must correct' },
  'web.approval.return': { id: 'Kembalikan', en: 'Return' },
  'web.approval.nothing_to_do': {
    id: (p: { status: string }) => `Kasus ini tidak menunggu persetujuan Anda (status: ${p.status}).`,
    en: (p: { status: string }) => `This case does not wait for your approval (status: ${p.status}).`,
  },
  'web.approval.approved': { id: 'Kasus disetujui. Terima kasih.', en: 'The case is approved. Thank you.' },
  'web.approval.was_returned': { id: 'Kasus dikembalikan ke pelaksana untuk diperbaiki.', en: 'The case went back to the executor for correction.' },
  'web.approval.back': { id: 'Kembali ke antrean', en: 'Back to the queue' },
  'web.approval.to_decision': { id: 'Langsung ke keputusan: Setujui atau Kembalikan', en: 'Go to the decision: approve or return' },
  'web.dashboard.awaiting': { id: 'Menunggu persetujuan', en: 'Waiting for approval' },
  'web.dashboard.mine': { id: 'Tugas saya', en: 'My assignments' },
  'web.dashboard.none': { id: 'Tidak ada.', en: 'None.' },
  'web.dashboard.month': {
    id: (p: { since: string }) => `Penyimpangan bulan ini (sejak ${p.since})`, en: (p: { since: string }) => `Deviations this month (since ${p.since})`,
  },
  'web.dashboard.month_cases': { id: 'Kasus dilaporkan', en: 'Cases reported' },
  'web.dashboard.month_with': { id: 'Kasus dengan penyimpangan', en: 'Cases with deviations' },
  'web.dashboard.month_deviations': { id: 'Mutu baku terlewati', en: 'Time standards missed' },
  'web.dashboard.as_of': {
    id: (p: { when: string }) => `Keadaan ${p.when}; diperbarui sendiri tiap 30 detik.`,
    en: (p: { when: string }) => `As of ${p.when}; refreshes itself every 30 seconds.`,
  },
  'web.clock.left': { id: 'sisa', en: 'left' },
  'web.clock.over': { id: 'lewat', en: 'over' },
  'web.nav.live': { id: 'Sesi langsung', en: 'Live sessions' },
  'web.live.title': { id: 'Sesi gateway yang berjalan', en: 'Gateway sessions running now' },
  'web.live.none': { id: 'Tidak ada sesi gateway yang berjalan saat ini.', en: 'No gateway session is running now.' },
  'web.live.node_note': { id: 'Daftar ini berisi sesi yang dibawa server Jaga ini.', en: 'This list holds the sessions this Jaga server carries.' },
  'web.live.source': { id: 'Alamat sumber', en: 'Source address' },
  'web.live.started': { id: 'Mulai', en: 'Started' },
  'web.live.last_activity': { id: 'Aktivitas terakhir', en: 'Last activity' },
  'web.live.traffic': { id: 'Lalu lintas', en: 'Traffic' },
  'web.live.bytes': {
    id: (p: { up: number; down: number }) => `${p.up} bait masuk, ${p.down} bait keluar`,
    en: (p: { up: number; down: number }) => `${p.up} bytes in, ${p.down} bytes out`,
  },
  'web.live.channels': { id: 'Kanal', en: 'Channels' },
  'web.live.case': { id: 'Kasus', en: 'Case' },
  'web.live.reason': { id: 'Alasan penghentian', en: 'Reason for terminating' },
  'web.live.terminate': { id: 'Hentikan sesi', en: 'Terminate the session' },
  'web.live.terminated': {
    id: (p: { user: string; target: string }) => `Sesi ${p.user} ke ${p.target} dihentikan.`,
    en: (p: { user: string; target: string }) => `The session of ${p.user} to ${p.target} was terminated.`,
  },



  // ── shared ───────────────────────────────────────────────────────────────────────────
  'shared.lang_name': { id: 'Bahasa Indonesia', en: 'English' },
  /** An unexpected failure: `ref` is what an operator looks for in the log (request id). */
  'shared.internal_error': { id: (p: { ref: string }) => `Kesalahan internal (permintaan ${p.ref}).`, en: (p: { ref: string }) => `Internal error (request ${p.ref}).` },
  // The API reference page (presenters/api-docs-html.ts), in the request's language:
  'http.docs.required': { id: 'wajib', en: 'required' },
  'http.docs.public': { id: 'publik', en: 'public' },
} satisfies Record<string, Bilingual<never>>;

export type UiKey = keyof typeof UI_MESSAGES;
type Fn<T> = T extends (p: infer P) => string ? P : never;
/** The values a UI message needs (from its function entries). */
export type UiParams<K extends UiKey> = Fn<(typeof UI_MESSAGES)[K]['id']> extends never ? Record<never, never> : Fn<(typeof UI_MESSAGES)[K]['id']>;
