// Lint + the layer rule of docs/ARCHITECTURE.md: dependencies point inward
// (domain ← app ← ports ← adapters/cli/http/gateway ← main).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'tty', 'url', 'util', 'worker_threads', 'zlib'];
const IO_LIBRARIES = ['kysely', 'better-sqlite3', 'pg', 'fastify', '@fastify/*', 'ssh2', 'pdfkit', 'playwright-core'];
const OUTER_LAYERS = ['adapters', 'http', 'gateway', 'cli', 'web', 'main', 'config', 'presenters'];

const layer = (name, message, extraForbiddenDirs, forbidAllPackages) => ({
  files: [`src/${name}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      paths: NODE_BUILTINS.map((n) => ({ name: n, message })),
      patterns: [
        { group: ['node:*'], message },
        { group: IO_LIBRARIES, message },
        ...(forbidAllPackages ? [{ regex: '^[^.]', message }] : []),
        { regex: `(^|/)(${extraForbiddenDirs.join('|')})/`, message },
      ],
    }],
  },
});

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
    ['app', 'ports', 'messages', ...OUTER_LAYERS], true),
  layer('messages', 'src/messages is the word catalogue: pure data over domain codes, no I/O (docs/ARCHITECTURE.md)',
    ['app', 'ports', ...OUTER_LAYERS], true),
  layer('app', 'src/app (use cases) reaches I/O only through src/ports (docs/ARCHITECTURE.md)', OUTER_LAYERS, false),
  layer('ports', 'src/ports declares interfaces over the domain only (docs/ARCHITECTURE.md)', ['app', 'messages', ...OUTER_LAYERS], true),
  { files: ['bench/**/*.ts', 'test/**/*.ts', 'scripts/**/*.js'], rules: { 'no-console': 'off' } },
);
