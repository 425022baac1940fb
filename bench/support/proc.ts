/** What Linux's /proc says about other processes: CPU seconds, process trees, memory. */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the benchmarks run on

export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly ppid: number;
  /** User + system CPU seconds of the process itself. */
  readonly cpu: number;
  /** User + system CPU seconds of its children that it has waited for (and theirs, recursively). */
  readonly childrenCpu: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
}

export function procStat(pid: number): ProcStat | undefined {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return undefined;
  // comm may contain spaces and parentheses: it ends at the last ')'.
  const close = text.lastIndexOf(')');
  const f = text.slice(close + 2).split(' ');
  const n = (i: number): number => Number(f[i - 3]); // f[0] is field 3 (state)
  return { pid, comm: text.slice(text.indexOf('(') + 1, close), ppid: n(4), cpu: (n(14) + n(15)) / TICKS_PER_SECOND, childrenCpu: (n(16) + n(17)) / TICKS_PER_SECOND };
}

/** Pids of a process's children (/proc/PID/task/TID/children, over every thread). */
function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((tid) => (read(`/proc/${pid}/task/${tid}/children`) ?? '').trim().split(/\s+/).filter(Boolean).map(Number));
}

/** Every live descendant of `root` (not `root` itself). */
export function descendants(root: number): ProcStat[] {
  const out: ProcStat[] = [];
  for (let queue = childrenOf(root), pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    const s = procStat(pid);
    if (!s) continue;
    out.push(s);
    queue.push(...childrenOf(pid));
  }
  return out;
}

/**
 * Follows the CPU seconds of the descendants of `root` that `which` selects, sampling every
 * `everyMs` while they run: sshd's session processes are never waited for in a way that adds their
 * time to the listener's children's time, so it has to be read while they live. What a process
 * spends after its last sample is missed (at most `everyMs` of it).
 */
export function watchTreeCpu(root: number, which: (p: ProcStat) => boolean, everyMs = 20): { stop(): number } {
  const seen = new Map<number, number>();
  const sample = (): void => { for (const p of descendants(root)) if (which(p)) seen.set(p.pid, Math.max(seen.get(p.pid) ?? 0, p.cpu)); };
  const base = new Map<number, number>();
  for (const p of descendants(root)) if (which(p)) base.set(p.pid, p.cpu); // already running: only what they spend from now
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      let total = 0;
      for (const [pid, cpu] of seen) total += cpu - (base.get(pid) ?? 0);
      return total;
    },
  };
}

/** Resident and proportional set size (shared pages divided among their sharers), in bytes. */
export function memoryOf(pid: number): { rss: number; pss: number } | undefined {
  const text = read(`/proc/${pid}/smaps_rollup`);
  if (!text) return undefined;
  const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kib('Rss'), pss: kib('Pss') };
}

/** Bytes a process has written through write(2) and friends, to any file, pipe or socket. */
export function bytesWritten(pid: number): number | undefined {
  const m = /^wchar:\s+(\d+)/m.exec(read(`/proc/${pid}/io`) ?? '');
  return m ? Number(m[1]) : undefined;
}

/** CPU seconds the whole machine has spent busy (user, nice, system, irq, softirq) since boot. */
export function machineBusySeconds(): number {
  const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  return ((f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0)) / TICKS_PER_SECOND;
}
