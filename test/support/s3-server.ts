import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver's one account (its defaults). */
export const S3_ACCESS_KEY_ID = 'S3RVER';
export const S3_SECRET_ACCESS_KEY = 'S3RVER';
export const S3_BUCKET = 'jaga-recordings';

export interface S3TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  /** Where s3rver keeps the bucket's files (`<dir>/<bucket>/…`). */
  readonly dir: string;
  /** The environment that points Jaga at this server (JAGA_RECORDINGS_URL with `prefix`). */
  env(prefix?: string): Record<string, string>;
  /** Stops answering (connections refused) until {@link resume}; what it stores is kept. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** The multipart uploads in progress (their ids), read from s3rver's directory. */
  uploadsInProgress(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * A real S3-compatible server (s3rver, a Koa app over the file system) on 127.0.0.1, a free port,
 * a temporary directory, with one bucket. Stop it in `after()`.
 *
 * s3rver 3.7.1 lacks AbortMultipartUpload (`DELETE ?uploadId` answers 405), ListParts (`GET
 * ?uploadId`, 405) and ListMultipartUploads (`GET ?uploads`, 501), and does not check part sizes
 * or ETags when completing. Jaga needs neither list: the parts are in `recording_uploads`. Abort is
 * added here as S3 defines it (the upload's parts discarded, 204; an unknown upload NoSuchUpload,
 * 404), in front of s3rver's router, so the adapter's abort is the real request.
 */
export async function startS3Server(): Promise<S3TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-s3-'));
  const app = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: S3_BUCKET, configs: [] }] });
  const uploadsDir = (bucket: string): string => join(dir, bucket, '._S3rver_uploads');
  app.middleware.unshift(async (ctx, next) => {
    const m = /^\/([^/]+)\/.+/.exec(ctx.path);
    const uploadId = ctx.query['uploadId'];
    if (ctx.method !== 'DELETE' || !m || typeof uploadId !== 'string') return next();
    if (!/^[0-9a-f]+$/.test(uploadId)) return next();
    const up = join(uploadsDir(m[1] as string), uploadId);
    try {
      const { stat } = await import('node:fs/promises');
      await stat(up);
    } catch {
      ctx.status = 404;
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${uploadId}</UploadId></Error>`;
      return undefined;
    }
    await rm(up, { recursive: true, force: true });
    ctx.status = 204;
    return undefined;
  });
  let server: Server = await listen(app, 0);
  const port = (server.address() as AddressInfo).port;
  const close = (s: Server): Promise<void> => new Promise((r) => { s.closeAllConnections(); s.close(() => r()); });
  let paused = false;
  return {
    endpoint: `http://127.0.0.1:${port}`, host: '127.0.0.1', port, dir,
    env: (prefix = 'rec') => ({
      JAGA_RECORDINGS_URL: `s3://${S3_BUCKET}${prefix ? `/${prefix}` : ''}`, JAGA_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      JAGA_S3_ACCESS_KEY_ID: S3_ACCESS_KEY_ID, JAGA_S3_SECRET_ACCESS_KEY: S3_SECRET_ACCESS_KEY,
    }),
    pause: async () => { if (!paused) { paused = true; await close(server); } },
    resume: async () => { if (paused) { server = await listen(app, port); paused = false; } },
    uploadsInProgress: async () => {
      const { readdir } = await import('node:fs/promises');
      return readdir(uploadsDir(S3_BUCKET)).catch(() => []);
    },
    stop: async () => {
      if (!paused) await close(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** s3rver's own `run()` listens once; this listens again on the same port after a pause. */
async function listen(app: S3rver, port: number): Promise<Server> {
  await app.configureBuckets();
  return app.listen(port, '127.0.0.1');
}
