import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Child } from 'hono/jsx';
import type { App } from '../app/app.js';
import { VERIFY_PATH, checkFormCode } from '../app/report/check-form-code.js';
import { DomainError } from '../domain/errors.js';
import { statusOf } from '../http/http-errors.js';
import type { HttpRuntime } from '../http/route.js';
import { passCheckGate } from '../http/routes/report.routes.js';
import { messageOf } from '../messages/catalogue.js';
import type { VerifyResult } from './pages/verify-page.js';
import { VerifyPage } from './pages/verify-page.js';
import { PAGE_HELMET } from './web-csp.js';
import type { Visitor } from './web-visitor.js';

export interface VerifyKit {
  readonly app: App;
  readonly runtime: HttpRuntime;
  visitor(req: FastifyRequest, reply: FastifyReply): Promise<Visitor>;
  sendPage(reply: FastifyReply, page: Child, status?: number): Promise<FastifyReply>;
}

/**
 * `GET /verify[?code=…]`: anyone holding a printed Form Laporan checks its code, signed in or not
 * (the QR code leads here when JAGA_PUBLIC_URL is set). The same use case and limit as
 * `GET /api/v1/reports/check/{code}`; a refusal is the use case's message, logged by it.
 */
export function registerVerifyPages(web: FastifyInstance, kit: VerifyKit): void {
  web.get(VERIFY_PATH, { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await kit.visitor(req, reply);
    const raw = (req.query as Record<string, unknown>)['code'];
    const code = typeof raw === 'string' ? raw.slice(0, 64) : '';
    const signedIn = Boolean(v.principal?.mfaPassed);
    const page = (result: VerifyResult, status = 200) => kit.sendPage(reply, VerifyPage({ visitor: v, code, result, signedIn }), status);
    if (code.trim() === '') return page({ kind: 'none' });
    try {
      await passCheckGate(kit.app, kit.runtime, req.ip, reply, 'web');
      const r = await checkFormCode(kit.app, { actor: v.principal?.user.id ?? null, via: 'http', sourceIp: req.ip }, code);
      return await page({ kind: 'match', checkCode: r.checkCode, caseId: r.caseId });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const message = messageOf(e, v.lang);
      return page(e.code === 'report.check_code_invalid' ? { kind: 'invalid', message } : { kind: 'no_match', message }, statusOf(e));
    }
  });
}
