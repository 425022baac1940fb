import type { Bilingual } from './lang.js';

/**
 * Words that are not errors: labels, headings, prompts, banners, notices. Keys are
 * `<surface>.<name>` (`gateway.terminated`, `case.label.status` …); a function entry takes the
 * values it needs. Sections by surface keep merges apart.
 */
export const UI_MESSAGES = {
  // ── gateway (stderr lines, prompts) ──────────────────────────────────────────────────



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
  'cli.registry.changed': { id: (p: { what: string }) => `Diubah: ${p.what}`, en: (p: { what: string }) => `Changed: ${p.what}` },
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



  // ── case views (labels, step names, statuses) ────────────────────────────────────────



  // ── shared ───────────────────────────────────────────────────────────────────────────
  'shared.lang_name': { id: 'Bahasa Indonesia', en: 'English' },
  /** An unexpected failure: `ref` is what an operator looks for in the log (request id). */
  'shared.internal_error': { id: (p: { ref: string }) => `Kesalahan internal (permintaan ${p.ref}).`, en: (p: { ref: string }) => `Internal error (request ${p.ref}).` },
} satisfies Record<string, Bilingual<never>>;

export type UiKey = keyof typeof UI_MESSAGES;
type Fn<T> = T extends (p: infer P) => string ? P : never;
/** The values a UI message needs (from its function entries). */
export type UiParams<K extends UiKey> = Fn<(typeof UI_MESSAGES)[K]['id']> extends never ? Record<never, never> : Fn<(typeof UI_MESSAGES)[K]['id']>;
