import { LocalNodeHub } from '../adapters/node-bus/local-node-bus.js';
import { sealedNodeBus } from '../adapters/node-bus/sealed-node-bus.js';
import type { Config } from '../config/config.js';
import type { SecretBox } from '../ports/crypto.js';
import type { NodeBus } from '../ports/node-bus.js';

/**
 * The bus between the `jaga serve` nodes sharing this store: PostgreSQL's LISTEN/NOTIFY on a
 * connection of its own (loaded only for a PostgreSQL store), every message sealed with the
 * installation's data key (whoever holds the database's credentials reads and forges nothing on
 * it); on SQLite one node, so a bus in this process that reaches only itself.
 */
export async function openNodeBus(config: Config, box: SecretBox, log: (line: string) => void): Promise<NodeBus> {
  const { database, ssh } = config;
  if (database.dialect === 'sqlite') return new LocalNodeHub().bus(ssh.nodeId);
  const { PgNodeBus } = await import('../adapters/node-bus/pg-node-bus.js');
  return sealedNodeBus(await PgNodeBus.open(database.url, ssh.nodeId, log), box, { log });
}
