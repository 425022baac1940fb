import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { startSshd } from '../test/support/sshd.js';
import { startBareRelay } from './support/bare-relay.js';
const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const s = await startSshd();
const relay = await startBareRelay({ port: s.port, user: s.user, privateKey: s.clientKey.privateKey }, dir, s.clientOptions);
const file = join(dir, 'b.bin'); writeFileSync(file, randomBytes(64 * 1024 * 1024));
for (let i = 0; i < 14; i++) {
  const code = await new Promise<number | null>((r) => { const ch = spawn('sh', ['-c', `ssh ${relay.clientOptions.map((o) => (o === 'LogLevel=ERROR' ? 'LogLevel=INFO' : o)).map((o) => `'${o}'`).join(' ')} -c aes128-gcm@openssh.com -p ${relay.port} ${s.user}@127.0.0.1 'cat > /dev/null' < ${file}`], { stdio: 'inherit' }); ch.on('close', (c) => r(c)); });
  console.log('run', i, 'exit', code);
}
writeFileSync('/tmp/sshd-bare.log', s.log());
await relay.close(); await s.stop(); process.exit(0);
