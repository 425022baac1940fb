/**
 * A separate Jaga process that appends entries to the logbook of the configured store
 * (JAGA_DATA_DIR / JAGA_DATABASE_URL): used to show that concurrent appenders never fork the chain.
 * Usage: node append-worker.js <worker-name> <count>
 */
import { appendToLogbook } from '../../src/app/logbook/logbook-writer.js';
import { loadConfig } from '../../src/config/config.js';
import { openApp } from '../../src/main/open-app.js';

const [name = 'w', countText = '10'] = process.argv.slice(2);
const app = openApp(loadConfig(process.env));
try {
  for (let i = 0; i < Number(countText); i++) {
    await app.store.transaction((tx) => appendToLogbook(tx.logbook, { ...app, checkpointInterval: 25 }, app.clock.now().toISOString(), [{
      type: 'test.concurrent', actorId: null, unitId: null, caseId: null, data: { worker: name, i },
    }]));
  }
} finally {
  await app.store.close();
}
