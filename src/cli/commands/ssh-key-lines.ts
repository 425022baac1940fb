import { readFileSync } from 'node:fs';
import type { CommandContext } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { list } from './helpers.js';

/** Public key lines from `--ssh-key` and the files of `--ssh-key-file` (blank lines and comments skipped). */
export function keyLines(ctx: CommandContext): string[] {
  const lines = [...list(ctx, 'ssh-key')];
  for (const f of list(ctx, 'ssh-key-file')) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw UsageError.of('cli.key_file_unreadable', { file: f, reason: (e as NodeJS.ErrnoException).code ?? '' });
    }
    lines.push(...text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  }
  return lines;
}
