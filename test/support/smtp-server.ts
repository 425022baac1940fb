import type { AddressInfo } from 'node:net';
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the test SMTP server accepted: the envelope and the parsed message. */
export interface ReceivedMail {
  readonly envelopeTo: readonly string[];
  readonly envelopeFrom: string;
  /** Who signed in (AUTH), if anyone. */
  readonly user: string | undefined;
  readonly parsed: ParsedMail;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Resolves once `count` messages arrived; rejects after `ms` (bounded wait). */
  waitFor(count: number, ms?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port, each message parsed
 * with `mailparser`. With `auth`, AUTH PLAIN/LOGIN is required and checked against it (over plain
 * TCP: STARTTLS is turned off so that nodemailer does not upgrade to the package's self-signed certificate).
 */
export async function startSmtpServer(opts: { auth?: { user: string; pass: string }; rejectRcpt?: RegExp } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'], allowInsecureAuth: true, closeTimeout: 1000, authOptional: opts.auth === undefined, logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username });
      else cb(new Error('535 authentication failed'));
    },
    onRcptTo(address, _session, cb) {
      if (opts.rejectRcpt?.test(address.address)) cb(Object.assign(new Error('550 no such mailbox'), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((parsed) => {
        received.push({
          envelopeTo: session.envelope.rcptTo.map((a) => a.address), envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          user: typeof session.user === 'string' ? session.user : undefined, parsed,
        });
        for (const w of waiters.splice(0)) w();
        cb();
      }, (e: Error) => cb(e));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port, received,
    async waitFor(count, ms = 10_000) {
      const until = Date.now() + ms;
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`SMTP: ${received.length} of ${count} messages after ${ms} ms`);
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 100); });
      }
      return received.slice(0, count);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
