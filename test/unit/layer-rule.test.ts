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

  it('lets adapters use I/O', async () => {
    assert.equal((await layerErrors('src/adapters/db/example.ts', "import { readFileSync } from 'node:fs';\nimport { Kysely } from 'kysely';\n")).length, 0);
  });
});
