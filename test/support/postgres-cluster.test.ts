import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { postgresUnavailable, startPostgres, type PostgresCluster } from './postgres-cluster.js';

let cluster: PostgresCluster | undefined;
after(async () => {
  await cluster?.stop();
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

test('startPostgres gives distinct working databases and stop() cleans up', { skip: postgresUnavailable() ?? false }, async () => {
  cluster = await startPostgres();

  const a = await cluster.createDatabase();
  const b = await cluster.createDatabase();
  assert.notEqual(a, b);
  assert.match(a, /^postgres:\/\/jaga@127\.0\.0\.1:\d+\/jaga_test_\d+$/);
  assert.match(b, /^postgres:\/\/jaga@127\.0\.0\.1:\d+\/jaga_test_\d+$/);

  for (const url of [a, b]) {
    assert.deepEqual(await query(url, 'select 1 as one'), [{ one: 1 }]);
    const [row] = await query<{ db: string }>(url, 'select current_database() as db');
    assert.equal(row?.db, new URL(url).pathname.slice(1));
  }
  // Databases are really separate: a table created in one is not visible in the other.
  await query(a, 'create table only_in_a (x int)');
  const [count] = await query<{ n: string }>(b, "select count(*) as n from pg_tables where tablename = 'only_in_a'");
  assert.equal(count?.n, '0');

  const [dd] = await query<{ data_directory: string }>(a, 'show data_directory');
  const dataDir = dd?.data_directory ?? '';
  assert.ok(existsSync(dataDir), `data directory ${dataDir} exists while running`);

  const stopping = cluster;
  cluster = undefined;
  await stopping.stop();
  await stopping.stop(); // idempotent

  assert.equal(existsSync(dataDir), false, 'data directory removed');
  assert.equal(existsSync(dirname(dataDir)), false, 'temp directory removed');
  await assert.rejects(query(a, 'select 1'), 'server no longer accepts connections');
});
