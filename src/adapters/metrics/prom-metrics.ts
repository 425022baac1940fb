import { performance } from 'node:perf_hooks';
import type * as PromClient from 'prom-client';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { A1Provision } from '../../domain/access/a1-rules.js';
import type { ErrorCode } from '../../domain/error-codes.js';
import type { GaugeSource, Metrics, StoreGauges } from '../../ports/metrics.js';

const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
// A logbook append is one locked read and a few inserts: milliseconds, unless the head lock waits.
const APPEND_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/** The registry and its metrics, made at start. */
interface Live {
  readonly registry: Registry;
  readonly refusals: Counter<'code' | 'provision'>;
  readonly appendSeconds: Histogram;
  readonly sessions: Gauge;
  readonly bytesUp: Counter.Internal;
  readonly bytesDown: Counter.Internal;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly requestSeconds: Histogram<'method' | 'route'>;
  readonly casesOpen: Gauge<'step'>;
  readonly cases: Gauge<'status'>;
  readonly deviations: Gauge;
  readonly logbookEntries: Gauge;
  readonly storeUp: Gauge;
}

/**
 * The one seam to prom-client: a registry per instance (per App), with the process's default
 * metrics (CPU, memory, GC, event-loop lag), the gateway's, the use cases', HTTP's and the store's
 * gauges. prom-client is loaded at {@link start}, so a `jaga` command that never starts its
 * metrics never loads it; until then every observation is dropped.
 */
export class PromMetrics implements Metrics {
  readonly contentType = PROMETHEUS_TEXT;
  private live: Live | null = null;
  private starting: Promise<void> | null = null;
  private outbox: GaugeSource | null = null;
  private prom: typeof PromClient | null = null;

  /** @param store what the store-read gauges show, read once per scrape */
  constructor(private readonly store: () => Promise<StoreGauges>) {}

  start(): Promise<void> {
    this.starting ??= import('prom-client').then((prom) => { this.live = this.build(prom); });
    return this.starting;
  }

  private build(prom: typeof PromClient): Live {
    const registry = new prom.Registry();
    prom.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
    const registers = [registry];
    const bytes = new prom.Counter({ name: 'jaga_gateway_bytes_total', help: 'Bytes the SSH gateway relayed, up (client to target) and down.', labelNames: ['direction'], registers });
    const live: Live = {
      registry,
      refusals: new prom.Counter({ name: 'jaga_refusals_total', help: 'Refusals by code and the SOP A1 provision that refused (none: another rule).', labelNames: ['code', 'provision'], registers }),
      appendSeconds: new prom.Histogram({ name: 'jaga_logbook_append_seconds', help: 'Time of one logbook append, the head lock included.', buckets: APPEND_BUCKETS, registers }),
      sessions: new prom.Gauge({ name: 'jaga_gateway_sessions', help: 'Gateway sessions live on this node.', registers }),
      bytesUp: bytes.labels({ direction: 'up' }),
      bytesDown: bytes.labels({ direction: 'down' }),
      requests: new prom.Counter({ name: 'jaga_http_requests_total', help: 'HTTP requests by route and status.', labelNames: ['method', 'route', 'status'], registers }),
      requestSeconds: new prom.Histogram({ name: 'jaga_http_request_duration_seconds', help: 'HTTP request latency.', labelNames: ['method', 'route'], buckets: HTTP_BUCKETS, registers }),
      casesOpen: new prom.Gauge({ name: 'jaga_cases_open', help: 'Open repair cases by the SOP step in progress.', labelNames: ['step'], registers }),
      cases: new prom.Gauge({ name: 'jaga_cases', help: 'Cases by status.', labelNames: ['status'], registers }),
      deviations: new prom.Gauge({ name: 'jaga_deviations', help: 'Recorded time-standard deviations (penyimpangan mutu baku).', registers }),
      logbookEntries: new prom.Gauge({ name: 'jaga_logbook_entries', help: 'Entries in the logbook chain.', registers }),
      storeUp: new prom.Gauge({ name: 'jaga_store_up', help: 'Whether the store answered at this scrape (1) or not (0: the case and logbook gauges are not current).', registers }),
    };
    if (this.outbox) this.outboxGauge(prom, registry, this.outbox);
    this.prom = prom;
    return live;
  }

  /** Registered once a source is wired: an outbox that is not there shows no depth rather than a 0. */
  private outboxGauge(prom: typeof PromClient, registry: Registry, read: GaugeSource): void {
    new prom.Gauge({
      name: 'jaga_outbox_depth', help: 'Notifications waiting in the outbox.', registers: [registry],
      async collect() { this.set(await read()); },
    });
  }

  refused(code: ErrorCode, provision: A1Provision | null): void {
    this.live?.refusals.inc({ code, provision: provision ?? 'none' });
  }

  timeLogbookAppend(): () => void {
    const live = this.live;
    if (!live) return () => {};
    const t0 = performance.now();
    return () => live.appendSeconds.observe((performance.now() - t0) / 1000);
  }

  sessionOpened(): void {
    this.live?.sessions.inc();
  }

  sessionClosed(): void {
    this.live?.sessions.dec();
  }

  relayed(up: number, down: number): void {
    if (!this.live) return;
    if (up > 0) this.live.bytesUp.inc(up);
    if (down > 0) this.live.bytesDown.inc(down);
  }

  request(method: string, route: string, status: number, seconds: number): void {
    if (!this.live) return;
    this.live.requests.inc({ method, route, status: String(status) });
    this.live.requestSeconds.observe({ method, route }, seconds);
  }

  outboxDepth(read: GaugeSource): void {
    if (this.outbox) throw new Error('outboxDepth: already wired');
    this.outbox = read;
    if (this.live && this.prom) this.outboxGauge(this.prom, this.live.registry, read);
  }

  async render(): Promise<string> {
    await this.start();
    const live = this.live as Live;
    await this.readStore(live);
    return live.registry.metrics();
  }

  /** The store's gauges, from one read; when the store cannot answer they are left out and `jaga_store_up` says 0. */
  private async readStore(live: Live): Promise<void> {
    live.casesOpen.reset();
    live.cases.reset();
    try {
      const s = await this.store();
      for (const { step, count } of s.openByStep) live.casesOpen.set({ step }, count);
      for (const [status, n] of Object.entries(s.byStatus)) live.cases.set({ status }, n);
      live.deviations.set(s.deviations);
      live.logbookEntries.set(s.logbookEntries);
      live.storeUp.set(1);
    } catch {
      live.deviations.reset();
      live.logbookEntries.reset();
      live.storeUp.set(0);
    }
  }
}
