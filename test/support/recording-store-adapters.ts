import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KyselyStore } from '../../src/adapters/db/kysely-store.js';
import { LocalRecordingStore } from '../../src/adapters/recordings/local-recording-store.js';
import type { RecordingStore } from '../../src/ports/recording-store.js';
import type { S3RecordingStore } from '../../src/adapters/recordings/s3-recording-store.js';
import { openS3RecordingStore } from '../../src/main/open-s3-recording-store.js';
import { recordingStorageConfig } from '../../src/config/recording-storage-config.js';
import type { S3TestServer } from './s3-server.js';
import { startS3Server } from './s3-server.js';

/** A fresh, empty store; `reopen` is a second store over the same storage, as a restarted process sees it. */
export interface OpenedRecordingStore {
  readonly store: RecordingStore;
  reopen(): RecordingStore;
  close(): Promise<void>;
}

export interface RecordingStoreAdapter {
  readonly name: string;
  open(): Promise<OpenedRecordingStore>;
}

const localDisk: RecordingStoreAdapter = {
  name: 'local disk',
  open: () => {
    const root = mkdtempSync(join(tmpdir(), 'jaga-recstore-'));
    const dir = join(root, 'recordings');
    return Promise.resolve({
      store: new LocalRecordingStore(dir),
      reopen: () => new LocalRecordingStore(dir),
      close: () => Promise.resolve(rmSync(root, { recursive: true, force: true })),
    });
  },
};

/** An S3 store over a real S3-compatible server, with its spool and upload log (SQLite) in a temporary data directory. */
export interface OpenedS3RecordingStore extends OpenedRecordingStore {
  readonly store: S3RecordingStore;
  readonly server: S3TestServer;
  readonly db: KyselyStore;
  readonly dataDir: string;
  /** Another store over the same bucket and database, as node `nodeId` sees it (its own spool); `tailIntervalMs` as S3RecordingStoreOptions. */
  node(nodeId: string, opts?: { tailIntervalMs?: number }): S3RecordingStore;
}

/** Opens an S3RecordingStore as `jaga serve` wires it (open-s3-recording-store.ts), on a fresh s3rver and database. */
export async function openS3Store(opts: { nodeId?: string; prefix?: string } = {}): Promise<OpenedS3RecordingStore> {
  const root = mkdtempSync(join(tmpdir(), 'jaga-recs3-'));
  const server = await startS3Server();
  const db = KyselyStore.open({ dialect: 'sqlite', file: join(root, 'jaga.sqlite') }, () => new Date().toISOString());
  await db.migrate();
  const open = (nodeId: string, dataDir: string, o: { tailIntervalMs?: number } = {}): S3RecordingStore => {
    const c = recordingStorageConfig(server.env(opts.prefix ?? 'rec'), dataDir);
    if (c.kind !== 's3') throw new Error('expected an S3 configuration');
    return openS3RecordingStore(c, db, nodeId, () => new Date().toISOString(), o);
  };
  const nodeId = opts.nodeId ?? 'node-a';
  return {
    store: open(nodeId, root), server, db, dataDir: root,
    reopen: () => open(nodeId, root),
    node: (other, o) => open(other, join(root, other), o),
    close: async () => {
      await server.stop();
      await db.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const s3: RecordingStoreAdapter = { name: 'S3-compatible object storage (s3rver)', open: () => openS3Store() };

/** Every RecordingStore adapter; each must pass test/contract/recording-store.test.ts (like DIALECTS for the store). */
export const RECORDING_STORE_ADAPTERS: readonly RecordingStoreAdapter[] = [localDisk, s3];
