import type { FastifyInstance } from 'fastify';
import { searchGatewaySessions } from '../app/access/gateway-session-search.js';
import { DomainError } from '../domain/errors.js';
import { zoneAbbreviation } from '../presenters/format-time.js';
import { statusOf } from '../http/http-errors.js';
import type { PageKit } from './work-routes.js';
import { dateFilter } from './date-filter.js';
import { formErrors } from './form-errors.js';
import { queryOf, zoneOf } from './list-routes.js';
import type { SessionFilterField } from './pages/session-search-page.js';
import { SESSION_FILTER_FIELDS, SessionSearchPage } from './pages/session-search-page.js';
import { PAGE_HELMET } from './web-csp.js';
import { invocationOf } from './web-visitor.js';

/** Sessions on one page of the search. */
const PAGE_SIZE = 25;

/**
 * `GET /sessions`: the gateway sessions and recordings of the cases the visitor may see, by start
 * date (read in the visitor's unit's zone), user and target; a refused filter re-renders the
 * page with the use case's message next to its field.
 */
export function registerSessionSearchPages(web: FastifyInstance, kit: PageKit): void {
  web.get('/sessions', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await kit.signedIn(req, reply);
    if (!v) return reply;
    const typed = queryOf(req, SESSION_FILTER_FIELDS);
    const zone = await zoneOf(kit, v);
    const input = { ...typed, from: dateFilter(typed.from, zone), to: dateFilter(typed.to, zone, true), limit: PAGE_SIZE };
    const common = { visitor: v, filters: typed, zone: zoneAbbreviation(zone) };
    try {
      const page = await searchGatewaySessions(kit.app, invocationOf(v, req), input);
      return await kit.sendPage(reply, SessionSearchPage({ ...common, page }));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const errors = formErrors<SessionFilterField | 'offset'>(e, v.lang, [...SESSION_FILTER_FIELDS, 'offset'], { 'user.not_found': 'user', 'target.not_found': 'target' });
      return kit.sendPage(reply, SessionSearchPage({ ...common, errors }), statusOf(e));
    }
  });
}
