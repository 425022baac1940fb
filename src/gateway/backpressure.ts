import type { Socket } from 'node:net';
import { clientSocketOfStream } from './ssh2-internals.js';

/**
 * Output for one stream of a channel (stdout or stderr) that may wait in the gateway for the
 * client: past it, the target side of the channel is paused until that output has gone to ssh2
 * (the client's SSH window allowed it). ssh2's own mark (2 MiB) is higher; this one keeps a
 * channel that is not read from holding more than its share.
 */
export const CHANNEL_OUTPUT_LIMIT = 256 * 1024;
/**
 * Output for one client connection (all its channels) that may wait in the TCP socket's write
 * buffer: past it, every channel writing to that client is paused until the socket drains. A
 * client that grants a huge SSH window and stops reading TCP is held here.
 */
export const SESSION_OUTPUT_LIMIT = 1024 * 1024;
/** Channels one session may hold open at once (OpenSSH's MaxSessions default). */
export const MAX_CHANNELS_PER_SESSION = 10;
/**
 * What a paused target channel can still hold in the gateway: ssh2's client side keeps
 * accepting data into the stream's buffer up to its mark (MAX_WINDOW, 2 MiB) and has by then
 * granted the target up to one more window (2 MiB) it may still send.
 */
export const UPSTREAM_BUFFER_LIMIT = 2 * 2 * 1024 * 1024;
/** One SSH packet's worth of data: what a stream may overshoot its limit by (one chunk written before the pause). */
const CHUNK = 32 * 1024;
/** What one channel's output can hold in the gateway at most: its target side, and its two streams (stdout, stderr). */
export const CHANNEL_BUFFER_BOUND = UPSTREAM_BUFFER_LIMIT + 2 * (CHANNEL_OUTPUT_LIMIT + CHUNK);
/** What one session's output can hold in the gateway at most: the socket's limit (overshot by a packet per channel) and every channel's bound. */
export const SESSION_BUFFER_BOUND = SESSION_OUTPUT_LIMIT + MAX_CHANNELS_PER_SESSION * (CHANNEL_BUFFER_BOUND + CHUNK);

/** Why a target stream is paused: each reason released once; it resumes when none is left. */
class Hold {
  private reasons = 0;
  constructor(private readonly src: NodeJS.ReadableStream) {}
  add(): void {
    if (this.reasons++ === 0) this.src.pause();
  }
  release(): void {
    if (--this.reasons === 0) this.src.resume();
  }
}

const holds = new WeakMap<NodeJS.ReadableStream, Hold>();

/** Pauses `src` until `released` settles (with any other hold on it, each released once). */
export function holdUntil(src: NodeJS.ReadableStream, released: Promise<unknown>): void {
  const h = holdOf(src);
  h.add();
  void released.finally(() => h.release());
}
const holdOf = (src: NodeJS.ReadableStream): Hold => {
  let h = holds.get(src);
  if (!h) holds.set(src, (h = new Hold(src)));
  return h;
};

/** The streams writing to one client, and what they hold: the gateway's output buffered for that client. */
export class ClientOutput {
  private static readonly bySocket = new WeakMap<Socket, ClientOutput>();
  /** Each channel stream writing to this client, with the target stream it relays. */
  private readonly streams = new Map<ClientStream, NodeJS.ReadableStream & { readableLength?: number }>();

  private constructor(readonly socket: Socket) {}

  static of(socket: Socket): ClientOutput {
    let o = ClientOutput.bySocket.get(socket);
    if (!o) ClientOutput.bySocket.set(socket, (o = new ClientOutput(socket)));
    return o;
  }

  /** Bytes buffered for this client now: in the socket, in its channels' streams, and read from the target but not yet forwarded. */
  buffered(): number {
    let n = this.socket.writableLength;
    for (const [w, src] of this.streams) {
      if (w.destroyed) { this.streams.delete(w); continue; }
      n += w.writableLength + (src.readableLength ?? 0);
    }
    return n;
  }

  track(w: ClientStream, src: NodeJS.ReadableStream): void {
    if (!this.streams.has(w)) this.streams.set(w, src);
  }
}

type ClientStream = NodeJS.WritableStream & { writableLength: number; destroyed?: boolean };

/**
 * Writes what the target sent to the client's channel stream `w`, pausing the target stream `src`
 * while `w` holds more than CHANNEL_OUTPUT_LIMIT or the client's socket more than
 * SESSION_OUTPUT_LIMIT; it resumes when both have drained.
 */
export function sendToClient(stream: NodeJS.WritableStream, src: NodeJS.ReadableStream, d: Buffer): void {
  const w = stream as ClientStream; // an ssh2 channel stream: a Writable
  const sock = clientSocketOfStream(w);
  ClientOutput.of(sock).track(w, src);
  let channelHeld = false;
  w.write(d, () => {
    // Everything written before this chunk has gone to ssh2: the channel's share is free again.
    if (channelHeld) { channelHeld = false; holdOf(src).release(); }
  });
  if (w.writableLength > CHANNEL_OUTPUT_LIMIT) {
    channelHeld = true;
    holdOf(src).add();
  }
  if (sock.writableLength > SESSION_OUTPUT_LIMIT && !sock.destroyed) {
    const h = holdOf(src);
    h.add();
    sock.once('drain', () => h.release());
  }
}
