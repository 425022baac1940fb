import { setLanguage } from '../../app/auth/set-language.js';
import { t } from '../../messages/catalogue.js';
import type { Command } from '../command.js';
import { actor, arg, say } from './helpers.js';

/** A user's own preferences (each sets their own, `--as`). */
export const preferenceCommands: Command[] = [
  {
    name: 'user set-language', args: '<language>', needsActor: true, options: {},
    summary: 'the language --as USER reads Jaga in: id | en | auto (the client\'s Accept-Language, else Indonesian)',
    async run(ctx) {
      const given = arg(ctx);
      const u = await setLanguage(await ctx.app(), actor(ctx), { language: given === 'auto' ? null : given });
      // Confirmed in the language just chosen; with none chosen, in this invocation's (--lang), else both.
      if (u.language) ctx.io.err(t(u.language, 'cli.language_set', { username: u.username, language: t(u.language, 'shared.lang_name') }));
      else ctx.io.err(say(ctx, 'cli.language_cleared', { username: u.username }));
    },
  },
];
