import type { Checkpoint } from '../../domain/logbook/checkpoint.js';
import { DomainError } from '../../domain/errors.js';
import type { Witness } from '../../ports/witness.js';
import { parseCheckpoint } from './checkpoint-json.js';

const TIMEOUT_MS = 10_000;

/**
 * Another installation's `jaga witness serve`: checkpoints are POSTed to `<url>/checkpoints` and
 * read back with GET. It checks each signature against this installation's public key and keeps
 * what it accepted; a rewrite of a held checkpoint is answered 409.
 */
export class HttpWitness implements Witness {
  readonly name: string;
  private readonly endpoint: string;
  constructor(url: string) {
    this.name = url;
    this.endpoint = `${url.replace(/\/+$/, '')}/checkpoints`;
  }

  async push(cp: Checkpoint): Promise<'stored' | 'held'> {
    const res = await this.call('POST', JSON.stringify(cp));
    if (res.status === 409) throw DomainError.of('conflict', 'witness.checkpoint_rewritten', { seq: cp.seq, witness: this.name });
    if (res.status === 403) throw DomainError.of('precondition', 'witness.checkpoint_forged', { seq: cp.seq });
    if (res.status !== 200 && res.status !== 201) throw this.unreachable(`HTTP ${res.status}`);
    return res.status === 201 ? 'stored' : 'held';
  }

  async list(): Promise<Checkpoint[]> {
    const res = await this.call('GET');
    if (res.status !== 200) throw this.unreachable(`HTTP ${res.status}`);
    let raw: unknown;
    try {
      raw = JSON.parse(res.body);
    } catch {
      raw = undefined;
    }
    const list = Array.isArray(raw) ? raw.map(parseCheckpoint) : [undefined];
    if (list.some((c) => c === undefined)) throw DomainError.of('invalid', 'witness.answer_invalid', { witness: this.name });
    return (list as Checkpoint[]).sort((a, b) => a.seq - b.seq);
  }

  private async call(method: 'GET' | 'POST', body?: string): Promise<{ status: number; body: string }> {
    try {
      const res = await fetch(this.endpoint, {
        method, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error',
        ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
      });
      // A witness list is small; a huge answer is not one.
      const text = await res.text();
      return { status: res.status, body: text.length > 16 * 1024 * 1024 ? '' : text };
    } catch (err) {
      throw this.unreachable((err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message);
    }
  }

  private unreachable(reason: string): DomainError {
    return DomainError.of('precondition', 'witness.unreachable', { witness: this.name, reason: reason.slice(0, 200) });
  }
}
