import { statusWhileIn } from '../domain/case/repair-case.js';
import { STEP_CODES } from '../domain/sop/sop-definition.js';
import { createServer } from 'node:http';
import type { App } from '../app/app.js';
import { METRICS_CONTENT_TYPE, METRICS_PATH } from './routes/system.routes.js';

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>): string => `{${Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`).join(',')}}`;

/** Prometheus text exposition for request counts/latency, plus gauges read from the store at scrape time. */
export class HttpMetrics {
  private readonly counts = new Map<string, number>();
  private readonly hist = new Map<string, { buckets: number[]; sum: number; count: number }>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = labels({ method, route, status: String(status) });
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const hk = labels({ method, route });
    const h = this.hist.get(hk) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((b, i) => { if (seconds <= b) h.buckets[i] = (h.buckets[i] ?? 0) + 1; });
    h.sum += seconds;
    h.count++;
    this.hist.set(hk, h);
  }

  async render(app: App): Promise<string> {
    const lines = ['# HELP jaga_http_requests_total HTTP requests by route and status.', '# TYPE jaga_http_requests_total counter'];
    for (const [k, v] of this.counts) lines.push(`jaga_http_requests_total${k} ${v}`);
    lines.push('# HELP jaga_http_request_duration_seconds HTTP request latency.', '# TYPE jaga_http_request_duration_seconds histogram');
    for (const [k, h] of this.hist) {
      const inner = k.slice(1, -1);
      BUCKETS.forEach((b, i) => lines.push(`jaga_http_request_duration_seconds_bucket{${inner},le="${b}"} ${h.buckets[i] ?? 0}`));
      lines.push(`jaga_http_request_duration_seconds_bucket{${inner},le="+Inf"} ${h.count}`);
      lines.push(`jaga_http_request_duration_seconds_sum{${inner}} ${h.sum}`, `jaga_http_request_duration_seconds_count{${inner}} ${h.count}`);
    }
    const { byStatus, deviations, head } = await app.store.read(async (r) => ({
      byStatus: await r.cases.countByStatus(), deviations: await r.cases.deviationCount(), head: await r.logbook.readHead(),
    }));
    lines.push('# HELP jaga_cases_open Open repair cases by the SOP step in progress.', '# TYPE jaga_cases_open gauge');
    for (const step of STEP_CODES) lines.push(`jaga_cases_open${labels({ step })} ${byStatus[statusWhileIn(step)] ?? 0}`);
    lines.push('# HELP jaga_cases Cases by status.', '# TYPE jaga_cases gauge');
    for (const [status, n] of Object.entries(byStatus)) lines.push(`jaga_cases${labels({ status })} ${n}`);
    lines.push('# HELP jaga_deviations Recorded time-standard deviations (penyimpangan mutu baku).', '# TYPE jaga_deviations gauge', `jaga_deviations ${deviations}`);
    lines.push('# HELP jaga_logbook_entries Entries in the logbook chain.', '# TYPE jaga_logbook_entries gauge', `jaga_logbook_entries ${head.seq}`);
    return `${lines.join('\n')}\n`;
  }
}

/** A listener serving only `GET /metrics`, without authentication (JAGA_METRICS_ADDR: bind it where only the scraper reaches). */
export async function serveMetricsOnly(render: () => Promise<string>, at: { host: string; port: number }): Promise<{ address: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== METRICS_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: only GET /metrics is served here\n');
      return;
    }
    render().then((text) => { res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE }).end(text); },
      () => { res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'); });
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(at.port, at.host, () => resolve()); });
  const a = server.address();
  return {
    address: typeof a === 'object' && a ? `${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}` : String(a),
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); }),
  };
}
