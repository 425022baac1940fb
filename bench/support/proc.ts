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

/** Every live descendant of `root` (not `root` itself). */
export function descendants(root: number): ProcStat[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = procStat(Number(name));
    if (s) all.push(s);
  }
  const byParent = new Map<number, ProcStat[]>();
  for (const s of all) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s]);
  const out: ProcStat[] = [];
  for (let queue = [root], pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const c of byParent.get(pid) ?? []) {
      out.push(c);
      queue.push(c.pid);
    }
  }
  return out;
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
