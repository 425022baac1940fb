import { DomainError } from '../../domain/errors.js';
import { REMOTE_REPAIR_SOP_CODE } from '../../domain/sop/builtin-sops.js';
import { sopText } from '../../presenters/sop-text.js';
import { terminalSafeLines } from '../../presenters/terminal-safe.js';
import type { Command } from '../command.js';
import { UsageError } from '../error-presenter.js';
import { flag, json, str } from './helpers.js';

export const sopCommands: Command[] = [
  {
    name: 'sop show', summary: 'print the SOP in force (or a given version) as stored',
    options: {
      version: { type: 'string', help: 'a specific version (default: the one in force)', value: 'V' },
      code: { type: 'string', help: `SOP code (default ${REMOTE_REPAIR_SOP_CODE})`, value: 'CODE' },
      lang: { type: 'string', help: 'id | en | both (default both)', value: 'LANG' },
      json: { type: 'boolean', help: 'the full definition as JSON' },
    },
    async run(ctx) {
      // The CLI already read --lang (or $JAGA_LANG) into ctx.lang; `both` is this command's own value.
      const raw = str(ctx, 'lang');
      const lang = raw === 'both' ? 'both' : raw === undefined ? ctx.lang ?? 'both' : ctx.lang;
      if (lang === undefined) throw UsageError.of('sop.lang_invalid', {});
      const code = str(ctx, 'code') ?? REMOTE_REPAIR_SOP_CODE;
      const version = str(ctx, 'version');
      const app = await ctx.app();
      const sop = await app.store.read((r) => (version === undefined ? r.sops.findCurrent(code) : r.sops.findByVersion(code, version)));
      const key = `${code}${version ? ` ${version}` : ''} (jaga migrate?)`;
      if (!sop) throw DomainError.of('not_found', 'sop.not_found', { key }, { key });
      if (flag(ctx, 'json')) return json(ctx, sop);
      ctx.io.out(terminalSafeLines(sopText(sop, lang)));
    },
  },
];
