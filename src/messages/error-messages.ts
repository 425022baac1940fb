import type {
  CidrProblem, ErrorCode, ErrorParams, GatewayRefusalParams, NetworkClassCode, NetworkOverlapProblem, SshKeyLineProblem,
} from '../domain/error-codes.js';
import { ROLES } from '../domain/auth/role.js';
import { NETWORK_KINDS } from '../domain/registry/network.js';
import { BACKUP_DAMAGE } from './backup-phrases.js';
import { A2_FIELD_NAMES, WRONG_STEP, caseForbiddenMessage } from './case-phrases.js';
import { DUPLICATE_NOUNS, KEY_FILE_PROBLEMS, REGISTRY_NOUNS, inputIssueWords, notFoundMessage, sessionRefusalMessage } from './error-phrases.js';
import type { EmailProblem } from '../domain/registry/email-address.js';
import type { NotificationEventType } from '../domain/notification/notification-event.js';
import type { Bilingual, Lang, Words } from './lang.js';
import { UI_MESSAGES } from './ui-messages.js';

/**
 * The words of every error, keyed by its typed code (sections as in `domain/error-codes.ts`).
 * Values are plain data: each renderer escapes them for its medium (terminal, HTML, PDF).
 */
export const ERROR_MESSAGES: { readonly [C in ErrorCode]: Bilingual<ErrorParams[C]> } = {
  // ── access (A1 rules, gateway decisions) ─────────────────────────────────────────────
  'ip.invalid': { id: (p) => `Alamat IP tidak valid: '${p.text}'.`, en: (p) => `Not a valid IP address: '${p.text}'.` },
  'network.cidr_invalid': {
    id: (p) => `CIDR tidak valid '${p.text}': ${CIDR_PROBLEM[p.problem].id(p.bits)}.`,
    en: (p) => `Malformed CIDR '${p.text}': ${CIDR_PROBLEM[p.problem].en(p.bits)}.`,
  },
  'access.key_not_registered': {
    id: (p) => `Kunci SSH ${p.fingerprint} tidak terdaftar pada workstation milik ${p.username}.`,
    en: (p) => `SSH key ${p.fingerprint} is not registered to a workstation of ${p.username}.`,
  },
  'access.workstation_not_owned': { id: (p) => `Workstation ${p.assetTag} bukan milik LKPP/LPSE.`, en: (p) => `Workstation ${p.assetTag} is not owned by LKPP/LPSE.` },
  'access.workstation_other_user': {
    id: (p) => `Workstation ${p.assetTag} terdaftar untuk pengguna lain.`, en: (p) => `Workstation ${p.assetTag} is registered to another user.`,
  },
  'access.source_unregistered': {
    id: (p) => `Alamat ${p.sourceIp} tidak berada dalam jaringan yang diizinkan.`, en: (p) => `Address ${p.sourceIp} is not in an allowed network.`,
  },
  'access.network_public': {
    id: (p) => `A1b/A1e: jaringan '${p.network}' adalah jaringan publik; akses ditolak.`, en: (p) => `A1b/A1e: network '${p.network}' is public; access refused.`,
  },
  'access.source_outside_network': {
    id: (p) => `A1b: alamat ${p.sourceIp} tidak berada dalam jaringan '${p.network}' (${p.cidrs.join(', ')}).`,
    en: (p) => `A1b: address ${p.sourceIp} is not inside network '${p.network}' (${p.cidrs.join(', ')}).`,
  },
  'access.root_account': {
    id: (p) => (p.target !== undefined ? `A1c: target ${p.target} memakai akun root; akses ditolak.`
      : `A1c: akses remote tidak diizinkan menggunakan akun root ('${p.account}').`),
    en: (p) => (p.target !== undefined ? `A1c: target ${p.target} uses the root account; access refused.`
      : `A1c: remote access must not use the root account ('${p.account}').`),
  },
  'access.user_inactive': { id: (p) => `Pengguna ${p.username} tidak aktif.`, en: (p) => `User ${p.username} is inactive.` },
  'access.password_change_required': {
    id: (p) => `A1d: kata sandi ${p.username} direset oleh administrator; masuk ke Jaga dan ganti kata sandi dahulu.`,
    en: (p) => `A1d: ${p.username}'s password was reset by the administrator; sign in to Jaga and change it first.`,
  },
  'access.workstation_retired': { id: (p) => `A1a: workstation ${p.assetTag} sudah dipensiunkan.`, en: (p) => `A1a: workstation ${p.assetTag} is retired.` },
  'access.network_retired': { id: (p) => `A1b: jaringan '${p.network}' sudah dipensiunkan.`, en: (p) => `A1b: network '${p.network}' is retired.` },
  'access.target_retired': { id: (p) => `A1d: target ${p.target} sudah dipensiunkan.`, en: (p) => `A1d: target ${p.target} is retired.` },
  'access.executor_not_authorised': {
    id: (p) => `${p.username} tidak berwenang memperbaiki ${p.target === null ? 'unit/target ini' : `target ${p.target}`}.`,
    en: (p) => `${p.username} is not authorised to repair ${p.target === null ? 'this unit/target' : `target ${p.target}`}.`,
  },
  'access.target_unregistered': { id: (p) => `Target '${p.target}' tidak terdaftar.`, en: (p) => `Target '${p.target}' is not registered.` },
  'access.no_open_case': {
    id: (p) => (!p.waiting ? `Tidak ada kasus B3–B5 untuk ${p.target} yang ditugaskan kepada ${p.username}: tanpa kasus, tanpa akses.`
      : p.waiting.a1Failed ? `Kasus ${p.waiting.caseId} untuk ${p.target} belum boleh B3: pemeriksaan A1 pada persiapan B2 gagal. Perbaiki sesuai alasan di halaman kasus, lalu ulangi B2.`
        : `Kasus ${p.waiting.caseId} untuk ${p.target} belum boleh B3: persiapan B2 (workstation dan jaringan) belum dicatat di halaman kasus.`),
    en: (p) => (!p.waiting ? `No case in B3–B5 for ${p.target} is assigned to ${p.username}: no case, no access.`
      : p.waiting.a1Failed ? `Case ${p.waiting.caseId} for ${p.target} may not reach B3 yet: the A1 checks of the B2 preparation failed. Fix what the case page says, then repeat B2.`
        : `Case ${p.waiting.caseId} for ${p.target} may not reach B3 yet: the B2 preparation (workstation and network) is not recorded on the case page.`),
  },
  'access.b5_requires_intranet': {
    id: (p) => `B5: perbaikan lanjut hanya melalui jaringan intranet LKPP/LPSE; '${p.network}' bukan intranet.`,
    en: (p) => `B5: follow-up repair is allowed only over the LKPP/LPSE intranet; '${p.network}' is not intranet.`,
  },
  'access.network_insecure': { id: (p) => `Jaringan '${p.network}' ditandai publik, tidak aman.`, en: (p) => `Network '${p.network}' is marked public, not secure.` },
  'access.totp_not_enrolled': {
    id: (p) => `${p.username} belum mendaftarkan TOTP: minta kode pendaftaran kepada koordinator unit atau superadmin (jaga user enrolment-code), `
      + 'masuk ke Jaga dengan kata sandi dan kode itu, lalu daftarkan aplikasi autentikator.',
    en: (p) => `${p.username} has not enrolled TOTP: ask the unit's koordinator or a superadmin for an enrolment code (jaga user enrolment-code), `
      + 'sign in to Jaga with your password and that code, then enrol an authenticator app.',
  },
  'access.a1a_met': {
    id: (p) => `Workstation ${p.assetTag} milik LKPP/LPSE dan terdaftar.`, en: (p) => `Workstation ${p.assetTag} is registered and owned by LKPP/LPSE.`,
  },
  'access.a1b_met': { id: (p) => `Jaringan '${p.network}' (${p.kind}) diizinkan.`, en: (p) => `Network '${p.network}' (${p.kind}) is allowed.` },
  'access.a1c_met': { id: (p) => `Akun login '${p.account}' bukan root.`, en: (p) => `Login account '${p.account}' is not root.` },
  'access.a1c_deferred': {
    id: 'Tidak ada target terdaftar pada kasus; akun diperiksa saat akses.', en: 'No registered target on the case; the account is checked at access.',
  },
  'access.a1d_met': {
    id: (p) => `${p.username} (${p.role}) berwenang untuk unit/target ini.`, en: (p) => `${p.username} (${p.role}) is authorised for this unit/target.`,
  },
  'access.a1e_met': { id: (p) => `Jaringan '${p.network}' terlindungi (bukan publik).`, en: (p) => `Network '${p.network}' is protected (not public).` },
  'gateway.A1a': { id: refusalWords('id'), en: refusalWords('en') },
  'gateway.A1b': { id: refusalWords('id'), en: refusalWords('en') },
  'gateway.A1c': { id: refusalWords('id'), en: refusalWords('en') },
  'gateway.A1d': { id: refusalWords('id'), en: refusalWords('en') },
  'gateway.A1e': { id: refusalWords('id'), en: refusalWords('en') },
  'access.id_reserved': { id: 'accessId hanya diberikan oleh gateway SSH.', en: 'accessId is set only by the SSH gateway.' },
  'access.not_prepared': {
    id: 'B3 memerlukan persiapan B2 (workstation dan jaringan) terlebih dahulu.', en: 'B3 needs the B2 preparation (workstation and network) first.',
  },
  'access.ambiguous': {
    id: (p) => (p.open === 0 ? 'Tidak ada akses yang sedang berjalan.' : 'Ada beberapa akses berjalan; sebutkan accessId.'),
    en: (p) => (p.open === 0 ? 'There is no open access.' : 'Several accesses are open; name the accessId.'),
  },
  // Networks and units.
  'access.network_other_unit': {
    id: (p) => `A1b: jaringan '${p.network}' milik unit ${p.unit} dan hanya membuka akses ke server unit tersebut (atau semua unit bila unitnya nasional); server ini milik unit lain.`,
    en: (p) => `A1b: network '${p.network}' belongs to unit ${p.unit} and admits access only to that unit's servers (every unit's when its unit is national); this server belongs to another unit.`,
  },



  // ── auth (sign-in, TOTP, tokens) ──────────────────────────────────────────────────────
  // Registry lifecycle (app/auth/change-password.ts, use-case.ts, http/server.ts):
  'auth.actor_deactivated': {
    id: (p) => `Pengguna '${p.username}' dinonaktifkan; ia tidak dapat bertindak sampai diaktifkan kembali oleh superadmin.`,
    en: (p) => `User '${p.username}' is deactivated and cannot act until a superadmin reactivates them.`,
  },
  'auth.password_change_required': {
    id: 'Kata sandi Anda direset: ganti kata sandi terlebih dahulu (POST /api/v1/auth/password), baru dapat melanjutkan.',
    en: 'Your password was reset: change it first (POST /api/v1/auth/password) before doing anything else.',
  },
  'auth.current_password_wrong': { id: 'Kata sandi saat ini salah.', en: 'The current password is wrong.' },
  'auth.unknown_actor': { id: (p) => `Pengguna '${p.who}' tidak dikenal atau tidak aktif.`, en: (p) => `User '${p.who}' is unknown or inactive.` },
  'auth.actor_required': { id: 'Tindakan ini memerlukan pengguna (--as).', en: 'This action needs an acting user (--as).' },
  'auth.required': {
    id: (p) => (p.credential === 'token' ? 'Token API tidak valid, kedaluwarsa, atau dicabut.' : 'Silakan masuk terlebih dahulu (sesi atau token API).'),
    en: (p) => (p.credential === 'token' ? 'The API token is invalid, expired or revoked.' : 'Sign in first (session cookie or API token).'),
  },
  'auth.origin_refused': {
    id: 'WebSocket dengan cookie sesi hanya dari halaman host ini (header Origin).',
    en: 'A WebSocket with the session cookie must come from a page of this host (Origin header).',
  },
  'auth.csrf_failed': {
    id: 'Header X-CSRF-Token tidak ada atau tidak cocok dengan sesi.', en: 'The X-CSRF-Token header is missing or does not match the session.',
  },
  'auth.mfa_required': { id: 'Selesaikan verifikasi TOTP terlebih dahulu.', en: 'Complete TOTP verification first.' },
  'auth.token_read_only': { id: 'Token API ini hanya untuk membaca (GET).', en: 'This API token is read-only (GET).' },
  'auth.token_revoked': { id: 'Token sudah dicabut.', en: 'The token is already revoked.' },
  'auth.rate_limited': {
    id: (p) => `Terlalu banyak percobaan masuk dari alamat ini; coba lagi dalam ${p.retryAfterSeconds} detik.`,
    en: (p) => `Too many sign-in attempts from this address; try again in ${p.retryAfterSeconds} s.`,
  },
  'auth.locked': {
    id: (p) => (p.after === 'totp'
      ? `Verifikasi dikunci setelah ${p.maxFailures} kode salah; coba lagi setelah ${p.lockedUntil}.`
      : `Akun dikunci sementara karena ${p.maxFailures} kali salah kata sandi; coba lagi setelah ${p.lockedUntil}.`),
    en: (p) => (p.after === 'totp'
      ? `Verification is locked after ${p.maxFailures} wrong codes; try again after ${p.lockedUntil}.`
      : `Sign-in is locked after ${p.maxFailures} wrong passwords; try again after ${p.lockedUntil}.`),
  },
  'auth.invalid_credentials': {
    id: (p) => `Nama pengguna atau kata sandi salah.${p.lockedUntil ? ` Akun dikunci sampai ${p.lockedUntil}.` : ` Sisa percobaan: ${p.attemptsLeft}.`}`,
    en: (p) => `Wrong username or password.${p.lockedUntil ? ` Sign-in is locked until ${p.lockedUntil}.` : ` Attempts left: ${p.attemptsLeft}.`}`,
  },
  'auth.totp_invalid': { id: 'Kode TOTP salah.', en: 'Wrong TOTP code.' },
  'auth.totp_not_pending': {
    id: (p) => (p.stage === 'enrolment' ? 'Tidak ada pendaftaran TOTP yang menunggu konfirmasi.' : 'Sesi ini tidak menunggu kode TOTP.'),
    en: (p) => (p.stage === 'enrolment' ? 'No TOTP enrolment is waiting for confirmation.' : 'This session is not waiting for a TOTP code.'),
  },
  'auth.totp_not_enrolled': { id: 'TOTP belum didaftarkan.', en: 'TOTP is not enrolled.' },
  'auth.totp_already_enrolled': { id: 'TOTP sudah terdaftar.', en: 'TOTP is already enrolled.' },
  'token.not_found': notFoundMessage('token'),
  'auth.totp_reused': { id: 'Kode ini sudah dipakai; tunggu kode berikutnya.', en: 'This code was already used; wait for the next one.' },
  'auth.enrolment_code_invalid': {
    id: (p) => `Kode pendaftaran ${{ unknown: 'tidak dikenal', used: 'sudah dipakai', expired: 'sudah kedaluwarsa' }[p.reason]}; minta kode baru kepada koordinator unit atau superadmin.`,
    en: (p) => `Enrolment code ${{ unknown: 'not recognised', used: 'already used', expired: 'expired' }[p.reason]}; ask the unit's koordinator or a superadmin for a new one.`,
  },
  'auth.enrolment_code_forbidden': {
    id: (p) => `Hanya superadmin atau koordinator unit ${p.username} yang dapat membuat kode pendaftaran untuknya.`,
    en: (p) => `Only a superadmin or the koordinator of ${p.username}'s unit may issue an enrolment code for them.`,
  },
  'auth.token_outlives_parent': {
    id: (p) => `Token tidak dapat membuat token yang berlaku lebih lama darinya (berlaku sampai ${p.expiresAt}).`,
    en: (p) => `A token cannot create a token that outlives it (valid until ${p.expiresAt}).`,
  },
  'auth.token_scope_exceeded': {
    id: (p) => `Token dengan cakupan '${p.parentScope}' tidak dapat membuat token dengan cakupan '${p.scope}'.`,
    en: (p) => `A token with scope '${p.parentScope}' cannot create a token with scope '${p.scope}'.`,
  },
  'auth.token_needs_totp_session': {
    id: 'Token API hanya dapat dibuat dari sesi masuk yang sudah melewati TOTP, bukan dengan token.',
    en: 'API tokens can only be created from a signed-in session that passed TOTP, not with a token.',
  },
  'auth.token_scope_not_allowed': {
    id: (p) => `Hanya superadmin yang dapat membuat token dengan cakupan '${p.scope}'.`, en: (p) => `Only a superadmin may create a token with scope '${p.scope}'.`,
  },
  'auth.metrics_scope_required': { id: '/metrics memerlukan token dengan cakupan metrics.', en: '/metrics requires a token with the metrics scope.' },
  'auth.token_metrics_only': { id: 'Token dengan cakupan metrics hanya dapat membaca /metrics.', en: 'A token with the metrics scope can only read /metrics.' },
  'auth.form_token_failed': {
    id: 'Formulir ini sudah kedaluwarsa atau tidak berasal dari Jaga; muat ulang halaman lalu coba lagi.',
    en: 'This form has expired or did not come from Jaga; reload the page and try again.',
  },



  // ── case (B1–B6 lifecycle, A2) ────────────────────────────────────────────────────────
  'case.wrong_step': WRONG_STEP,
  'case.a2_incomplete': {
    id: (p) => `Kasus belum dapat ditutup: dokumentasi A2 belum lengkap (${p.missing.map((f) => A2_FIELD_NAMES[f].id).join(', ')}).`,
    en: (p) => `The case cannot close: A2 documentation is incomplete (${p.missing.map((f) => A2_FIELD_NAMES[f].en).join(', ')}).`,
  },
  'case.deviation_unexplained': {
    id: (p) => `Kasus belum dapat ditutup: penyimpangan mutu baku belum dijelaskan (${p.deviations.map((d) => `${d.step} lewat ${d.overMinutes} menit`).join(', ')}).`,
    en: (p) => `The case cannot close: time-standard deviations are unexplained (${p.deviations.map((d) => `${d.step} over by ${d.overMinutes} min`).join(', ')}).`,
  },
  'case.self_approval': { id: 'Pelaksana tidak boleh menyetujui kasusnya sendiri.', en: 'The executor cannot approve their own case.' },
  'deviation.none': {
    id: (p) => `Tidak ada penyimpangan waktu pada langkah ${p.step} untuk dijelaskan.`,
    en: (p) => `There is no time-standard deviation on step ${p.step} to explain.`,
  },
  'access.a1_failed': {
    id: (p) => `Akses ditolak: pemeriksaan A1 gagal (${p.failed.map((f) => `A1${f.code}: ${f.reason.id}`).join('; ')}).`,
    en: (p) => `Access refused: A1 check failed (${p.failed.map((f) => `A1${f.code}: ${f.reason.en}`).join('; ')}).`,
  },
  'access.duplicate': { id: (p) => `Akses ${p.accessId} sudah tercatat.`, en: (p) => `Access ${p.accessId} is already recorded.` },
  'access.before_first': { id: 'Waktu mulai akses tidak boleh sebelum akses pertama.', en: 'An access cannot start before the first one.' },
  'access.unknown': { id: (p) => `Akses ${p.accessId} tidak ada pada kasus ini.`, en: (p) => `Access ${p.accessId} is not on this case.` },
  'access.already_ended': { id: (p) => `Akses ${p.accessId} sudah berakhir.`, en: (p) => `Access ${p.accessId} has already ended.` },
  'access.end_before_start': { id: 'Waktu selesai tidak boleh sebelum waktu mulai akses.', en: 'An access cannot end before it started.' },
  'case.forbidden.report': caseForbiddenMessage('report'),
  'case.forbidden.view': caseForbiddenMessage('view'),
  'case.forbidden.acknowledge': caseForbiddenMessage('acknowledge'),
  'case.forbidden.prepare': caseForbiddenMessage('prepare'),
  'case.forbidden.access': caseForbiddenMessage('access'),
  'case.forbidden.restore': caseForbiddenMessage('restore'),
  'case.forbidden.root_cause': caseForbiddenMessage('root_cause'),
  'case.forbidden.explain_deviation': caseForbiddenMessage('explain_deviation'),
  'case.forbidden.close': caseForbiddenMessage('close'),
  'case.forbidden.approve': caseForbiddenMessage('approve'),
  'case.forbidden.cancel': caseForbiddenMessage('cancel'),
  'case.not_found': notFoundMessage('case'),
  'case.target_other_unit': {
    id: (p) => `Target ${p.target} bukan milik unit ${p.unit}.`, en: (p) => `Target ${p.target} does not belong to unit ${p.unit}.`,
  },
  'case.executor_not_eligible': {
    id: (p) => `${p.username} (${p.role}) bukan pelaksana yang berwenang untuk unit/target kasus ini.`,
    en: (p) => `${p.username} (${p.role}) is not an authorised executor for this case's unit/target.`,
  },
  'case.concurrent_change': {
    id: 'Kasus diubah oleh proses lain; muat ulang dan coba lagi.', en: 'The case was changed by someone else; reload and try again.',
  },
  // Kembalikan: the koordinator returns a closed case for correction.
  'case.return_reason_required': {
    id: 'Alasan wajib diisi untuk mengembalikan kasus: tuliskan apa yang harus diperbaiki pelaksana.',
    en: 'A reason (alasan) is required to return the case: say what the executor must correct.',
  },
  'case.forbidden.return': caseForbiddenMessage('return'),
  'case.not_returned': {
    id: 'Catatan B4/B5 hanya dapat dikoreksi setelah koordinator mengembalikan kasus untuk diperbaiki.',
    en: 'The B4/B5 records can be corrected only after the koordinator returned the case for correction.',
  },
  'case.correction_unchanged': {
    id: 'Tidak ada yang dikoreksi: berikan minimal satu teks baru (perbaikan awal, akar masalah atau perbaikan permanen).',
    en: 'Nothing to correct: give at least one new text (initial fix, root cause or permanent fix).',
  },
  'case.forbidden.correct': caseForbiddenMessage('correct'),
  // The evidence bundle.
  'case.forbidden.export_bundle': caseForbiddenMessage('export_bundle'),



  // ── registry (units, users, networks, workstations, targets, grants, credentials) ─────
  // Registry lifecycle (app/registry/*, domain/registry/*, domain/auth/registry.policy.ts):
  'registry.forbidden': {
    id: (p) => `Hanya superadmin yang dapat mengubah registri ${REGISTRY_NOUNS[p.what].id}.`,
    en: (p) => `Only a superadmin may change the ${REGISTRY_NOUNS[p.what].en} registry.`,
  },
  'registry.nothing_to_change': { id: 'Tidak ada yang diubah: berikan minimal satu kolom baru.', en: 'Nothing to change: give at least one new value.' },
  'user.password_too_short': {
    id: (p) => `Kata sandi minimal ${p.min} karakter.`, en: (p) => `The password needs at least ${p.min} characters.`,
  },
  'user.password_same': { id: 'Kata sandi baru harus berbeda dari yang lama.', en: 'The new password must differ from the current one.' },
  'user.already_active': { id: (p) => `Pengguna '${p.username}' sudah aktif.`, en: (p) => `User '${p.username}' is already active.` },
  'user.already_inactive': { id: (p) => `Pengguna '${p.username}' sudah dinonaktifkan.`, en: (p) => `User '${p.username}' is already deactivated.` },
  'user.cannot_deactivate_self': {
    id: 'Anda tidak dapat menonaktifkan diri sendiri; minta superadmin lain.', en: 'You cannot deactivate yourself; ask another superadmin.',
  },
  'network.retired': {
    id: (p) => `Jaringan '${p.name}' sudah dipensiunkan dan tidak dapat diubah atau dipakai lagi.`,
    en: (p) => `Network '${p.name}' is retired and can no longer be changed or used.`,
  },
  'target.retired': {
    id: (p) => `Target '${p.name}' sudah dipensiunkan dan tidak dapat diubah atau dipakai lagi.`,
    en: (p) => `Target '${p.name}' is retired and can no longer be changed or used.`,
  },
  'target.host_key_same': {
    id: (p) => `Host key ${p.fingerprint} sudah tersemat pada target ini; tidak ada yang diubah.`,
    en: (p) => `Host key ${p.fingerprint} is already pinned for this target; nothing changed.`,
  },
  'target.host_key_mismatch': {
    id: (p) => `Host key target adalah ${p.scanned}, bukan ${p.expected} yang diharapkan; tidak disematkan, tidak ada yang diubah.`,
    en: (p) => `The target's host key is ${p.scanned}, not the expected ${p.expected}; not pinned, nothing changed.`,
  },
  'target.scan_failed': {
    id: (p) => `Host key ${p.host}:${p.port} tidak dapat dibaca: ${p.reason}.`,
    en: (p) => `Cannot read the host key of ${p.host}:${p.port}: ${p.reason}.`,
  },
  'workstation.retired': {
    id: (p) => `Workstation '${p.assetTag}' sudah dipensiunkan dan tidak dapat diubah atau dipakai lagi.`,
    en: (p) => `Workstation '${p.assetTag}' is retired and can no longer be changed or used.`,
  },
  'workstation.key_not_found': {
    id: (p) => `Workstation '${p.assetTag}' tidak memiliki kunci SSH ${p.fingerprint}.`,
    en: (p) => `Workstation '${p.assetTag}' has no SSH key ${p.fingerprint}.`,
  },
  'workstation.key_revoked': {
    id: (p) => `Kunci SSH ${p.fingerprint} sudah dicabut.`, en: (p) => `SSH key ${p.fingerprint} is already revoked.`,
  },
  'grant.already_revoked': {
    id: (p) => `Hak akses ${p.grantId} sudah dicabut.`, en: (p) => `Grant ${p.grantId} is already revoked.`,
  },
  'unit.not_found': notFoundMessage('unit'),
  'user.not_found': notFoundMessage('user'),
  'network.not_found': notFoundMessage('network'),
  'workstation.not_found': notFoundMessage('workstation'),
  'target.not_found': notFoundMessage('target'),
  'grant.not_found': notFoundMessage('grant'),
  'user.role_unknown': {
    id: (p) => `Peran tidak dikenal '${p.role}'; pilihan: ${ROLES.join(', ')}.`, en: (p) => `Unknown role '${p.role}'; one of: ${ROLES.join(', ')}.`,
  },
  'registry.duplicate': {
    id: (p) => `${DUPLICATE_NOUNS[p.entity].id} '${p.key}' sudah terdaftar.`, en: (p) => `${DUPLICATE_NOUNS[p.entity].en} '${p.key}' is already registered.`,
  },
  'target.credential_key_invalid': {
    id: (p) => `Kunci privat SSH tidak dapat dibaca (${KEY_FILE_PROBLEMS[p.problem].id}); gunakan kunci tanpa passphrase dalam format OpenSSH atau PEM (RSA/ECDSA/Ed25519).`,
    en: (p) => `The SSH private key cannot be read (${KEY_FILE_PROBLEMS[p.problem].en}${p.problem === 'damaged' ? `: ${p.detail ?? ''}` : ''}); use a key without a passphrase in OpenSSH or PEM format (RSA/ECDSA/Ed25519).`,
  },
  'target.credential_key_encrypted': {
    id: 'Kunci privat SSH dilindungi passphrase; gateway masuk tanpa operator, jadi berikan kunci tanpa passphrase (hapus dengan: ssh-keygen -p -N "" -f BERKAS).',
    en: 'The SSH private key is passphrase-protected; the gateway logs in unattended, so supply a key without a passphrase (remove it with: ssh-keygen -p -N "" -f FILE).',
  },
  'grant.not_executor': {
    id: (p) => `Hak akses hanya untuk pelaksana (admin_lpse, dit_eproc, pihak_berwenang); ${p.username} adalah ${p.role}.`,
    en: (p) => `Grants are for executors only (admin_lpse, dit_eproc, pihak_berwenang); ${p.username} is ${p.role}.`,
  },
  'grant.expired': { id: 'validUntil harus di masa depan.', en: 'validUntil must be in the future.' },
  'target.credential_choice': {
    id: (p) => `Berikan tepat satu dari generate, privateKey atau password (diberikan: ${p.given.join(', ') || 'tidak ada'}).`,
    en: (p) => `Give exactly one of generate, privateKey or password (given: ${p.given.join(', ') || 'none'}).`,
  },
  'target.credential_unreadable': {
    id: 'Kredensial target tidak dapat dibuka (disegel dengan kunci data lain atau rusak); setel ulang dengan `jaga target credential`.',
    en: 'The target credential cannot be unsealed (sealed with another data key, or damaged); set it again with `jaga target credential`.',
  },
  'registry.bootstrap_only': {
    id: 'Tanpa --as hanya untuk pengguna pertama instalasi; gunakan --as SUPERADMIN.',
    en: 'Without --as only the installation\'s first user can be created; use --as SUPERADMIN.',
  },
  'target.account_invalid': { id: (p) => `Nama akun login tidak valid '${p.account}'.`, en: (p) => `Invalid login account name '${p.account}'.` },
  'target.host_key_invalid': {
    id: (p) => `Sidik jari host key harus berbentuk SHA256:… (43 karakter base64): '${p.fingerprint}'.`,
    en: (p) => `Host key fingerprint must look like SHA256:… (43 base64 characters): '${p.fingerprint}'.`,
  },
  'target.host_invalid': { id: (p) => `Nama host tidak valid '${p.host}'.`, en: (p) => `Invalid host name '${p.host}'.` },
  'user.nip_invalid': { id: 'NIP harus 18 digit angka.', en: 'NIP must be 18 digits.' },
  'user.unit_required': {
    id: (p) => `Peran ${p.role} wajib terikat pada satu unit LPSE (--unit).`, en: (p) => `Role ${p.role} must belong to an LPSE unit (--unit).`,
  },
  'unit.time_zone_invalid': {
    id: (p) => `Zona waktu tidak valid '${p.zone}'; gunakan nama IANA seperti Asia/Makassar.`,
    en: (p) => `Invalid time zone '${p.zone}'; use an IANA name such as Asia/Makassar.`,
  },
  'workstation.ssh_key_invalid': {
    id: (p) => `Kunci publik SSH tidak valid: ${SSH_KEY_LINE_PROBLEM[p.problem].id(p.type ?? '')}.`,
    en: (p) => `Invalid SSH public key: ${SSH_KEY_LINE_PROBLEM[p.problem].en(p.type ?? '')}.`,
  },
  'network.kind_unknown': {
    id: (p) => `Jenis jaringan tidak dikenal '${p.kind}'; pilihan: ${NETWORK_KINDS.join(', ')}.`,
    en: (p) => `Unknown network kind '${p.kind}'; one of: ${NETWORK_KINDS.join(', ')}.`,
  },
  'network.cidr_required': { id: 'Jaringan wajib memiliki minimal satu CIDR.', en: 'A network needs at least one CIDR.' },
  'network.public_intranet': { id: 'Jaringan publik tidak boleh ditandai intranet.', en: 'A public network cannot be flagged intranet.' },
  // Networks and units.
  'network.overlap': { id: (p) => NETWORK_OVERLAP[p.problem].id(p), en: (p) => NETWORK_OVERLAP[p.problem].en(p) },
  'network.public_office_unconfirmed': {
    id: (p) => `Jaringan kantor '${p.network}' memuat rentang publik (${p.cidrs.join(', ')}). Kantor di balik NAT dengan alamat publik memang ada, ` +
      'tetapi harus disengaja: daftarkan dengan --public-office (API: publicOffice: true). Bukan publik hanya: RFC 1918, RFC 6598 (CGNAT), ' +
      'loopback, link-local dan ULA fc00::/7.',
    en: (p) => `Office network '${p.network}' holds public ranges (${p.cidrs.join(', ')}). Offices behind NAT with a public address are real, ` +
      'but it must be deliberate: register it with --public-office (API: publicOffice: true). Only RFC 1918, RFC 6598 (CGNAT), loopback, ' +
      'link-local and ULA fc00::/7 are not public.',
  },
  'network.unit_required': {
    id: 'Jaringan wajib milik satu unit LPSE (--unit): ia hanya membuka akses ke server unit itu; jaringan unit nasional (LKPP) ke server semua unit.',
    en: 'A network must belong to an LPSE unit (--unit): it admits access only to that unit\'s servers; a national unit\'s (LKPP) to every unit\'s.',
  },
  // The web UI's administration pages (src/web/admin-routes.ts):
  'registry.pages_forbidden': {
    id: (p) => `Halaman administrasi hanya untuk superadmin, koordinator dan auditor; peran Anda: ${p.role}.`,
    en: (p) => `The administration pages are for a superadmin, koordinator or auditor; your role: ${p.role}.`,
  },



  // ── logbook and SOP ──────────────────────────────────────────────────────────────────
  'sop.not_found': notFoundMessage('sop'),
  'logbook.empty': { id: 'Logbook masih kosong.', en: 'The logbook is empty.' },
  'logbook.checkpoint_unreadable': {
    id: (p) => `berkas checkpoint '${p.file}' tidak dapat dibaca sebagai JSON (${p.reason})`,
    en: (p) => `checkpoint file '${p.file}' cannot be read as JSON (${p.reason})`,
  },
  'logbook.checkpoint_invalid': { id: (p) => `berkas checkpoint '${p.file}' tidak valid`, en: (p) => `checkpoint file '${p.file}' is not a valid checkpoint` },
  'logbook.export_format_invalid': { id: '--format harus csv atau jsonl', en: '--format must be csv or jsonl' },
  'logbook.export_range_invalid': { id: '--from harus sebelum --to', en: '--from must be before --to' },
  'logbook.time_bound_invalid': {
    id: (p) => `--${p.option} harus tanggal YYYY-MM-DD atau waktu ISO 8601`, en: (p) => `--${p.option} must be a date YYYY-MM-DD or an ISO 8601 time`,
  },
  'sop.lang_invalid': { id: '--lang harus id, en atau both', en: '--lang must be id, en or both' },
  'logbook.forbidden': { id: (p) => `Peran ${p.role} tidak dapat membaca Logbook.`, en: (p) => `Role ${p.role} may not read the logbook.` },
  // witnesses and the signing key (issue 10)
  'witness.location_invalid': {
    id: (p) => `saksi '${p.value}' tidak valid: tulis dir:/jalur/absolut atau URL https://… (tanpa kata sandi di URL)`,
    en: (p) => `witness '${p.value}' is not valid: write dir:/absolute/path or an https://… URL (no credentials in the URL)`,
  },
  'witness.checkpoint_rewritten': {
    id: (p) => `Saksi ${p.witness} sudah memegang checkpoint #${p.seq} yang lain: checkpoint yang sudah disaksikan tidak dapat ditulis ulang.`,
    en: (p) => `Witness ${p.witness} already holds a different checkpoint #${p.seq}: a witnessed checkpoint cannot be rewritten.`,
  },
  'witness.checkpoint_forged': {
    id: (p) => `Checkpoint #${p.seq} ditolak: tanda tangannya bukan dari kunci instalasi yang disaksikan.`,
    en: (p) => `Checkpoint #${p.seq} refused: its signature is not from the witnessed installation's key.`,
  },
  'witness.unreachable': {
    id: (p) => `Saksi ${p.witness} tidak dapat dihubungi: ${p.reason}`,
    en: (p) => `Witness ${p.witness} cannot be reached: ${p.reason}`,
  },
  'witness.answer_invalid': {
    id: (p) => `Jawaban saksi ${p.witness} bukan daftar checkpoint yang valid.`,
    en: (p) => `Witness ${p.witness} did not answer with a valid list of checkpoints.`,
  },
  'config.checkpoint_interval_invalid': {
    id: (p) => `JAGA_CHECKPOINT_INTERVAL harus jumlah detik ≥ 10 (0 = mati), bukan '${p.value}'.`,
    en: (p) => `JAGA_CHECKPOINT_INTERVAL must be a number of seconds ≥ 10 (0 = off), not '${p.value}'.`,
  },
  'signing_key.unsafe_mode': {
    id: (p) => `Kunci penanda tangan ${p.file} dapat ditulis oleh grup atau semua pengguna (mode ${p.mode}); Jaga menolaknya. Perbaiki: chmod go-w '${p.file}' (disarankan 0400 atau 0440).`,
    en: (p) => `The signing key ${p.file} is writable by its group or by everyone (mode ${p.mode}); Jaga refuses it. Fix: chmod go-w '${p.file}' (0400 or 0440 recommended).`,
  },
  'signing_key.unreadable': {
    id: (p) => `Kunci penanda tangan ${p.file} tidak dapat dibaca: ${p.reason}`,
    en: (p) => `The signing key ${p.file} cannot be read: ${p.reason}`,
  },



  // ── recordings and gateway sessions ──────────────────────────────────────────────────
  'gateway_session.not_found': notFoundMessage('gateway_session'),
  'recording.not_found': notFoundMessage('recording'),
  'recording.path_refused': {
    id: (p) => `Berkas rekaman '${p.file}' berada di luar direktori rekaman; tidak dilayani.`,
    en: (p) => `The recording file '${p.file}' lies outside the recordings directory; not served.`,
  },
  'recording.key_invalid': {
    id: (p) => `Nama rekaman '${p.key}' tidak sah: gunakan bagian berisi huruf, angka, '.', '_' dan '-', dipisah '/', paling banyak 255 karakter.`,
    en: (p) => `The recording name '${p.key}' is not valid: use parts of letters, digits, '.', '_' and '-', separated by '/', at most 255 characters.`,
  },
  'recording.exists': {
    id: (p) => `Rekaman '${p.key}' sudah ada; rekaman tidak pernah ditimpa.`,
    en: (p) => `The recording '${p.key}' already exists; recordings are never overwritten.`,
  },
  'recording.not_finished': {
    id: (p) => `Rekaman '${p.key}' belum selesai ditulis; unduh setelah sesinya berakhir.`,
    en: (p) => `The recording '${p.key}' is not finished yet; download it once its session has ended.`,
  },
  'recording.range_invalid': {
    id: (p) => `Rentang byte '${p.range}' tidak sah untuk rekaman '${p.key}' (${p.bytes} byte): awal dan akhir bilangan bulat ≥ 0, awal ≤ akhir, awal ≤ ukuran.`,
    en: (p) => `The byte range '${p.range}' is not valid for recording '${p.key}' (${p.bytes} bytes): start and end are integers ≥ 0, start ≤ end, start ≤ size.`,
  },
  'gateway_session.forbidden.history': sessionRefusalMessage('history'),
  'gateway_session.forbidden.list': sessionRefusalMessage('list'),
  'gateway_session.forbidden.watch': sessionRefusalMessage('watch'),
  'gateway_session.forbidden.terminate': sessionRefusalMessage('terminate'),
  'gateway_session.forbidden.recording': sessionRefusalMessage('recording'),
  // the gateway's own connection to the target, and the login name
  'gateway.no_credential': {
    id: (p) => `Gateway belum memiliki kredensial untuk target ${p.target}; hubungi koordinator.`,
    en: (p) => `The gateway holds no credential for target ${p.target}; contact the koordinator.`,
  },
  'gateway.target_host_key_mismatch': {
    id: (p) => `Host key target ${p.target} tidak cocok dengan sidik jari yang disematkan; akses ditolak.`,
    en: (p) => `The host key of target ${p.target} does not match its pinned fingerprint; access refused.`,
  },
  'gateway.target_uid0': {
    id: (p) => `A1c: akun ${p.account} pada ${p.target} adalah uid 0 (root); akses ditolak.`,
    en: (p) => `A1c: account ${p.account} on ${p.target} is uid 0 (root); access refused.`,
  },
  'gateway.target_auth_failed': { id: (p) => `Target ${p.target} menolak kredensial gateway.`, en: (p) => `Target ${p.target} refused the gateway's credential.` },
  'gateway.target_unreachable': { id: (p) => `Target ${p.target} tidak dapat dihubungi.`, en: (p) => `Target ${p.target} cannot be reached.` },
  'gateway.login_name_invalid': { id: 'Nama login bukan PENGGUNA:TARGET.', en: 'The login name is not USER:TARGET.' },
  'http.upgrade_required': {
    id: 'Alamat ini hanya melayani WebSocket (Upgrade: websocket).', en: 'This address serves WebSockets only (Upgrade: websocket).',
  },
  // sealed input typed at secret prompts
  'gateway_session.forbidden.reveal_input': sessionRefusalMessage('reveal_input'),
  // any node watches and ends any session (issue 14)
  'gateway_session.node_unreachable': {
    id: (p) => `Node ${p.node} yang membawa sesi ini tidak menjawab; sesi belum diakhiri. Coba lagi, atau periksa node itu.`,
    en: (p) => `Node ${p.node}, which carries this session, did not answer; the session was not ended. Try again, or check that node.`,
  },



  // ── input, config, store, HTTP and CLI edges ─────────────────────────────────────────
  'store.backup_unsupported': {
    id: (p) => `Cadangan dari Jaga belum didukung untuk ${p.dialect === 'postgres' ? 'PostgreSQL' : p.dialect}: gunakan pg_dump.`,
    en: (p) => `Backup from Jaga is not supported yet for ${p.dialect === 'postgres' ? 'PostgreSQL' : p.dialect}: use pg_dump.`,
  },
  'input.required': { id: (p) => `'${p.field}' wajib diisi.`, en: (p) => `'${p.field}' is required.` },
  'input.too_long': {
    id: (p) => `'${p.field}' terlalu panjang (${p.length} karakter, maksimal ${p.max}).`,
    en: (p) => `'${p.field}' is too long (${p.length} characters, at most ${p.max}).`,
  },
  'input.invalid': {
    id: (p) => ('issues' in p ? `Masukan tidak valid: ${p.issues.map((i) => inputIssueWords(i).id).join('; ')}.`
      : p.problem === 'path_parameter' ? 'Parameter path tidak valid.' : 'Badan permintaan JSON wajib ada.'),
    en: (p) => ('issues' in p ? `Invalid input: ${p.issues.map((i) => inputIssueWords(i).en).join('; ')}.`
      : p.problem === 'path_parameter' ? 'Invalid path parameter.' : 'A JSON request body is required.'),
  },
  'input.invalid_json': { id: 'Badan permintaan bukan JSON yang valid.', en: 'The request body is not valid JSON.' },
  'config.seconds_invalid': {
    id: (p) => `${p.name} harus jumlah detik (bilangan bulat ≥ 0), bukan '${p.value}'.`,
    en: (p) => `${p.name} must be a whole number of seconds (≥ 0), not '${p.value}'.`,
  },
  'config.node_id_invalid': {
    id: (p) => `JAGA_NODE_ID harus 1–128 huruf, angka atau . _ : / @ -, bukan '${p.value}'.`,
    en: (p) => `JAGA_NODE_ID must be 1–128 letters, digits or . _ : / @ -, not '${p.value}'.`,
  },
  'config.address_invalid': {
    id: (p) => `${p.name} harus berbentuk host:port (mis. 127.0.0.1:8080), bukan '${p.value}'.`,
    en: (p) => `${p.name} must look like host:port (e.g. 127.0.0.1:8080), not '${p.value}'.`,
  },
  'config.trust_proxy_invalid': {
    id: (p) => `JAGA_TRUST_PROXY harus daftar alamat/CIDR proxy dipisah koma (mis. 127.0.0.1,10.0.0.0/8), bukan '${p.value}'.`,
    en: (p) => `JAGA_TRUST_PROXY must be a comma-separated list of proxy addresses/CIDRs (e.g. 127.0.0.1,10.0.0.0/8), not '${p.value}'.`,
  },
  'config.flag_invalid': {
    id: (p) => `${p.name} harus 1/true atau 0/false, bukan '${p.value}'.`, en: (p) => `${p.name} must be 1/true or 0/false, not '${p.value}'.`,
  },
  'config.data_dir_invalid': {
    id: 'Direktori data (--data-dir / JAGA_DATA_DIR) tidak boleh kosong.', en: 'The data directory (--data-dir / JAGA_DATA_DIR) must not be empty.',
  },
  'config.database_url_invalid': {
    id: (p) => (p.problem === 'not_a_url' ? 'JAGA_DATABASE_URL bukan URL yang valid.' : 'JAGA_DATABASE_URL harus diawali postgres:// (kosongkan untuk SQLite).'),
    en: (p) => (p.problem === 'not_a_url' ? 'JAGA_DATABASE_URL is not a valid URL.' : 'JAGA_DATABASE_URL must start with postgres:// (leave it unset for SQLite).'),
  },
  // recording and transfer audit (issue 10)
  'config.bytes_invalid': {
    id: (p) => `${p.name} harus ukuran dalam byte antara ${p.min} dan ${p.max} (mis. 268435456, 256M atau 256MiB), bukan '${p.value}'.`,
    en: (p) => `${p.name} must be a size in bytes between ${p.min} and ${p.max} (e.g. 268435456, 256M or 256MiB), not '${p.value}'.`,
  },
  'store.not_migrated': {
    id: (p) => `Basis data belum dimigrasi (${p.pending} migrasi tertunda): jalankan \`jaga migrate\`.`,
    en: (p) => `The database is not migrated (${p.pending} pending): run \`jaga migrate\`.`,
  },
  'backup.exists': { id: (p) => `Berkas '${p.file}' sudah ada; pilih nama lain.`, en: (p) => `File '${p.file}' already exists; choose another name.` },
  'health.database_down': { id: 'Basis data tidak dapat dihubungi.', en: 'The database is unreachable.' },
  'http.not_found': {
    id: (p) => (p.websocket ? `Tidak ada WebSocket di ${p.path}.` : `Tidak ada ${p.method} ${p.path}.`),
    en: (p) => (p.websocket ? `No WebSocket at ${p.path}.` : `No route ${p.method} ${p.path}.`),
  },
  'http.payload_too_large': { id: 'Badan permintaan terlalu besar.', en: 'The request body is too large.' },
  'http.unsupported_media_type': { id: 'Content-Type tidak didukung; gunakan application/json.', en: 'Unsupported Content-Type; use application/json.' },
  'http.bad_request': { id: 'Permintaan tidak valid.', en: (p) => `Bad request: ${p.detail}`.trim() },
  'cli.unknown_command': { id: (p) => `perintah tidak dikenal: jaga ${p.command}`, en: (p) => `unknown command: jaga ${p.command}` },
  'cli.bad_arguments': {
    id: (p) => `argumen tidak valid untuk 'jaga ${p.command}': ${p.message}`, en: (p) => `bad arguments for 'jaga ${p.command}': ${p.message}`,
  },
  'cli.option_required': { id: (p) => `opsi --${p.option} wajib diisi`, en: (p) => `option --${p.option} is required` },
  'cli.argument_count': {
    id: (p) => `'jaga ${p.command}' memerlukan ${p.expected} argumen (${p.args ?? 'tanpa argumen'}), diberikan ${p.given}`,
    en: (p) => `'jaga ${p.command}' takes ${p.expected} argument(s) (${p.args ?? 'none'}), got ${p.given}`,
  },
  'cli.lang_invalid': {
    id: (p) => `${p.source} harus id (Bahasa Indonesia) atau en (English), bukan '${p.value}'`,
    en: (p) => `${p.source} must be id (Bahasa Indonesia) or en (English), not '${p.value}'`,
  },
  'cli.positive_integer': { id: (p) => `--${p.option} harus bilangan bulat positif`, en: (p) => `--${p.option} must be a positive whole number` },
  'cli.file_create_failed': {
    id: (p) => `tidak dapat membuat '${p.file}' (${p.reason === 'exists' ? 'sudah ada' : p.reason})`,
    en: (p) => `cannot create '${p.file}' (${p.reason === 'exists' ? 'already exists' : p.reason})`,
  },
  'cli.actor_required': { id: 'perintah ini memerlukan --as USER (pengguna yang bertindak)', en: 'this command needs --as USER (the acting user)' },
  'cli.password_stdin_only': {
    id: 'kata sandi hanya dibaca dari stdin: gunakan --password-stdin',
    en: (p) => `${p.plural ? 'passwords are' : 'the password is'} read only from stdin: use --password-stdin`,
  },
  'cli.password_lines': { id: (p) => `stdin harus berisi ${p.count} baris kata sandi`, en: (p) => `stdin must hold ${p.count} password line(s)` },
  'cli.key_file_unreadable': {
    id: (p) => `tidak dapat membaca berkas kunci '${p.file}': ${p.reason}`, en: (p) => `cannot read key file '${p.file}': ${p.reason}`,
  },
  'cli.key_file_too_large': {
    id: (p) => `berkas kunci '${p.file}' terlalu besar untuk sebuah kunci privat`, en: (p) => `key file '${p.file}' is too large to be a private key`,
  },
  'cli.one_ssh_key': {
    id: (p) => `berikan tepat satu kunci${p.replacement ? ' baru' : ''} (--ssh-key atau --ssh-key-file)`,
    en: (p) => `give exactly one ${p.replacement ? 'new ' : ''}key (--ssh-key or --ssh-key-file)`,
  },
  'cli.options_exclusive': {
    id: (p) => `--${p.first} dan --${p.second} saling meniadakan`, en: (p) => `--${p.first} and --${p.second} exclude each other`,
  },
  'cli.expect_required': {
    id: 'tanpa terminal, berikan --expect SHA256:… (sidik jari yang diharapkan)', en: 'without a terminal, give --expect SHA256:… (the fingerprint you expect)',
  },
  'cli.credential_choice': {
    id: 'pilih tepat satu dari --generate, --key-file PATH atau --password-stdin', en: 'choose exactly one of --generate, --key-file PATH or --password-stdin',
  },
  // sealed input: the masked-lines threshold
  'config.count_invalid': {
    id: (p) => `${p.name} harus bilangan bulat ≥ 0, bukan '${p.value}'.`, en: (p) => `${p.name} must be a whole number (≥ 0), not '${p.value}'.`,
  },
  // backup and restore (issue 14)
  'backup.passphrase_stdin_required': {
    id: (p) => `Arsip cadangan memuat semua rahasia instalasi dan selalu dienkripsi: berikan --passphrase-stdin (frasa sandi lewat masukan standar) ` +
      `${p.command === 'backup' ? 'atau --recipient FILE (kunci publik X25519 penerimanya), atau --database-only untuk salinan basis data saja' : 'atau --identity FILE (kunci privat X25519 penerimanya)'}.`,
    en: (p) => `A backup archive holds every secret of the installation and is always encrypted: give --passphrase-stdin (the passphrase on standard input) ` +
      `${p.command === 'backup' ? "or --recipient FILE (the recipient's X25519 public key), or --database-only for a copy of the database alone" : "or --identity FILE (the recipient's X25519 private key)"}.`,
  },
  'backup.passphrase_short': {
    id: (p) => `Frasa sandi arsip terlalu pendek: paling sedikit ${p.min} karakter.`, en: (p) => `The archive passphrase is too short: at least ${p.min} characters.`,
  },
  'backup.passphrase_wrong': {
    id: (p) => `Frasa sandi salah untuk arsip '${p.file}' (atau kepala arsip rusak); tidak ada yang ditulis.`,
    en: (p) => `Wrong passphrase for archive '${p.file}' (or its header is damaged); nothing was written.`,
  },
  'backup.damaged': {
    id: (p) => `Arsip '${p.file}' ${BACKUP_DAMAGE[p.reason].id}${p.chunk === undefined ? '' : ` (blok ${p.chunk})`}; tidak ada yang ditulis.`,
    en: (p) => `Archive '${p.file}' ${BACKUP_DAMAGE[p.reason].en}${p.chunk === undefined ? '' : ` (chunk ${p.chunk})`}; nothing was written.`,
  },
  'backup.pg_tool_missing': {
    id: (p) => `${p.tool} untuk PostgreSQL ${p.major} tidak ditemukan: pasang paket Debian postgresql-client-${p.major} (scripts/ensure-system-deps.sh).`,
    en: (p) => `${p.tool} for PostgreSQL ${p.major} not found: install Debian's postgresql-client-${p.major} (scripts/ensure-system-deps.sh).`,
  },
  'backup.pg_tool_failed': {
    id: (p) => `${p.tool} gagal (status ${p.status}): ${p.message}`, en: (p) => `${p.tool} failed (status ${p.status}): ${p.message}`,
  },
  'restore.target_not_empty': {
    id: (p) => `Pemulihan hanya ke tempat kosong, tetapi ${p.target} tidak kosong; tidak ada yang ditulis. Pilih direktori data atau basis data yang baru.`,
    en: (p) => `A restore goes only into an empty place, but ${p.target} is not empty; nothing was written. Choose a new data directory or database.`,
  },
  'restore.dialect_mismatch': {
    id: (p) => `Arsip ini cadangan basis data ${p.archive}, sedangkan tujuannya ${p.target}; tidak ada yang ditulis` +
      `${p.archive === 'postgres' ? ' (berikan --database-url postgres://… basis data kosong)' : ' (hapus --database-url / JAGA_DATABASE_URL)'}.`,
    en: (p) => `This archive backs up a ${p.archive} database but the target is ${p.target}; nothing was written` +
      `${p.archive === 'postgres' ? ' (give --database-url postgres://… of an empty database)' : ' (drop --database-url / JAGA_DATABASE_URL)'}.`,
  },
  'restore.file_unreadable': {
    id: (p) => `Arsip '${p.file}' tidak dapat dibaca${p.reason ? ` (${p.reason})` : ''}.`, en: (p) => `Archive '${p.file}' cannot be read${p.reason ? ` (${p.reason})` : ''}.`,
  },
  'backup.secret_kind': {
    id: (p) => `Arsip '${p.file}' ${p.sealedWith === 'key' ? 'dienkripsi untuk kunci X25519: berikan --identity FILE' : 'dienkripsi dengan frasa sandi: berikan --passphrase-stdin'}; tidak ada yang ditulis.`,
    en: (p) => `Archive '${p.file}' ${p.sealedWith === 'key' ? 'is sealed for an X25519 key: give --identity FILE' : 'is sealed with a passphrase: give --passphrase-stdin'}; nothing was written.`,
  },
  'backup.key_wrong': {
    id: (p) => `Arsip '${p.file}' dienkripsi untuk kunci X25519 lain, bukan kunci yang diberikan; tidak ada yang ditulis.`,
    en: (p) => `Archive '${p.file}' is sealed for another X25519 key than the one given; nothing was written.`,
  },
  'backup.key_invalid': {
    id: (p) => `Berkas '${p.file}' bukan kunci ${p.want === 'public' ? 'publik' : 'privat'} X25519 dalam PEM${p.reason ? ` (${p.reason})` : ''}.`,
    en: (p) => `File '${p.file}' is not an X25519 ${p.want} key in PEM${p.reason ? ` (${p.reason})` : ''}.`,
  },
  // ── reports: the Form Laporan and its check code ────────────────────────────────────
  'report.case_not_closed': {
    id: (p) => `Form Laporan dibuat dari catatan yang sudah ditutup (B6); kasus ini berstatus ${UI_MESSAGES[`case.status.${p.status}`].id}.`,
    en: (p) => `The Form Laporan is made from a closed record (B6); this case is ${UI_MESSAGES[`case.status.${p.status}`].en}.`,
  },
  'report.check_code_unknown': {
    id: (p) => `Kode periksa ${p.code} tidak cocok dengan Form Laporan mana pun yang diterbitkan instalasi ini: salinan itu bukan dari sini, atau kodenya salah ketik.`,
    en: (p) => `Check code ${p.code} matches no Form Laporan this installation issued: the copy is not from here, or the code was mistyped.`,
  },
  'report.check_code_invalid': {
    id: (p) => `'${p.code}' bukan kode periksa: kode periksa terdiri dari 12 huruf/angka (mis. 7KQ4-M2XD-9PZA).`,
    en: (p) => `'${p.code}' is not a check code: a check code has 12 letters and digits (e.g. 7KQ4-M2XD-9PZA).`,
  },
  // the evidence bundle
  'cli.bundle_unreadable': {
    id: (p) => `tidak dapat membaca bundel bukti '${p.file}': ${p.reason}`, en: (p) => `cannot read evidence bundle '${p.file}': ${p.reason}`,
  },
  // the Logbook document of a period
  'report.date_invalid': {
    id: (p) => `${p.field === 'from' ? 'Tanggal awal (from)' : 'Tanggal akhir (to)'} harus tanggal YYYY-MM-DD yang ada, bukan '${p.value}'.`,
    en: (p) => `The ${p.field === 'from' ? 'start date (from)' : 'end date (to)'} must be a real date YYYY-MM-DD, not '${p.value}'.`,
  },
  'report.period_reversed': {
    id: (p) => `Tanggal awal ${p.from} sesudah tanggal akhir ${p.to}: tukar keduanya.`,
    en: (p) => `The start date ${p.from} is after the end date ${p.to}: swap them.`,
  },
  'report.period_too_long': {
    id: (p) => `Periode ${p.days} hari terlalu panjang: satu Logbook mencakup paling lama ${p.max} hari; bagi menjadi beberapa periode.`,
    en: (p) => `A period of ${p.days} days is too long: one Logbook covers at most ${p.max} days; split it into several periods.`,
  },
  'report.unit_unknown': {
    id: (p) => `Tidak ada unit LPSE dengan kode '${p.unit}'.`, en: (p) => `There is no LPSE unit with the code '${p.unit}'.`,
  },
  'report.logbook_unit_forbidden': {
    id: (p) => (p.unit === null ? `Peran ${p.role} tidak dapat menerbitkan Logbook semua unit; pilih unit Anda sendiri.`
      : `Peran ${p.role} tidak dapat menerbitkan Logbook unit ${p.unit}; hanya unit Anda sendiri.`),
    en: (p) => (p.unit === null ? `Role ${p.role} may not issue the Logbook of every unit; choose your own unit.`
      : `Role ${p.role} may not issue the Logbook of unit ${p.unit}; only your own unit.`),
  },
  // the public check of a printed form
  'report.check_rate_limited': {
    id: (p) => `Terlalu banyak pemeriksaan kode dari alamat ini; coba lagi dalam ${p.retryAfterSeconds} detik.`,
    en: (p) => `Too many code checks from this address; try again in ${p.retryAfterSeconds} s.`,
  },
  'config.public_url_invalid': {
    id: (p) => `JAGA_PUBLIC_URL harus alamat http:// atau https:// tanpa ?, # atau nama pengguna (mis. https://jaga.lpse.gorontaloprov.go.id), bukan '${p.value}'.`,
    en: (p) => `JAGA_PUBLIC_URL must be an http:// or https:// address without ?, # or a user name (e.g. https://jaga.lpse.gorontaloprov.go.id), not '${p.value}'.`,
  },
  // ── the SOP monitoring and evaluation (Tabel 7) ──────────────────────────────────────
  'report.period_invalid': {
    id: (p) => PERIOD_PROBLEM[p.problem].id(p.value), en: (p) => PERIOD_PROBLEM[p.problem].en(p.value),
  },
  'report.evaluation_forbidden': {
    id: (p) => (p.unit === null
      ? `Evaluasi SOP seluruh unit hanya untuk superadmin dan auditor nasional (peran Anda: ${p.role}); pilih unit Anda.`
      : `Peran ${p.role} tidak dapat melihat evaluasi SOP unit '${p.unit}': hanya unit Anda sendiri (superadmin dan auditor nasional: semua unit).`),
    en: (p) => (p.unit === null
      ? `The SOP evaluation of all units is for the superadmin and national auditors (your role: ${p.role}); choose your unit.`
      : `Role ${p.role} cannot see the SOP evaluation of unit '${p.unit}': only your own unit (the superadmin and national auditors: every unit).`),
  },
  'report.evaluation_notes_forbidden': {
    id: (p) => `Catatan penilaian SOP diisi oleh koordinator unit itu atau superadmin; peran ${p.role} tidak dapat mengubahnya.`,
    en: (p) => `The SOP assessment notes are set by that unit's koordinator or the superadmin; role ${p.role} cannot change them.`,
  },
  'report.evaluation_unit_required': {
    id: 'Catatan penilaian SOP milik evaluasi satu unit: sebutkan unitnya.', en: "The SOP assessment notes belong to one unit's evaluation: name the unit.",
  },
  'report.override_reason_required': {
    id: (p) => `Penilaian ${p.step} yang ditetapkan penilai (menggantikan usulan dari data) memerlukan alasan.`,
    en: (p) => `An assessment of ${p.step} set by the assessor (instead of the data's proposal) needs a reason.`,
  },
  'config.percent_invalid': {
    id: (p) => `${p.name} harus persen 1–100 (mis. 80), bukan '${p.value}'.`, en: (p) => `${p.name} must be a percentage 1–100 (e.g. 80), not '${p.value}'.`,
  },  // ── Alertmanager intake (issue 13) ───────────────────────────────────────────────────
  'intake.forbidden': {
    id: (p) => `Peran ${p.role} tidak dapat mengelola integrasi Alertmanager: hanya superadmin, atau koordinator untuk unitnya sendiri.`,
    en: (p) => `Role ${p.role} cannot manage Alertmanager integrations: only the superadmin, or a koordinator for their own unit.`,
  },
  'intake_integration.not_found': notFoundMessage('intake_integration'),
  'intake.unauthorised': {
    id: (p) => `Webhook integrasi '${p.integration}' ditolak: kirim "Authorization: Bearer <rahasia>" dengan rahasia integrasi tersebut.`,
    en: (p) => `Webhook of integration '${p.integration}' refused: send "Authorization: Bearer <secret>" with that integration's secret.`,
  },
  'intake.integration_retired': {
    id: (p) => `Integrasi Alertmanager '${p.integration}' sudah dipensiunkan: peringatannya tidak lagi membuka kasus.`,
    en: (p) => `Alertmanager integration '${p.integration}' is retired: its alerts no longer open cases.`,
  },
  'intake.already_retired': {
    id: (p) => `Integrasi Alertmanager '${p.integration}' sudah dipensiunkan.`, en: (p) => `Alertmanager integration '${p.integration}' is already retired.`,
  },
  'intake.identity_without_password': {
    id: (p) => `${p.username} adalah identitas integrasi Alertmanager: identitas itu tidak diberi kata sandi dan tidak dapat masuk. Putar rahasianya dengan jaga intake rotate-secret.`,
    en: (p) => `${p.username} is an Alertmanager integration's identity: it is given no password and cannot sign in. Rotate its secret with jaga intake rotate-secret.`,
  },
  'intake.identity_without_token': {
    id: (p) => `${p.username} adalah identitas integrasi Alertmanager: identitas itu hanya bertindak lewat webhook-nya, tanpa token API.`,
    en: (p) => `${p.username} is an Alertmanager integration's identity: it acts only through its webhook, with no API token.`,
  },
  'intake.username_reserved': {
    id: (p) => `Nama pengguna ${p.username} dicadangkan: nama yang diawali intake. hanya untuk identitas integrasi Alertmanager.`,
    en: (p) => `Username ${p.username} is reserved: names starting with intake. are for Alertmanager integrations' identities only.`,
  },
  'store.unavailable': {
    id: 'Basis data sedang tidak tersedia (sibuk atau koneksi terputus); coba lagi sebentar lagi.',
    en: 'The database is unavailable for now (busy, or the connection was lost); try again shortly.',
  },
  // ── recordings in S3-compatible object storage (issue 14) ──
  'config.recordings_url_invalid': {
    id: (p) => `JAGA_RECORDINGS_URL harus berbentuk s3://bucket/prefiks (bucket 3–63 huruf kecil, angka, '.' atau '-'), bukan '${p.value}'; kosongkan untuk menyimpan rekaman di direktori data.`,
    en: (p) => `JAGA_RECORDINGS_URL must look like s3://bucket/prefix (a bucket of 3–63 lower-case letters, digits, '.' or '-'), not '${p.value}'; leave it unset to keep recordings in the data directory.`,
  },
  'config.s3_variable_missing': {
    id: (p) => `Rekaman di penyimpanan objek (JAGA_RECORDINGS_URL=s3://…) memerlukan ${p.name} (atau ${p.alias}).`,
    en: (p) => `Recordings in object storage (JAGA_RECORDINGS_URL=s3://…) need ${p.name} (or ${p.alias}).`,
  },
  'config.s3_endpoint_invalid': {
    id: (p) => `${p.name} harus alamat http(s)://host[:port] tanpa path, query atau kredensial, bukan '${p.value}'.`,
    en: (p) => `${p.name} must be an http(s)://host[:port] address without path, query or credentials, not '${p.value}'.`,
  },
  'recording.held_by_node': {
    id: (p) => `Rekaman '${p.key}' sedang ditulis di node '${p.node}'; isinya ada di node itu sampai sesinya berakhir.`,
    en: (p) => `The recording '${p.key}' is being written on node '${p.node}'; its bytes are on that node until its session ends.`,
  },
  'recording.upload_aborted': {
    id: (p) => `Rekaman '${p.key}' hilang bersama node '${p.node}' sebelum satu bagian pun terunggah; unggahannya dibatalkan.`,
    en: (p) => `The recording '${p.key}' was lost with node '${p.node}' before any part was uploaded; its upload was aborted.`,
  },
  // ── webhook endpoints (issue 13) ─────────────────────────────────────────────────────
  'webhook.url_invalid': {
    id: (p) => `URL webhook '${p.url}' ditolak: ${WEBHOOK_URL_PROBLEM[p.problem].id}.`, en: (p) => `Webhook URL '${p.url}' refused: ${WEBHOOK_URL_PROBLEM[p.problem].en}.`,
  },
  'webhook.forbidden': {
    id: (p) => (p.unit === null
      ? `Peran ${p.role} tidak dapat mengelola webhook ini: webhook seluruh unit (LKPP) hanya dikelola superadmin, webhook satu unit oleh superadmin atau koordinator unit itu.`
      : `Peran ${p.role} tidak dapat mengelola webhook unit ${p.unit}: hanya superadmin atau koordinator unit itu.`),
    en: (p) => (p.unit === null
      ? `The ${p.role} role may not manage this webhook: webhooks for every unit (LKPP-wide) are the superadmin's, a unit's webhooks the superadmin's or that unit's koordinator's.`
      : `The ${p.role} role may not manage the webhooks of unit ${p.unit}: only the superadmin or that unit's koordinator.`),
  },
  'webhook.not_found': notFoundMessage('webhook'),
  'webhook.retired': {
    id: (p) => `Webhook ${p.id} sudah dipensiunkan dan tidak dapat diubah atau dipakai lagi.`, en: (p) => `Webhook ${p.id} is retired and can no longer be changed or used.`,
  },
  'config.webhook_timeout_invalid': {
    id: (p) => `${p.name} harus detik ${p.min}–${p.max}, bukan '${p.value}'.`, en: (p) => `${p.name} must be seconds ${p.min}–${p.max}, not '${p.value}'.`,
  },
  // ── operations (issue 14) ──
  'serve.listen_failed': {
    id: (p) => `Tidak dapat mendengarkan di ${p.address} (${p.variable}): ${LISTEN_PROBLEM[p.problem].id(p.cause)}. Ubah ${p.variable}${p.problem === 'in_use' ? ' atau hentikan program yang memakai port itu' : ''}; tidak ada yang dibiarkan berjalan.`,
    en: (p) => `Cannot listen on ${p.address} (${p.variable}): ${LISTEN_PROBLEM[p.problem].en(p.cause)}. Change ${p.variable}${p.problem === 'in_use' ? ' or stop what uses that port' : ''}; nothing was left running.`,
  },
  'config.log_level_invalid': {
    id: (p) => `${p.name} harus salah satu dari ${p.levels}, bukan '${p.value}'.`, en: (p) => `${p.name} must be one of ${p.levels}, not '${p.value}'.`,
  },
  // ── notifications: the outbox, its delivery log and retry by hand (issue 13) ─────────
  'config.notify_thresholds_invalid': {
    id: (p) => `JAGA_NOTIFY_THRESHOLDS harus daftar persen menaik dipisah koma (mis. 50,75,100), bukan '${p.value}'.`,
    en: (p) => `JAGA_NOTIFY_THRESHOLDS must be ascending percentages separated by commas (e.g. 50,75,100), not '${p.value}'.`,
  },
  'notification_delivery.not_found': notFoundMessage('notification_delivery'),
  'notification.forbidden': {
    id: (p) => `Log pengiriman notifikasi untuk superadmin dan koordinator unitnya; peran ${p.role} tidak dapat melihat atau mengulanginya.`,
    en: (p) => `The notification delivery log is for the superadmin and the unit's koordinator; role ${p.role} cannot see or retry it.`,
  },
  'notification.not_dead': {
    id: (p) => `Pengiriman '${p.id}' berstatus ${p.status}: hanya pengiriman yang gagal permanen (dead) yang diulang secara manual.`,
    en: (p) => `Delivery '${p.id}' is ${p.status}: only a dead-lettered delivery is retried by hand.`,
  },
  // ── notifications: email addresses, subscriptions, mutes, SMTP (issue 13, email) ────────
  'user.email_invalid': {
    id: (p) => `Alamat email '${p.email}' tidak valid: ${EMAIL_PROBLEM[p.problem].id}.`,
    en: (p) => `The email address '${p.email}' is not valid: ${EMAIL_PROBLEM[p.problem].en}.`,
  },
  'notification.mandatory': {
    id: (p) => `Pemberitahuan "${eventName('id', p.event)}" wajib bagi peran ${p.role}: ${p.change === 'mute' ? 'tidak dapat dibisukan' : 'tidak dapat dimatikan untuk unit'}.`,
    en: (p) => `The notification "${eventName('en', p.event)}" is mandatory for role ${p.role}: it cannot be ${p.change === 'mute' ? 'muted' : "turned off for a unit"}.`,
  },
  'notification.subscriptions_forbidden': {
    id: (p) => `Langganan pemberitahuan sebuah unit diatur oleh superadmin atau koordinator unit itu; peran ${p.role} tidak dapat melihat atau mengubahnya.`,
    en: (p) => `A unit's notification subscriptions are kept by the superadmin or that unit's koordinator; role ${p.role} cannot see or change them.`,
  },
  'config.smtp_url_invalid': {
    id: (p) => `${p.name} harus berbentuk smtp://pengguna:sandi@host:port atau smtps://…: ${SMTP_URL_PROBLEM[p.problem].id} (nilainya tidak ditampilkan karena dapat memuat kata sandi).`,
    en: (p) => `${p.name} must look like smtp://user:password@host:port or smtps://…: ${SMTP_URL_PROBLEM[p.problem].en} (its value is not shown: it may hold a password).`,
  },
  'config.mail_from_invalid': {
    id: (p) => `${p.name} harus satu alamat email pengirim (mis. jaga@lpse.gorontaloprov.go.id atau "Jaga <jaga@lpse.go.id>").`,
    en: (p) => `${p.name} must be one sender email address (e.g. jaga@lpse.gorontaloprov.go.id or "Jaga <jaga@lpse.go.id>").`,
  },
  'config.mail_incomplete': {
    id: (p) => `Pengiriman email memerlukan JAGA_SMTP_URL dan JAGA_MAIL_FROM; ${p.missing} belum diisi.`,
    en: (p) => `Sending email needs both JAGA_SMTP_URL and JAGA_MAIL_FROM; ${p.missing} is not set.`,
  },
  'cli.exactly_one_option': { id: (p) => `pilih tepat satu dari ${p.options.join(', ')}`, en: (p) => `choose exactly one of ${p.options.join(', ')}` },
};

// ── notifications: parts of the messages above ───────────────────────────────────────
const EMAIL_PROBLEM: { readonly [P in EmailProblem]: Words } = {
  format: { id: 'harus berbentuk nama@domain, dengan tepat satu @', en: 'it must read name@domain, with exactly one @' },
  too_long: { id: 'lebih dari 254 karakter', en: 'it is longer than 254 characters' },
  local_part: { id: 'bagian sebelum @ memuat karakter yang tidak diizinkan, titik ganda, atau lebih dari 64 karakter', en: 'the part before the @ holds a character that is not allowed, a double dot, or more than 64 characters' },
  domain: { id: 'domain harus nama seperti lpse.go.id (huruf, angka, tanda hubung; bentuk xn-- untuk nama internasional)', en: 'the domain must be a name such as lpse.go.id (letters, digits, hyphens; the xn-- form for an international name)' },
};
const SMTP_URL_PROBLEM: { readonly [P in ErrorParams['config.smtp_url_invalid']['problem']]: Words } = {
  not_a_url: { id: 'bukan URL', en: 'it is not a URL' },
  scheme: { id: 'skemanya harus smtp:// atau smtps://', en: 'its scheme must be smtp:// or smtps://' },
  host: { id: 'nama host tidak ada', en: 'the host name is missing' },
  port: { id: 'port harus 1–65535', en: 'the port must be 1–65535' },
  path: { id: 'tidak boleh memuat path, ? atau #', en: 'it may not hold a path, ? or #' },
};
const eventName = (lang: Lang, event: NotificationEventType): string => UI_MESSAGES[`notify.event.${event}`][lang];

// ── access: parts of the messages above ─────────────────────────────────────────────
const CIDR_PROBLEM: { readonly [P in CidrProblem]: { readonly [L in Lang]: (bits: number) => string } } = {
  format: { id: () => 'format harus alamat/prefiks', en: () => 'expected address/prefix' },
  address: { id: () => 'alamat tidak dikenali', en: () => 'address not recognised' },
  prefix_not_number: { id: () => 'prefiks harus bilangan bulat', en: () => 'prefix must be a whole number' },
  prefix_too_long: { id: (bits) => `prefiks maksimal ${bits}`, en: (bits) => `prefix must be at most ${bits}` },
  host_bits: { id: () => 'bit host harus nol', en: () => 'host bits must be zero' },
};

// ── registry: parts of the messages above ───────────────────────────────────────────
type OverlapParams = ErrorParams['network.overlap'];
const NETWORK_CLASS_WORDS: { readonly [C in NetworkClassCode]: { readonly [L in Lang]: string } } = {
  public: { id: 'publik', en: 'public' },
  non_intranet: { id: 'non-intranet: kantor, VPN…', en: 'non-intranet: office, VPN…' },
  intranet: { id: 'intranet', en: 'intranet' },
};
const ORDER = { id: 'urutan dari yang paling ketat: publik, non-intranet, intranet', en: 'most restrictive first: public, non-intranet, intranet' };
/** `'kantor-lpse' (10.0.0.0/8, intranet)` in one language. */
const netWords = (lang: Lang, name: string, cidr: string, c: NetworkClassCode, retired = false): string =>
  `'${name}' (${cidr}, ${NETWORK_CLASS_WORDS[c][lang]}${retired ? (lang === 'id' ? ', sudah dipensiunkan' : ', retired') : ''})`;
const NETWORK_OVERLAP: { readonly [P in NetworkOverlapProblem]: { readonly [L in Lang]: (p: OverlapParams) => string } } = {
  equal_prefix: {
    id: (p) => `Jaringan ${netWords('id', p.network, p.cidr, p.class)} memakai rentang yang sama dengan jaringan ${netWords('id', p.other, p.otherCidr, p.otherClass, p.otherRetired)}: ` +
      'satu alamat akan berarti dua hal. Rentang yang sama hanya boleh satu jenis; ubah salah satunya.',
    en: (p) => `Network ${netWords('en', p.network, p.cidr, p.class)} uses the same range as network ${netWords('en', p.other, p.otherCidr, p.otherClass, p.otherRetired)}: ` +
      'one address would mean two things. An equal range must be of one kind; change one of them.',
  },
  duplicate: {
    id: (p) => `Rentang ${p.cidr} jaringan '${p.network}' sudah terdaftar sebagai jaringan '${p.other}'; satu rentang hanya milik satu jaringan. ` +
      `Ubah atau pensiunkan '${p.other}' lebih dulu.`,
    en: (p) => `Range ${p.cidr} of network '${p.network}' is already registered as network '${p.other}'; a range belongs to one network only. ` +
      `Edit or retire '${p.other}' first.`,
  },
  looser_inside: {
    id: (p) => `Jaringan ${netWords('id', p.network, p.cidr, p.class)} berada di dalam jaringan ${netWords('id', p.other, p.otherCidr, p.otherClass)} dan lebih longgar darinya. ` +
      `Rentang yang lebih spesifik harus lebih ketat (${ORDER.id}); kalau tidak, sebagian alamat ${NETWORK_CLASS_WORDS[p.otherClass].id} diperlakukan sebagai ${NETWORK_CLASS_WORDS[p.class].id}.`,
    en: (p) => `Network ${netWords('en', p.network, p.cidr, p.class)} lies inside network ${netWords('en', p.other, p.otherCidr, p.otherClass)} and is less restrictive than it. ` +
      `The more specific range must be the more restrictive (${ORDER.en}); otherwise some ${NETWORK_CLASS_WORDS[p.otherClass].en} addresses would be treated as ${NETWORK_CLASS_WORDS[p.class].en}.`,
  },
  looser_within: {
    id: (p) => `Jaringan ${netWords('id', p.network, p.cidr, p.class)} memuat jaringan ${netWords('id', p.other, p.otherCidr, p.otherClass)}, yang lebih longgar darinya. ` +
      `Rentang yang lebih spesifik harus lebih ketat (${ORDER.id}); kalau tidak, sebagian alamat ${NETWORK_CLASS_WORDS[p.class].id} diperlakukan sebagai ${NETWORK_CLASS_WORDS[p.otherClass].id}.`,
    en: (p) => `Network ${netWords('en', p.network, p.cidr, p.class)} holds network ${netWords('en', p.other, p.otherCidr, p.otherClass)}, which is less restrictive than it. ` +
      `The more specific range must be the more restrictive (${ORDER.en}); otherwise some ${NETWORK_CLASS_WORDS[p.class].en} addresses would be treated as ${NETWORK_CLASS_WORDS[p.otherClass].en}.`,
  },
};
const SSH_KEY_LINE_PROBLEM: { readonly [P in SshKeyLineProblem]: { readonly [L in Lang]: (type: string) => string } } = {
  format: { id: () => 'format harus "jenis base64 [komentar]"', en: () => 'expected "type base64 [comment]"' },
  type_unsupported: { id: (type) => `jenis kunci '${type}' tidak didukung`, en: (type) => `key type '${type}' is not supported` },
  base64: { id: () => 'bagian base64 rusak', en: () => 'the base64 part is malformed' },
};

/** A gateway refusal says what the A1 rule that refused says (the provision is in its code). */
function refusalWords(lang: Lang): (p: GatewayRefusalParams) => string {
  return ({ refusal }) => {
    const words = (ERROR_MESSAGES[refusal.code] as Bilingual<unknown>)[lang];
    return typeof words === 'function' ? words(refusal.params) : words;
  };
}

// ── the SOP evaluation: parts of the messages above ──────────────────────────────────
const PERIOD_PROBLEM: { readonly [P in ErrorParams['report.period_invalid']['problem']]: { readonly [L in Lang]: (v: string) => string } } = {
  month: { id: (v) => `'${v}' bukan bulan: tulis TTTT-BB (mis. 2026-11).`, en: (v) => `'${v}' is not a month: write YYYY-MM (e.g. 2026-11).` },
  day: { id: (v) => `'${v}' bukan tanggal: tulis TTTT-BB-HH (mis. 2026-11-03).`, en: (v) => `'${v}' is not a date: write YYYY-MM-DD (e.g. 2026-11-03).` },
  reversed: { id: (v) => `Periode terbalik (${v}): tanggal awal harus sebelum atau sama dengan tanggal akhir.`, en: (v) => `The period is reversed (${v}): the start must be on or before the end.` },
  range_incomplete: { id: () => 'Periode memerlukan tanggal awal dan tanggal akhir (from dan to).', en: () => 'A period needs both a start and an end date (from and to).' },
  month_and_range: { id: () => 'Pilih bulan atau rentang tanggal, bukan keduanya.', en: () => 'Choose a month or a date range, not both.' },
};

// ── webhook endpoints: parts of the messages above ─────────────────────────────────────
const WEBHOOK_URL_PROBLEM: { readonly [P in ErrorParams['webhook.url_invalid']['problem']]: { readonly id: string; readonly en: string } } = {
  not_a_url: { id: 'bukan URL absolut (tulis https://host/jalur)', en: 'not an absolute URL (write https://host/path)' },
  too_long: { id: 'lebih dari 2000 karakter', en: 'longer than 2000 characters' },
  scheme: { id: 'hanya https (atau http ke penerima di mesin ini)', en: 'only https (or http to a receiver on this machine)' },
  credentials: {
    id: 'nama pengguna atau kata sandi di dalam URL akan tampil di setiap daftar dan log; penerima memeriksa tanda tangan webhook sebagai gantinya',
    en: 'a user name or password in the URL would show in every list and log; the receiver checks the webhook signature instead',
  },
  fragment: { id: 'bagian #… tidak pernah dikirim; hapus', en: 'a #… part is never sent; remove it' },
  http_not_allowed: {
    id: 'http tanpa TLS hanya ke penerima di mesin ini (localhost, 127.0.0.1, ::1), kecuali JAGA_WEBHOOK_ALLOW_HTTP=1; gunakan https',
    en: 'plain http only to a receiver on this machine (localhost, 127.0.0.1, ::1), unless JAGA_WEBHOOK_ALLOW_HTTP=1; use https',
  },
};

// ── operations (issue 14): why a listener of jaga serve could not start ───────────────
const LISTEN_PROBLEM: { readonly [P in ErrorParams['serve.listen_failed']['problem']]: { readonly [L in Lang]: (cause: string) => string } } = {
  in_use: { id: () => 'port itu sudah dipakai', en: () => 'the port is already in use' },
  permission: { id: () => 'tidak ada izin untuk port itu (port di bawah 1024 memerlukan hak khusus)', en: () => 'no permission for that port (ports below 1024 need a privilege)' },
  not_local: { id: () => 'alamat itu bukan milik mesin ini', en: () => 'that address is not one of this machine\'s' },
  unresolvable: { id: () => 'nama host itu tidak dapat diterjemahkan ke alamat', en: () => 'that host name does not resolve to an address' },
  other: { id: (c) => `galat sistem ${c}`, en: (c) => `system error ${c}` },
};
