/**
 * The 200-session run of gateway-load.bench.ts (memory per idle session, echo p99 over all
 * sessions, each against OpenSSH's sshd in the same run) with the store on PostgreSQL (issue 14:
 * LKPP runs on PostgreSQL): the same script, JAGA_BENCH_DIALECT=postgres, JAGA_BENCH_PARTS=sessions.
 * Its other knobs pass through.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./gateway-load.bench.js', import.meta.url));
const child = spawn(process.execPath, [script], {
  env: { ...process.env, JAGA_BENCH_DIALECT: 'postgres', JAGA_BENCH_PARTS: process.env['JAGA_BENCH_PARTS'] ?? 'sessions' },
  stdio: 'inherit',
});
child.on('exit', (code, signal) => { process.exit(code ?? (signal ? 1 : 0)); });
