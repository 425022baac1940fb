import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotificationChannel } from '../../src/app/notification/notification-channel.js';
import type { NotificationRecord } from '../../src/domain/notification/notification-event.js';

/** What the receiver does with the next requests: answer 204, answer 500, or never answer. */
export type ReceiverMode = 'ok' | 'fail' | 'hang';

export interface Received {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly recipient: string;
  readonly notification: NotificationRecord;
}

/** A real HTTP server on 127.0.0.1 that notifications are POSTed to by {@link httpChannel}; stop it in `after()`. */
export interface NotificationReceiver {
  readonly url: string;
  /** Every request it answered 2xx, in arrival order. */
  readonly delivered: Received[];
  /** Requests it answered otherwise or left hanging. */
  readonly refused: number;
  mode: ReceiverMode;
  close(): Promise<void>;
}

export async function startNotificationReceiver(mode: ReceiverMode = 'ok'): Promise<NotificationReceiver> {
  const delivered: Received[] = [];
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (receiver.mode === 'hang') { refused++; return; }
      if (receiver.mode === 'fail') { refused++; res.writeHead(500).end('receiver down'); return; }
      delivered.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: NotificationReceiver = {
    url: `http://127.0.0.1:${port}/hook`, delivered, mode,
    get refused() { return refused; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return receiver;
}

/**
 * A `NotificationChannel` for tests: every notification goes to `recipients` (fixed keys), each
 * delivery POSTed as JSON to the receiver; anything but a 2xx is a failure.
 */
export function httpChannel(url: string, recipients: readonly string[], kind: NotificationChannel['kind'] = 'webhook'): NotificationChannel {
  return {
    kind,
    recipients: () => Promise.resolve(recipients),
    deliver: async (_deps, recipient, notification, delivery) => {
      const res = await fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deliveryId: delivery.id, attempt: delivery.attempt, recipient, notification } satisfies Received),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return `HTTP ${res.status}`;
    },
  };
}
