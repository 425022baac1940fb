import type { AppDeps, Invocation } from '../../app/app-deps.js';
import { listGrants, listNetworks, listTargets, listUnits, listUsers, listWorkstations } from '../../app/registry/list-registry.js';
import type { Lang } from '../../messages/lang.js';
import type { RegistryNames } from '../../presenters/registry-list.js';
import {
  grantLine, grantRow, networkLine, networkRow, targetLine, targetRow, unitLine, unitRow, userLine, userRow, workstationLine, workstationRow,
} from '../../presenters/registry-list.js';
import type { Command, CommandContext } from '../command.js';
import { actor, flag, json, say } from './helpers.js';

/** The names a listing needs, as far as the actor may read them. */
async function namesFor(app: AppDeps, inv: Invocation, need: { users?: boolean; targets?: boolean }): Promise<RegistryNames> {
  return {
    units: await listUnits(app, inv),
    users: need.users ? await listUsers(app, inv) : [],
    targets: need.targets ? await listTargets(app, inv) : [],
  };
}

function listCommand<T, R>(registry: string, summary: string, load: (app: AppDeps, inv: Invocation) => Promise<T[]>,
  row: (item: T, names: RegistryNames, now: string) => R, text: (r: R, lang?: Lang) => string, need: { users?: boolean; targets?: boolean } = {}): Command {
  return {
    name: `${registry} list`, summary, needsActor: true,
    options: { json: { type: 'boolean', help: 'as a JSON array' } },
    async run(ctx: CommandContext) {
      const app = await ctx.app();
      const inv = actor(ctx);
      const items = await load(app, inv);
      const names = await namesFor(app, inv, need);
      const rows = items.map((i) => row(i, names, app.clock.now().toISOString()));
      if (flag(ctx, 'json')) return json(ctx, rows);
      if (rows.length === 0) ctx.io.err(say(ctx, 'cli.registry.empty'));
      for (const r of rows) ctx.io.out(text(r, ctx.lang));
    },
  };
}

/** `jaga <registry> list [--json]`: what the acting user may read, names instead of ids, retired and revoked entries marked. */
export const registryListCommands: Command[] = [
  listCommand('unit', 'list LPSE units', listUnits, unitRow, unitLine),
  listCommand('user', 'list users (deactivated ones marked)', listUsers, userRow, userLine),
  listCommand('network', 'list networks (retired ones marked)', listNetworks, networkRow, networkLine),
  listCommand('workstation', 'list workstations and their SSH keys (retired workstations, revoked keys marked)', listWorkstations, workstationRow,
    workstationLine, { users: true }),
  listCommand('target', 'list target servers (retired ones marked)', listTargets, targetRow, targetLine),
  listCommand('grant', 'list executor grants (revoked and expired ones marked); the id is what grant revoke takes', listGrants, grantRow, grantLine,
    { users: true, targets: true }),
];
