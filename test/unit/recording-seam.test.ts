import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/*
 * The RecordingStore is the only seam to recording files (docs/ARCHITECTURE.md): outside
 * src/adapters/recordings/ no source file under src/ touches them. A grep cannot follow data,
 * so it holds three lines that together leave no way to a recording file but the adapter:
 * - the recordings directory (`recordingsDir`) is named only where configuration declares it
 *   (src/config/) and where the composition root hands it to the adapter (src/main/);
 * - only the composition root imports the adapter;
 * - a file that uses the file system (node:fs, fs/promises) says nothing of recordings or
 *   `.cast` files (the composition root may name the adapter it builds).
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ADAPTER_DIR = 'src/adapters/recordings/';
const FS_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"](?:node:)?fs(?:\/promises)?['"]/;
const ADAPTER_IMPORT = /['"][./]*(?:[\w-]+\/)*adapters\/recordings\/[^'"]*['"]/;
const RECORDING_WORD = /recording|\.cast\b/i;
/**
 * Files that use the file system for something else and handle recordings only through the
 * RecordingStore port they are handed (the rule above cannot tell): each with why.
 */
const THROUGH_THE_PORT: ReadonlyMap<string, string> = new Map([
  ['src/adapters/backup/backup-archive.ts', 'its files are the backup archive; recordings go in through RecordingStore list/open/read and come out into the store it is given'],
  ['src/main/backup-run.ts', 'jaga backup/restore: the archive file, and the LocalRecordingStore it restores recordings into (composition root)'],
]);

export interface SourceFile { readonly path: string; readonly text: string }

/** Why `file` breaks the seam; empty when it keeps it. */
export function seamViolations(file: SourceFile): string[] {
  const { path, text } = file;
  if (path.startsWith(ADAPTER_DIR)) return [];
  const out: string[] = [];
  const main = path.startsWith('src/main/');
  if (/\brecordingsDir\b/.test(text) && !main && !path.startsWith('src/config/')) out.push('names the recordings directory (recordingsDir)');
  if (ADAPTER_IMPORT.test(text) && !main) out.push('imports the recordings adapter');
  if (FS_IMPORT.test(text) && !THROUGH_THE_PORT.has(path)) {
    // The composition root builds the adapter (local, or S3 with its spool): those lines name it, and nothing else may.
    const lines = text.split('\n').filter((l) => !(main && (/(?:Local|S3)RecordingStore/.test(l) || ADAPTER_IMPORT.test(l))));
    const hit = lines.find((l) => RECORDING_WORD.test(l));
    if (hit) out.push(`uses the file system and speaks of recordings: ${hit.trim().slice(0, 120)}`);
  }
  return out;
}

function sources(dir: string): SourceFile[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [{ path: relative(ROOT, join(ROOT, p)), text: readFileSync(join(ROOT, p), 'utf8') }] : [];
  });
}

describe('the recording seam: only the local RecordingStore adapter touches recording files', () => {
  it('holds for every file under src/', () => {
    const files = sources('src');
    assert.ok(files.length > 50, 'the sources were found');
    assert.ok(files.some((f) => f.path === `${ADAPTER_DIR}local-recording-store.ts`), 'the adapter is where the test looks for it');
    const broken = files.map((f) => ({ path: f.path, why: seamViolations(f) })).filter((f) => f.why.length > 0);
    assert.deepEqual(broken, []);
  });

  it('bites: the ways recordings were reached before the seam are each caught', () => {
    const cases: [string, string][] = [
      // the gateway hashing what a killed process left (before: ssh-gateway.ts)
      ['src/gateway/ssh-gateway.ts', "import { readdirSync } from 'node:fs';\nreaddirSync(dir).filter((f) => f.endsWith('.cast'));\n"],
      // the download opening the file itself (before: session.routes.ts)
      ['src/http/routes/session.routes.ts', "import { open } from 'node:fs/promises';\nexport const openRecording = (p: string) => open(p, 'r');\n"],
      // the recorder opening its file (before: recorder.ts)
      ['src/gateway/recorder.ts', "import { constants } from 'fs';\nexport const openRecordingFile = 1;\n"],
      ['src/app/access/x.ts', "const fs = await import('node:fs');\nfs.rmSync(`${id}-0.cast`);\n"],
      ['src/gateway/ssh-gateway.ts', 'export interface GatewayOptions { readonly recordingsDir: string }\n'],
      ['src/http/server.ts', 'const dir = app.config.ssh.recordingsDir;\n'],
      ['src/gateway/channel-proxy.ts', "import { LocalRecordingStore } from '../adapters/recordings/local-recording-store.js';\n"],
      ['src/main/serve.ts', "import { readFileSync } from 'node:fs';\nreadFileSync(join(app.config.ssh.recordingsDir, rec.file));\n"],
    ];
    for (const [path, text] of cases) assert.notDeepEqual(seamViolations({ path, text }), [], `${path}: ${text}`);
    // …while the composition root may build the adapter from the configuration, and the adapter does the rest.
    assert.deepEqual(seamViolations({ path: 'src/main/open-app.ts', text: "import { mkdirSync } from 'node:fs';\nimport { LocalRecordingStore } from '../adapters/recordings/local-recording-store.js';\nconst r = new LocalRecordingStore(config.ssh.recordingsDir);\n" }), []);
    assert.deepEqual(seamViolations({ path: `${ADAPTER_DIR}local-recording-store.ts`, text: "import { open } from 'node:fs/promises';\nopen(`${dir}/x.cast`);\n" }), []);
  });
});
