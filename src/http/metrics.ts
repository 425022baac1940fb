import { createServer } from 'node:http';
import { METRICS_PATH } from './routes/system.routes.js';

/** A listener serving only `GET /metrics`, without authentication (JAGA_METRICS_ADDR: bind it where only the scraper reaches). */
export async function serveMetricsOnly(metrics: { render(): Promise<string>; readonly contentType: string }, at: { host: string; port: number }): Promise<{ address: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== METRICS_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: only GET /metrics is served here\n');
      return;
    }
    metrics.render().then((text) => { res.writeHead(200, { 'content-type': metrics.contentType }).end(text); },
      () => { res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'); });
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(at.port, at.host, () => resolve()); });
  const a = server.address();
  return {
    address: typeof a === 'object' && a ? `${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}` : String(a),
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); }),
  };
}
