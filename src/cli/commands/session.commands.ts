import { revealMaskedInput } from '../../app/access/masked-input.js';
import { terminalSafe } from '../../presenters/terminal-safe.js';
import type { Command } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { actor, defined, flag, json, list, say, str } from './helpers.js';

export const sessionCommands: Command[] = [
  {
    name: 'session reveal-input', args: '<session-id>', needsActor: true,
    summary: 'auditor/superadmin: the plaintext of what was typed at a session\'s password prompts (sealed); the reveal and its reason are logged',
    options: {
      reason: { type: 'string', help: 'why you need it (logged with the reveal)', required: true, value: 'TEXT' },
      line: { type: 'string', multiple: true, help: 'only this masked line (repeatable; default: all)', value: 'N' },
      json: { type: 'boolean', help: 'print the lines as JSON' },
    },
    async run(ctx) {
      const lines = list(ctx, 'line').map((l) => {
        if (!/^\d{1,9}$/.test(l) || Number(l) < 1) throw UsageError.of('cli.positive_integer', { option: 'line' });
        return Number(l);
      });
      const r = await revealMaskedInput(await ctx.app(), actor(ctx), ctx.positionals[0] as string,
        defined({ reason: str(ctx, 'reason'), lines: lines.length ? lines : undefined }));
      if (flag(ctx, 'json')) return json(ctx, r);
      if (r.lines.length === 0) ctx.io.err(say(ctx, 'cli.session.no_masked_lines'));
      for (const l of r.lines) {
        // What was typed is shown escaped: it may hold control characters, or an attack on this terminal.
        ctx.io.out(`${say(ctx, 'cli.session.revealed_line', { line: l.line, channel: l.channel, at: l.at })} ${l.text === null ? say(ctx, 'cli.session.unreadable') : terminalSafe(l.text)}`);
      }
    },
  },
];
