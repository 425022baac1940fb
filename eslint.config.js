// Lint + the layer rule of docs/ARCHITECTURE.md: dependencies point inward
// (domain ← app ← ports ← adapters/cli/http/gateway/presenters/web ← main; config over the domain only).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'tty', 'url', 'util', 'worker_threads', 'zlib'];
const IO_LIBRARIES = ['kysely', 'better-sqlite3', 'pg', 'fastify', '@fastify/*', 'ssh2', 'pdfkit', 'playwright-core'];
const OUTER_LAYERS = ['adapters', 'http', 'gateway', 'cli', 'web', 'main', 'config', 'presenters'];

const EDGE_LAYERS = ['http', 'gateway', 'cli', 'presenters', 'web'];

/**
 * One layer's import rule. `dirs`: src/ folders it may not import; `io`: refuse node builtins;
 * `libs`: refuse the I/O libraries; `anyPackage`: refuse every package (pure layers). `files`
 * narrows it to some files of the layer (a later entry replaces an earlier one for those files).
 */
const layer = (name, message, { dirs, io = true, libs = io, anyPackage = false, files = [`src/${name}/**/*.ts`, `src/${name}/**/*.tsx`] }) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', {
      paths: io ? NODE_BUILTINS.map((n) => ({ name: n, message })) : [],
      patterns: [
        ...(io ? [{ group: ['node:*'], message }] : []),
        ...(libs ? [{ group: IO_LIBRARIES, message }] : []),
        ...(anyPackage ? [{ regex: '^[^.]', message }] : []),
        { regex: `(^|/)(${dirs.join('|')})/`, message },
      ],
    }],
  },
});

/** An edge (transport or renderer) reaches the core through app/ and ports/, never adapters/ or the composition root. */
const edge = (name, { io = false, also = '' } = {}) => layer(name,
  `src/${name} is an edge: it reaches storage and the system through src/app and src/ports, never src/adapters or src/main${also} (docs/ARCHITECTURE.md)`,
  { dirs: ['adapters', 'main'], io });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      eqeqeq: 'error',
    },
  },
  layer('domain', 'src/domain is pure rules: no I/O, no libraries, no outer layers (docs/ARCHITECTURE.md)',
    { dirs: ['app', 'ports', 'messages', ...OUTER_LAYERS], anyPackage: true }),
  layer('messages', 'src/messages is the word catalogue: pure data over domain codes, no I/O (docs/ARCHITECTURE.md)',
    { dirs: ['app', 'ports', ...OUTER_LAYERS], anyPackage: true }),
  layer('app', 'src/app (use cases) reaches I/O only through src/ports (docs/ARCHITECTURE.md)', { dirs: OUTER_LAYERS }),
  // The App bundle hands the edges their Config too; it names the type, no use case reads it.
  layer('app', 'src/app (use cases) reaches I/O only through src/ports (docs/ARCHITECTURE.md)',
    { dirs: OUTER_LAYERS.filter((d) => d !== 'config'), files: ['src/app/app.ts'] }),
  layer('ports', 'src/ports declares interfaces over the domain only (docs/ARCHITECTURE.md)', { dirs: ['app', 'messages', ...OUTER_LAYERS], anyPackage: true }),
  layer('config', 'src/config parses the environment over the domain only: no adapters, use cases or edges (docs/ARCHITECTURE.md)',
    { dirs: ['app', 'ports', ...OUTER_LAYERS.filter((d) => d !== 'config')], io: false, libs: true }),
  ...EDGE_LAYERS.map((name) => (name === 'presenters'
    ? edge(name, { io: true, also: '; presenters are pure functions shared by every renderer: no node:* I/O, no I/O library' })
    : edge(name))),
  { files: ['bench/**/*.ts', 'test/**/*.ts', 'scripts/**/*.js'], rules: { 'no-console': 'off' } },
  // The web UI's own scripts run in the browser, loaded by the pages (never imported by the server).
  { files: ['src/web/assets/**/*.js'], languageOptions: { sourceType: 'script', globals: { ...globals.browser } } },
);
