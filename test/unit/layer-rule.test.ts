import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer rule (eslint, run by the test command)', () => {
  it('refuses I/O in the domain: node builtins, database and network libraries, outer layers', async () => {
    for (const imp of ["import { readFileSync } from 'node:fs';", "import { createHash } from 'crypto';", "import { Kysely } from 'kysely';",
      "import ssh2 from 'ssh2';", "import { z } from 'zod';", "import { openApp } from '../../main/open-app.js';", "import { x } from '../../app/use-case.js';"]) {
      const errors = await layerErrors('src/domain/case/example.ts', `${imp}\nexport const y = 1;\n`);
      assert.ok(errors.length >= 1, imp);
      assert.match(errors[0] as string, /src\/domain is pure rules/);
    }
  });

  it('keeps use cases away from adapters and I/O libraries, but lets them use the domain and ports', async () => {
    assert.equal((await layerErrors('src/app/case/example.ts', "import { KyselyStore } from '../../adapters/db/kysely-store.js';\n")).length, 1);
    assert.equal((await layerErrors('src/app/case/example.ts', "import pg from 'pg';\n")).length, 1);
    assert.equal((await layerErrors('src/app/case/example.ts', "import type { Store } from '../../ports/repositories.js';\nimport { close } from '../../domain/case/case-lifecycle.js';\n")).length, 0);
  });

  // The edges: each folder gets a scratch file (a path eslint lints as if it existed) per import.
  for (const edge of ['http', 'gateway', 'cli', 'presenters', 'web']) {
    describe(`src/${edge}/ (an edge)`, () => {
      const scratch = `src/${edge}/scratch-layer-probe.ts`;
      it('refuses an import of src/adapters/', async () => {
        const errors = await layerErrors(scratch, "import { KyselyStore } from '../adapters/db/kysely-store.js';\nexport const y = KyselyStore;\n");
        assert.equal(errors.length, 1, scratch);
        assert.match(errors[0] as string, new RegExp(`src/${edge} is an edge: .*never src/adapters or src/main`));
      });
      it('refuses an import of src/main/', async () => {
        assert.equal((await layerErrors(scratch, "import { openApp } from '../main/open-app.js';\nexport const y = openApp;\n")).length, 1, scratch);
        assert.equal((await layerErrors(`src/${edge}/routes/nested.ts`, "import type { OpenedApp } from '../../main/open-app.js';\nexport type Y = OpenedApp;\n")).length, 1);
      });
      it('lets it use ports, app (the App type and use cases), domain and messages', async () => {
        const legit = [
          "import type { App } from '../app/app.js';",
          "import { getCase } from '../app/case/get-case.js';",
          "import type { Store } from '../ports/repositories.js';",
          "import { DomainError } from '../domain/errors.js';",
          "import { messageOf } from '../messages/catalogue.js';",
        ].join('\n');
        assert.deepEqual(await layerErrors(scratch, `${legit}\nexport type Y = [App, Store, typeof getCase, DomainError, typeof messageOf];\n`), [], scratch);
      });
    });
  }

  it('holds for the web UI\'s pages (.tsx, hono/jsx) as for its .ts files', async () => {
    const probe = 'src/web/pages/scratch-layer-probe.tsx';
    const errors = await layerErrors(probe, "import { KyselyStore } from '../../adapters/db/kysely-store.js';\nexport const Y = () => <p>{String(KyselyStore)}</p>;\n");
    assert.equal(errors.length, 1, probe);
    assert.match(errors[0] as string, /src\/web is an edge: .*never src\/adapters or src\/main/);
    assert.equal((await layerErrors(probe, "import { openApp } from '../../main/open-app.js';\nexport const Y = () => <p>{String(openApp)}</p>;\n")).length, 1);
    assert.deepEqual(await layerErrors(probe, "import { t } from '../../messages/catalogue.js';\nexport const Y = () => <p>{t('id', 'web.app_name')}</p>;\n"), []);
  });

  it('keeps presenters pure: no node:* I/O, no I/O library', async () => {
    for (const imp of ["import { readFileSync } from 'node:fs';", "import { createHash } from 'crypto';", "import Fastify from 'fastify';", "import ssh2 from 'ssh2';"]) {
      const errors = await layerErrors('src/presenters/scratch-layer-probe.ts', `${imp}\nexport const y = 1;\n`);
      assert.equal(errors.length, 1, imp);
      assert.match(errors[0] as string, /presenters are pure functions/);
    }
  });

  it('lets the transports use their libraries and node:* (http: fastify, gateway: ssh2, cli: node:util)', async () => {
    assert.deepEqual(await layerErrors('src/http/scratch-layer-probe.ts', "import Fastify from 'fastify';\nimport { timingSafeEqual } from 'node:crypto';\nexport const y = [Fastify, timingSafeEqual];\n"), []);
    assert.deepEqual(await layerErrors('src/gateway/scratch-layer-probe.ts', "import ssh2 from 'ssh2';\nimport { readFileSync } from 'node:fs';\nexport const y = [ssh2, readFileSync];\n"), []);
    assert.deepEqual(await layerErrors('src/cli/scratch-layer-probe.ts', "import { parseArgs } from 'node:util';\nexport const y = parseArgs;\n"), []);
  });

  it('keeps config over the domain only: no adapters, use cases, ports or edges', async () => {
    for (const imp of ["import type { Dialect } from '../adapters/db/dialect.js';", "import { openApp } from '../main/open-app.js';",
      "import { getCase } from '../app/case/get-case.js';", "import type { Store } from '../ports/repositories.js';", "import { route } from '../http/route.js';",
      "import { Kysely } from 'kysely';"]) {
      const errors = await layerErrors('src/config/scratch-layer-probe.ts', `${imp}\nexport const y = 1;\n`);
      assert.equal(errors.length, 1, imp);
      assert.match(errors[0] as string, /src\/config parses the environment over the domain only/);
    }
    assert.deepEqual(await layerErrors('src/config/scratch-layer-probe.ts',
      "import { hostname } from 'node:os';\nimport { parseCidr } from '../domain/access/cidr.js';\nexport const y = [hostname, parseCidr];\n"), []);
  });

  it('lets only app/app.ts, of the use-case layer, name the Config type (the App bundle carries it)', async () => {
    const imp = "import type { Config } from '../config/config.js';\nexport type Y = Config;\n";
    assert.deepEqual(await layerErrors('src/app/app.ts', imp), []);
    assert.equal((await layerErrors('src/app/scratch-layer-probe.ts', imp)).length, 1);
    assert.equal((await layerErrors('src/app/app.ts', "import { KyselyStore } from '../adapters/db/kysely-store.js';\nexport const y = KyselyStore;\n")).length, 1);
  });

  it('holds for the tree as it is: no edge file imports adapters/ or main/', async () => {
    const results = await eslint.lintFiles(['src/http', 'src/gateway', 'src/cli', 'src/presenters', 'src/web', 'src/config']);
    assert.ok(results.some((r) => r.filePath.endsWith('.tsx')), 'the web pages (.tsx) are linted too');
    const hits = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}:${m.line} ${m.message}`));
    assert.deepEqual(hits, []);
  });

  it('lets adapters use I/O', async () => {
    assert.equal((await layerErrors('src/adapters/db/example.ts', "import { readFileSync } from 'node:fs';\nimport { Kysely } from 'kysely';\n")).length, 0);
  });
});
