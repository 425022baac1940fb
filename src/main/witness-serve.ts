import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkpointText, parseCheckpoint } from '../adapters/witness/checkpoint-json.js';
import { DirWitness } from '../adapters/witness/dir-witness.js';
import { loadCheckpointVerifier } from '../adapters/system/ed25519-signer.js';
import { acceptWitnessedCheckpoint } from '../app/logbook/witness-checkpoints.js';
import type { Command } from '../cli/command.js';
import { sayLinesErr } from '../cli/commands/helpers.js';
import { parseListenAddress } from '../config/config.js';
import { DomainError } from '../domain/errors.js';
import type { CheckpointVerifier } from '../ports/crypto.js';
import { errorText } from '../messages/catalogue.js';

const BODY_LIMIT = 4096;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  let n = 0;
  const parts: Buffer[] = [];
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > BODY_LIMIT) return null;
    parts.push(c as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * The witness endpoint: `POST /checkpoints` keeps a checkpoint signed by the witnessed
 * installation's key (201 kept, 200 already held, 403 forged, 409 a rewrite of a held one);
 * `GET /checkpoints` lists all, `GET /checkpoints/latest` the newest.
 */
export function witnessHandler(store: DirWitness, key: CheckpointVerifier, log: (line: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const path = (req.url ?? '/').split('?')[0]?.replace(/\/+$/, '') ?? '';
      if (req.method === 'GET' && path === '/checkpoints') return send(res, 200, await store.list());
      if (req.method === 'GET' && path === '/checkpoints/latest') return send(res, 200, (await store.list()).at(-1) ?? null);
      if (req.method === 'POST' && path === '/checkpoints') {
        const body = await readBody(req);
        if (body === null) return send(res, 413, { error: 'too_large' });
        let raw: unknown;
        try {
          raw = JSON.parse(body);
        } catch {
          raw = undefined;
        }
        const cp = parseCheckpoint(raw);
        if (!cp) return send(res, 400, { error: 'invalid', message: 'not a checkpoint' });
        const r = await acceptWitnessedCheckpoint(store, key, cp);
        if (r === 'stored') log(`witness: checkpoint #${cp.seq} kept`);
        return send(res, r === 'stored' ? 201 : 200, checkpointText(cp));
      }
      return send(res, 404, { error: 'not_found' });
    } catch (err) {
      if (err instanceof DomainError) {
        log(`witness: refused: ${errorText('en', err.code, err.params)}`);
        return send(res, err.kind === 'conflict' ? 409 : err.kind === 'forbidden' ? 403 : 400,
          { error: err.code, message: { id: errorText('id', err.code, err.params), en: errorText('en', err.code, err.params) } });
      }
      log(`witness: error: ${(err as Error).message}`);
      return send(res, 500, { error: 'internal' });
    }
  };
}

/** `jaga witness serve`: keeps another installation's signed checkpoints where that installation cannot reach them. */
export const witnessServeCommand: Command = {
  name: 'witness serve',
  summary: "keep another installation's signed logbook checkpoints in DIR, received over HTTP (POST/GET /checkpoints)",
  options: {
    dir: { type: 'string', help: 'directory the checkpoints are kept in (one file each, never rewritten)', value: 'DIR', required: true },
    listen: { type: 'string', help: 'address to listen on (default 127.0.0.1:8090)', value: 'ADDR' },
    'public-key': { type: 'string', help: "the witnessed installation's public key (jaga logbook public-key)", value: 'FILE', required: true },
  },
  async run(ctx) {
    const dir = ctx.values['dir'] as string;
    const key = loadCheckpointVerifier(ctx.values['public-key'] as string);
    const { host, port } = parseListenAddress('--listen', (ctx.values['listen'] as string | undefined) ?? '127.0.0.1:8090');
    const handler = witnessHandler(new DirWitness(dir), key, (l) => ctx.io.err(l));
    const server = createServer((req, res) => { void handler(req, res); });
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, resolve); });
    const a = server.address();
    sayLinesErr(ctx, 'cli.witness.listening', { keyId: key.keyId, address: typeof a === 'object' && a ? `${a.address}:${a.port}` : `${host}:${port}`, dir });
    await new Promise<void>((resolve) => {
      // Idle keep-alive connections would hold close() open; a push in flight finishes or is retried by its sender.
      const stop = () => { server.close(() => resolve()); server.closeIdleConnections(); };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
  },
};
