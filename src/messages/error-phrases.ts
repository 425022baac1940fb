import type { DuplicateEntity, InputIssue, KeyFileProblem, NotFoundEntity, RegistryEntity, SessionRefusal } from '../domain/error-codes.js';
import type { SessionAction } from '../domain/auth/gateway-session.policy.js';
import type { Bilingual, Words } from './lang.js';


/** What each looked-up thing is called (`<entity>.not_found`); `token` has always read lower-case. */
const NOUNS: Readonly<Record<NotFoundEntity, Words>> = {
  case: { id: 'Kasus', en: 'Case' }, unit: { id: 'Unit LPSE', en: 'LPSE unit' }, user: { id: 'Pengguna', en: 'User' },
  network: { id: 'Jaringan', en: 'Network' }, workstation: { id: 'Workstation', en: 'Workstation' },
  target: { id: 'Target', en: 'Target' }, grant: { id: 'Hak akses', en: 'Grant' }, sop: { id: 'SOP', en: 'SOP' },
  gateway_session: { id: 'Sesi gateway', en: 'Gateway session' }, recording: { id: 'Rekaman', en: 'Recording' },
  token: { id: 'token', en: 'token' },
  intake_integration: { id: 'Integrasi Alertmanager', en: 'Alertmanager integration' },
  webhook: { id: 'Webhook', en: 'Webhook' },
  // issue 13: the notification outbox
  notification_delivery: { id: 'Pengiriman notifikasi', en: 'Notification delivery' },
};

/** The message of `<entity>.not_found`, naming the key that was looked up. */
export function notFoundMessage(entity: NotFoundEntity): Bilingual<{ key: string }> {
  const n = NOUNS[entity];
  return { id: (p) => `${n.id} '${p.key}' tidak ditemukan.`, en: (p) => `${n.en} '${p.key}' not found.` };
}

/** Each registry as "the … registry" / "registri …" name it (`registry.forbidden`). */
export const REGISTRY_NOUNS: Readonly<Record<RegistryEntity, Words>> = {
  unit: { id: 'unit LPSE', en: 'LPSE unit' }, user: { id: 'pengguna', en: 'user' }, network: { id: 'jaringan', en: 'network' },
  workstation: { id: 'workstation', en: 'workstation' }, target: { id: 'target', en: 'target' }, grant: { id: 'hak akses', en: 'grant' },
};

/** What a duplicate key clashes with (`registry.duplicate`). */
export const DUPLICATE_NOUNS: Readonly<Record<DuplicateEntity, Words>> = {
  unit: { id: 'Unit LPSE', en: 'LPSE unit' }, user: { id: 'Pengguna', en: 'User' }, network: { id: 'Jaringan', en: 'Network' },
  ssh_key: { id: 'Kunci SSH', en: 'SSH key' }, workstation_asset_tag: { id: 'Workstation dengan asset tag', en: 'Workstation with asset tag' },
  target: { id: 'Target', en: 'Target' },
  intake_integration: { id: 'Integrasi Alertmanager', en: 'Alertmanager integration' },
};

/** Why a supplied SSH private key cannot be read. */
export const KEY_FILE_PROBLEMS: Readonly<Record<KeyFileProblem, Words>> = {
  damaged: { id: 'format tidak didukung atau rusak', en: 'unsupported or damaged format' },
  pkcs8: { id: 'format PKCS#8; ubah dengan: ssh-keygen -p -N "" -f BERKAS', en: 'PKCS#8 format; convert it with: ssh-keygen -p -N "" -f FILE' },
  several_keys: { id: 'berkas berisi lebih dari satu kunci', en: 'the file holds more than one key' },
  public_key: { id: 'ini kunci publik, bukan kunci privat', en: 'this is a public key, not a private key' },
};

const SESSION_ACTIONS: Readonly<Record<SessionAction, Words>> = {
  history: { id: 'melihat riwayat sesi gateway', en: 'see the gateway session history' },
  list: { id: 'melihat sesi gateway yang berjalan', en: 'see running gateway sessions' },
  watch: { id: 'mengamati sesi gateway secara langsung', en: 'watch a gateway session live' },
  terminate: { id: 'menghentikan sesi gateway', en: 'terminate a gateway session' },
  recording: { id: 'mengunduh rekaman sesi gateway', en: 'download a gateway session recording' },
  reveal_input: { id: 'membuka masukan tersegel (diketik pada prompt kata sandi) sesi gateway', en: 'reveal the sealed input (typed at password prompts) of a gateway session' },
};

/** The message of `gateway_session.forbidden.<action>`. */
export function sessionRefusalMessage(action: SessionAction): Bilingual<SessionRefusal> {
  const a = SESSION_ACTIONS[action];
  return {
    id: (p) => `${p.username} (${p.role}) tidak berwenang ${a.id} untuk kasus ini.`,
    en: (p) => `${p.username} (${p.role}) may not ${a.en} for this case.`,
  };
}

/** One refused input value in both languages (joined into `input.invalid`). */
export function inputIssueWords(i: InputIssue): Words {
  switch (i.kind) {
    case 'too_big': return { id: `'${i.field}' terlalu panjang/besar (maksimal ${i.maximum})`, en: `'${i.field}' is too long/large (at most ${i.maximum})` };
    case 'too_small': return { id: `'${i.field}' wajib diisi atau terlalu kecil (minimal ${i.minimum})`, en: `'${i.field}' is required or too small (at least ${i.minimum})` };
    case 'missing': return { id: `'${i.field}' wajib diisi`, en: `'${i.field}' is required` };
    case 'wrong_type': return { id: `'${i.field}' harus bertipe ${i.expected}`, en: `'${i.field}' must be of type ${i.expected}` };
    case 'not_one_of': return { id: `'${i.field}' harus salah satu dari: ${i.values.join(', ')}`, en: `'${i.field}' must be one of: ${i.values.join(', ')}` };
    case 'unknown_fields': return { id: `kolom tidak dikenal: ${i.keys.join(', ')}`, en: `unknown field(s): ${i.keys.join(', ')}` };
    case 'bad_format': return { id: `'${i.field}' formatnya tidak valid (${i.format})`, en: `'${i.field}' has an invalid format (${i.format})` };
    case 'other': return { id: `'${i.field}' tidak valid`, en: `'${i.field}' is invalid: ${i.detail}` };
  }
}
