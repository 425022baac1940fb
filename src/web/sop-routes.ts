import type { FastifyInstance } from 'fastify';
import { issueSopDocument } from '../app/report/issue-sop-document.js';
import { documentReply } from '../http/document-reply.js';
import { queryOf } from './list-routes.js';
import type { PageKit } from './work-routes.js';
import { invocationOf } from './web-visitor.js';

/** A version in a file name: what is not a letter, digit, dot or dash becomes `_`. */
const fileSafe = (s: string): string => s.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 60);

/**
 * The SOP page's download: `GET /sop/document.pdf?version=&lang=`, the SOP as the signed document,
 * through the use case of `GET /api/v1/sop/document` (logged as issued the same way), for the
 * signed-in visitor; the language defaults to the visitor's. A refusal (an unknown version) is the
 * web UI's error page with the use case's words.
 */
export function registerSopRoutes(web: FastifyInstance, kit: PageKit): void {
  web.get('/sop/document.pdf', async (req, reply) => {
    const v = await kit.signedIn(req, reply);
    if (!v) return reply;
    const q = queryOf(req, ['version', 'lang'] as const);
    const doc = await issueSopDocument(kit.app, invocationOf(v, req), { ...(q.version ? { version: q.version } : {}), lang: q.lang ?? v.lang });
    return documentReply(reply, { type: 'application/pdf', filename: `${fileSafe(doc.code)}-${fileSafe(doc.version)}-${doc.lang}.pdf`, sha256: doc.sha256 })
      .send(Buffer.from(doc.bytes));
  });
}
