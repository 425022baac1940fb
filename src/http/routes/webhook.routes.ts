import { z } from 'zod';
import type { WebhookEndpointView } from '../../app/notification/webhook-endpoints.js';
import {
  AddWebhookInput, WebhookChangeInput, addWebhookEndpoint, listWebhookEndpoints, retireWebhookEndpoint, rotateWebhookSecret,
} from '../../app/notification/webhook-endpoints.js';
import { NOTIFICATION_EVENTS } from '../../domain/notification/notification-event.js';
import type { RouteDef } from '../route.js';
import { route } from '../route.js';
import { IdParams } from './case.routes.js';

const time = z.string().describe('ISO-8601 UTC');

export const WebhookEndpointSchema = z.object({
  id: z.string(), url: z.string(),
  unit: z.string().nullable().describe('the unit\'s code; null: every unit (LKPP-wide)'),
  events: z.union([z.literal('all'), z.array(z.enum(NOTIFICATION_EVENTS))]),
  createdBy: z.string().describe('username'), createdAt: time,
  secretRotatedAt: time.nullable(), retiredAt: time.nullable().describe('a retired endpoint is sent nothing'),
}).meta({ id: 'WebhookEndpoint' });

export const WebhookEndpointWithSecretSchema = z.object({
  endpoint: WebhookEndpointSchema,
  secret: z.string().describe('whsec_ + base64 of 32 random bytes (Standard Webhooks); shown in this answer only, never again'),
}).meta({ id: 'WebhookEndpointWithSecret' });

const ChangeBody = WebhookChangeInput.omit({ endpoint: true });
const WHO = 'superadmin, or the unit\'s koordinator for its endpoints';

/** Webhook endpoints (issue 13): thin routes over the use cases in app/notification/webhook-endpoints.ts. */
export const webhookRoutes: RouteDef[] = [
  route({
    method: 'GET', path: '/api/v1/webhooks', summary: `List webhook endpoints, retired ones too (${WHO}; never the secrets)`, tag: 'webhooks', access: 'user',
    response: z.array(WebhookEndpointSchema), handle: ({ app, inv }) => listWebhookEndpoints(app, inv),
  }),
  route({
    method: 'POST', path: '/api/v1/webhooks', summary: `Add a webhook endpoint (${WHO}; LKPP-wide ones the superadmin's)`,
    description: 'The answer carries the endpoint\'s signing secret once; the store keeps it sealed and nothing shows it again. '
      + 'Deliveries are signed the Standard Webhooks way (docs/webhooks.md).',
    tag: 'webhooks', access: 'user', body: AddWebhookInput, response: WebhookEndpointWithSecretSchema, status: 201,
    handle: ({ app, inv, body }) => addWebhookEndpoint(app, inv, body),
  }),
  route({
    method: 'POST', path: '/api/v1/webhooks/{id}/rotate-secret', summary: `Give a webhook endpoint a new signing secret, in this answer only (${WHO}; logged with the reason)`,
    tag: 'webhooks', access: 'user', params: IdParams, body: ChangeBody, response: WebhookEndpointWithSecretSchema,
    handle: ({ app, inv, params, body }) => rotateWebhookSecret(app, inv, { ...(body as object), endpoint: params['id'] }),
  }),
  route({
    method: 'POST', path: '/api/v1/webhooks/{id}/retire', summary: `Retire a webhook endpoint: nothing is sent to it any more (${WHO}; logged with the reason)`,
    tag: 'webhooks', access: 'user', params: IdParams, body: ChangeBody, response: WebhookEndpointSchema,
    handle: ({ app, inv, params, body }) => retireWebhookEndpoint(app, inv, { ...(body as object), endpoint: params['id'] }),
  }),
];

// Compile-time: the schema describes exactly the view the use cases answer with.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const WEBHOOK_SCHEMA_CHECK: Same<keyof z.infer<typeof WebhookEndpointSchema>, keyof WebhookEndpointView> = true;
