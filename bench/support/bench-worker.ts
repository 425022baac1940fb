/**
 * Benchmark clients run in worker processes (the benchmark script re-spawned with `--worker JOB`),
 * so the process that hosts the gateway measures only the gateway. A worker reports on stdout, one
 * JSON object a line: `{ready: …}` when its clients are set up, then `{result}` or `{error}`; the
 * host tells it to go on with one line on its stdin. Every worker has a deadline and stops by
 * itself when the host goes away (its stdin ends).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface WorkerHandle<R> {
  readonly pid: number;
  /** Resolves with what the worker says once it is set up (rejects if it fails first). */
  readonly ready: Promise<Record<string, unknown>>;
  readonly result: Promise<R>;
  /** Lets the worker go on past `ready` (to measure, or to close its clients and finish). */
  go(): void;
}

export function startWorker<R, J extends { kind: string; deadlineMs: number } = { kind: string; deadlineMs: number }>(script: string, job: J, label = job.kind): WorkerHandle<R> {
  const child = spawn(process.execPath, [script, '--worker', JSON.stringify(job)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let onReady: (o: Record<string, unknown>) => void = () => {};
  let onReadyFail: (e: Error) => void = () => {};
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => { onReady = resolve; onReadyFail = reject; });
  ready.catch(() => {});
  // The host's own bound: the worker's deadline and then some.
  const kill = setTimeout(() => child.kill('SIGKILL'), job.deadlineMs + 15_000);
  const result = new Promise<R>((resolve, reject) => {
    let last: Record<string, unknown> | null = null;
    createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).on('line', (line) => {
      const o = JSON.parse(line) as Record<string, unknown>;
      if ('ready' in o) onReady(o['ready'] as Record<string, unknown>);
      else last = o;
    });
    child.on('close', (code, signal) => {
      clearTimeout(kill);
      const done = last as Record<string, unknown> | null;
      if (done && 'result' in done && code === 0) { resolve(done['result'] as R); return; }
      const err = new Error(`worker ${label} failed (${signal ?? code}): ${done ? String(done['error']) : 'no result'}`);
      onReadyFail(err);
      reject(err);
    });
  });
  result.catch(() => {});
  child.stdin?.on('error', () => {}); // the worker may have gone already
  return { pid: child.pid as number, ready, result, go: () => { child.stdin?.write('go\n'); } };
}

export interface WorkerIo {
  /** Tells the host the clients are set up. */
  ready(info?: Record<string, unknown>): void;
  /** Resolves when the host says go on (or goes away). */
  go(): Promise<void>;
  /** A client process of this worker, killed if the worker fails or runs out of time. */
  own(child: ChildProcess): ChildProcess;
}

/** The worker side: runs `run(job)` under its deadline and reports as `startWorker` expects. */
export function serveWorker<J extends { deadlineMs: number }>(run: (job: J, io: WorkerIo) => Promise<unknown>): void {
  const job = JSON.parse(process.argv[3] as string) as J;
  const children = new Set<ChildProcess>();
  const fail = (err: Error): void => {
    process.stdout.write(`${JSON.stringify({ error: err.message })}\n`);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  };
  setTimeout(() => fail(new Error(`deadline of ${job.deadlineMs} ms passed`)), job.deadlineMs).unref();
  const lines = createInterface({ input: process.stdin });
  let goSignal: () => void = () => {};
  const gone = new Promise<void>((resolve) => { goSignal = resolve; });
  lines.on('line', () => goSignal());
  lines.on('close', () => goSignal());
  const io: WorkerIo = {
    ready: (info = {}) => { process.stdout.write(`${JSON.stringify({ ready: info })}\n`); },
    go: () => gone,
    own: (child) => {
      children.add(child);
      child.on('close', () => children.delete(child));
      return child;
    },
  };
  run(job, io).then(
    (result) => {
      process.stdout.write(`${JSON.stringify({ result })}\n`);
      for (const c of children) c.kill('SIGKILL');
      process.exit(0);
    },
    (err: Error) => fail(err),
  );
}
