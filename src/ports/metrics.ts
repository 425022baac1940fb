import type { A1Provision } from '../domain/access/a1-rules.js';
import type { ErrorCode } from '../domain/error-codes.js';

/**
 * What the use cases report for the operator's metrics (through `runUseCase`): every refusal by
 * its code and A1 provision, and how long each logbook append took. Both label sets are bounded
 * (codes are a closed union), so a flood of refusals cannot grow the metrics.
 */
export interface UseCaseMetrics {
  /** One refusal; `provision` when an A1 rule refused it, else null. */
  refused(code: ErrorCode, provision: A1Provision | null): void;
  /** Starts timing one logbook append (head lock, links, writes); the returned function stops it. */
  timeLogbookAppend(): () => void;
}

/** What the SSH gateway reports: sessions live now on this node, bytes relayed each way. */
export interface GatewayMetrics {
  sessionOpened(): void;
  sessionClosed(): void;
  /** Bytes the gateway passed on: `up` from the client to the target, `down` back. */
  relayed(up: number, down: number): void;
}

/** What the HTTP edge reports: one answered request (`route` is the route's pattern, never the path asked). */
export interface HttpMetrics {
  request(method: string, route: string, status: number, seconds: number): void;
}

/** The store's counts shown at each scrape: open cases per SOP step, cases per status, deviations, logbook length. */
export interface StoreGauges {
  readonly openByStep: readonly { readonly step: string; readonly count: number }[];
  readonly byStatus: Readonly<Record<string, number>>;
  readonly deviations: number;
  readonly logbookEntries: number;
}

/** A gauge's value, read at each scrape. */
export type GaugeSource = () => number | Promise<number>;

/**
 * The Prometheus metrics of one App (a registry per App: tests run several in one process).
 * Nothing is recorded, and the metrics library is not even loaded, until {@link start}: of all
 * `jaga` commands only `jaga serve` (and a scrape) starts them, so every other command starts fast.
 */
export interface Metrics extends UseCaseMetrics, GatewayMetrics, HttpMetrics {
  /** Loads the registry and begins recording (process metrics, event-loop lag included); idempotent. */
  start(): Promise<void>;
  /** The exposition's media type. */
  readonly contentType: string;
  /** The text exposition (starts the metrics first when they are not yet). */
  render(): Promise<string>;
  /**
   * The seam for `jaga_outbox_depth`: notifications not yet delivered, read at each scrape from
   * `read` (the outbox wires it in src/main, once per App). Until wired the gauge is absent.
   */
  outboxDepth(read: GaugeSource): void;
}
