// s3rver ships no types: what test/support/s3-server.ts uses of it (a Koa application).
declare module 's3rver' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  interface Context {
    readonly method: string;
    readonly path: string;
    readonly query: Record<string, string | string[] | undefined>;
    status: number;
    type: string;
    body: unknown;
  }
  type Middleware = (ctx: Context, next: () => Promise<unknown>) => Promise<unknown>;
  interface Options {
    address?: string; port?: number; silent?: boolean; directory: string;
    configureBuckets?: { name: string; configs: string[] }[];
  }
  export default class S3rver {
    constructor(options: Options);
    readonly middleware: Middleware[];
    configureBuckets(): Promise<void>;
    listen(port: number, host: string): Promise<Server>;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
