/** Small statistics and number parsing shared by the benchmarks. */

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] as number;
};

/** The p-quantile (0 < p ≤ 1) by the nearest-rank method. */
export const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] as number;
};

export const MiB = 1024 * 1024;

/** `+1.23` / `−0.45`: a difference that noise can make negative. */
export const signed = (x: number, digits = 2): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;

export const passFail = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

/**
 * A positive number from the environment, else `fallback`; a value that is not one stops the
 * benchmark with a message naming the variable (never a silent default).
 */
export function envNumber(name: string, fallback: number, opts: { integer?: boolean; min?: number } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || n < (opts.min ?? Number.MIN_VALUE)) {
    throw new Error(`${name}=${raw}: expected ${opts.integer ? 'an integer' : 'a number'} ≥ ${opts.min ?? '> 0'}`);
  }
  return n;
}
