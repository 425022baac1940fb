import type { FastifyReply } from 'fastify';

/** A name's part in a download's file name: what is not a letter, digit or dash becomes `_`. */
export const fileSafe = (s: string): string => s.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 100);

/** What a downloaded document is: its media type, its file name, and the SHA-256 logged when it was issued. */
export interface DocumentHeaders {
  readonly type: string;
  readonly filename: string;
  readonly sha256: string;
  /** Shown rather than saved (JSON for the dashboard); default: an attachment. */
  readonly inline?: boolean;
}

/**
 * Sets what every issued document is answered with, over the API and the pages alike: its type,
 * a download under its name, and `X-Content-SHA256` (the hash the logbook holds for it).
 */
export function documentReply(reply: FastifyReply, d: DocumentHeaders): FastifyReply {
  return reply.header('content-type', d.type)
    .header('content-disposition', `${d.inline ? 'inline' : 'attachment'}; filename="${d.filename}"`)
    .header('x-content-sha256', d.sha256);
}

/** The Logbook document's file name (the API's and the page's download). */
export const logbookFileName = (r: { unit: string | null; from: string; to: string; lang: string; format: string }): string =>
  `logbook-${fileSafe(r.unit ?? 'semua-unit')}-${r.from}-${r.to}-${r.lang}.${r.format}`;

/** The Logbook document's media type. */
export const logbookType = (format: string): string => (format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8');
