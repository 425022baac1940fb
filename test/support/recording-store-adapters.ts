import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRecordingStore } from '../../src/adapters/recordings/local-recording-store.js';
import type { RecordingStore } from '../../src/ports/recording-store.js';

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

/** Every RecordingStore adapter; each must pass test/contract/recording-store.test.ts (like DIALECTS for the store). */
export const RECORDING_STORE_ADAPTERS: readonly RecordingStoreAdapter[] = [localDisk];
