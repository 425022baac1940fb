import type { ErrorParams } from '../domain/error-codes.js';
import type { Lang } from './lang.js';

/** What is wrong with a backup archive (`backup.damaged`), after its name. */
export const BACKUP_DAMAGE: { readonly [R in ErrorParams['backup.damaged']['reason']]: { readonly [L in Lang]: string } } = {
  not_a_backup: { id: 'bukan arsip cadangan Jaga', en: 'is not a Jaga backup archive' },
  header: { id: 'kepalanya rusak', en: 'has a damaged header' },
  chunk: { id: 'rusak atau diubah', en: 'is damaged or was altered' },
  truncated: { id: 'terpotong (bagian akhirnya hilang)', en: 'is truncated (its end is missing)' },
  contents: { id: 'isinya tidak sesuai manifesnya', en: 'does not match its manifest' },
};
