#!/usr/bin/env node
// Runs the compiled CLI; `npm run build` (done by scripts/start.sh and scripts/test.sh) produces it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Native modules (better-sqlite3, ssh2's binding) are built for the pinned Node.js LTS: an older node cannot load them.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`galat: Jaga perlu Node.js 24 atau lebih baru (ini ${process.version}); \`npm start\` menyiapkannya di .runtime/ / error: Jaga needs Node.js 24 or later (this is ${process.version}); \`npm start\` brings it into .runtime/\n`);
  process.exit(1);
}
const entry = new URL('../dist/src/main/jaga.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('galat: Jaga belum dibangun; jalankan `npm run build` / error: Jaga is not built; run `npm run build`\n');
  process.exit(1);
}
await import(entry.href);
