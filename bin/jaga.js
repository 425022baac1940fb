#!/usr/bin/env node
// Runs the compiled CLI; `npm run build` (done by scripts/start.sh and scripts/test.sh) produces it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/main/jaga.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('galat: Jaga belum dibangun; jalankan `npm run build` / error: Jaga is not built; run `npm run build`\n');
  process.exit(1);
}
await import(entry.href);
