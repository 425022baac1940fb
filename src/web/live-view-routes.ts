import type { FastifyInstance } from 'fastify';
import { checkWatch } from '../app/access/gateway-session-views.js';
import { listUnits } from '../app/registry/list-registry.js';
import { presentLiveSessions } from '../presenters/view-models/live-session-view.js';
import { LiveViewPage } from './pages/live-view-page.js';
import type { PageKit } from './work-routes.js';
import { PAGE_HELMET, PLAYER_CSP } from './web-csp.js';
import { invocationOf } from './web-visitor.js';

/**
 * The read-only live view of a running gateway session (`/sessions/live/<id>`). The page asks the
 * policy (`checkWatch`: refused with its message page, not logged); the watching itself is
 * authorised and logged by the API's watch WebSocket the player connects to (`authorizeWatch`).
 */
export function registerLiveViewRoutes(web: FastifyInstance, kit: Pick<PageKit, 'app' | 'signedIn' | 'sendPage' | 'live'>): void {
  const { app, signedIn, sendPage, live } = kit;
  web.get('/sessions/live/:id', { helmet: PAGE_HELMET }, async (req, reply) => {
    const v = await signedIn(req, reply);
    if (!v) return reply;
    const inv = invocationOf(v, req);
    const info = await checkWatch(app, inv, live, (req.params as { id: string }).id);
    const [session] = presentLiveSessions([info], await listUnits(app, inv));
    // The player's terminal is WebAssembly: this page, like the case page's player, allows it; the
    // watch WebSocket is same-origin, which `connect-src 'self'` allows (CSP Level 3).
    void reply.header('content-security-policy', PLAYER_CSP);
    return sendPage(reply, LiveViewPage({ visitor: v, session: session! }));
  });
}
