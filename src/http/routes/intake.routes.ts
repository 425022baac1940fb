import { z } from 'zod';
import {
  AddIntakeInput, RetireIntakeInput, addIntakeIntegration, listIntakeIntegrations, retireIntakeIntegration, rotateIntakeSecret,
} from '../../app/intake/intake-integrations.js';
import { AlertmanagerPayload, receiveAlertmanager } from '../../app/intake/receive-alertmanager.js';
import { URGENCIES } from '../../domain/case/repair-case.js';
import { bearerToken } from '../bearer-token.js';
import type { RouteDef } from '../route.js';
import { route } from '../route.js';

/** Alertmanager posts a whole group in one request: up to this many bytes on its route (the server's limit elsewhere). */
export const INTAKE_BODY_LIMIT = 1024 * 1024;

const IntegrationParams = z.object({ integration: z.string().min(1).max(100) });
const NameParams = z.object({ name: z.string().min(1).max(100) });

const time = z.string().describe('ISO-8601 UTC');
const IntakeIntegrationSchema = z.object({
  id: z.string(), name: z.string(), unitId: z.string(), userId: z.string().describe('its own system identity (user intake.<name>, cannot sign in)'),
  username: z.string(), webhookPath: z.string().describe('where its Alertmanager posts'),
  mapping: z.object({
    targetLabels: z.array(z.string()), urgencyLabel: z.string(), urgencies: z.record(z.string(), z.enum(URGENCIES)),
    defaultUrgency: z.enum(URGENCIES), systemLabels: z.array(z.string()),
  }),
  createdBy: z.string(), createdAt: time, secretRotatedAt: time, retiredAt: time.nullable(),
}).meta({ id: 'IntakeIntegration' });
const WithSecretSchema = z.object({
  integration: IntakeIntegrationSchema,
  secret: z.string().describe('the bearer secret, shown this once (only its SHA-256 is stored)'),
});
const key = z.object({ fingerprint: z.string(), startsAt: time });
const IntakeResultSchema = z.object({
  integration: z.string(),
  opened: z.array(key.extend({ caseId: z.string() })),
  repeated: z.array(key.extend({ caseId: z.string() })),
  resolved: z.array(key.extend({ caseId: z.string(), endsAt: time })),
  ignored: z.array(key),
}).meta({ id: 'IntakeResult' });

export const intakeRoutes: RouteDef[] = [
  route({
    method: 'POST', path: '/api/v1/intake/alertmanager/{integration}', summary: 'Alertmanager webhook (version 4): firing alerts open fault reports, resolved ones are noted on their case',
    description: 'Authenticated by `Authorization: Bearer <secret>` of the integration (Alertmanager: `http_config.authorization.credentials`), '
      + 'not by a session or API token. Every alert of the payload in one transaction, as the integration\'s own identity: a firing alert opens a '
      + 'B1 fault report (channel monitoring; unit from the integration, target and urgency from its labels) once per fingerprint and startsAt; a '
      + 'resolved one is noted on its case (case.alert_resolved), or acknowledged and ignored when no case has it. A malformed payload is a 400 '
      + 'naming the field and creates nothing; a wrong or missing secret a 401 (logged); a transient storage failure a 503, so that Alertmanager '
      + 'retries. Up to 1 MiB.',
    tag: 'intake', access: 'public', params: IntegrationParams, body: AlertmanagerPayload, response: IntakeResultSchema, bodyLimit: INTAKE_BODY_LIMIT,
    handle: ({ app, params, body, request }) =>
      receiveAlertmanager(app, { sourceIp: request.ip }, params['integration'] as string, bearerToken(request.headers.authorization), body),
  }),
  route({
    method: 'GET', path: '/api/v1/intake-integrations', summary: 'Alertmanager integrations (superadmin: all; koordinator: their unit)', tag: 'intake',
    access: 'user', response: z.array(IntakeIntegrationSchema),
    handle: ({ app, inv }) => listIntakeIntegrations(app, inv),
  }),
  route({
    method: 'POST', path: '/api/v1/intake-integrations', summary: 'Add an Alertmanager integration of a unit; its bearer secret is in this answer only (superadmin, or the unit\'s koordinator; logged without the secret)',
    tag: 'intake', access: 'user', body: AddIntakeInput, response: WithSecretSchema, status: 201,
    handle: ({ app, inv, body }) => addIntakeIntegration(app, inv, body),
  }),
  route({
    method: 'POST', path: '/api/v1/intake-integrations/{name}/rotate-secret', summary: 'A new bearer secret for an integration, in this answer only; the old one stops working (logged without either)',
    tag: 'intake', access: 'user', params: NameParams, response: WithSecretSchema,
    handle: ({ app, inv, params }) => rotateIntakeSecret(app, inv, params['name'] as string),
  }),
  route({
    method: 'POST', path: '/api/v1/intake-integrations/{name}/retire', summary: 'Retire an integration with a reason: its webhook is refused from now on; its cases stay (logged)',
    tag: 'intake', access: 'user', params: NameParams, body: RetireIntakeInput, response: IntakeIntegrationSchema,
    handle: ({ app, inv, params, body }) => retireIntakeIntegration(app, inv, params['name'] as string, body ?? {}),
  }),
];
