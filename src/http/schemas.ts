import { z } from 'zod';
import type { CaseView } from '../app/case/get-case.js';
import { END_REASONS } from '../domain/access/end-reason.js';
import { ROLES } from '../domain/auth/role.js';
import { API_TOKEN_SCOPES } from '../domain/auth/sign-in.policy.js';
import type { RepairCase } from '../domain/case/repair-case.js';
import { CASE_STATUSES, CHANNELS, CORRECTABLE_FIELDS, URGENCIES } from '../domain/case/repair-case.js';
import { NETWORK_KINDS } from '../domain/registry/network.js';
import { USER_LANGUAGES } from '../domain/registry/user.js';
import { STEP_CODES } from '../domain/sop/sop-definition.js';
import type { LiveSessionInfo } from '../ports/live-sessions.js';
import type { DashboardViewModel } from '../presenters/view-models/dashboard-view.js';
import type { GatewaySession } from '../ports/repositories.js';

/*
 * Response schemas: each response is validated against its schema before it is sent, and the
 * OpenAPI document is generated from the same schemas. The `satisfies`-style checks at the end
 * keep them in step with the domain types at compile time.
 */
const time = z.string().describe('ISO-8601 UTC');
const nullableTime = time.nullable();
const text = z.object({ id: z.string(), en: z.string() });
const step = z.enum(STEP_CODES as ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']);

export const ErrorSchema = z.object({
  error: z.string().describe('stable error code, e.g. case.wrong_step'),
  message: z.string().describe('in the language of Accept-Language (id default, en)'),
  details: z.record(z.string(), z.unknown()).optional(),
}).meta({ id: 'Error' });

export const CaseSchema = z.object({
  id: z.string(), unitId: z.string(), targetId: z.string().nullable(), timeZone: z.string(), sopCode: z.string(), sopVersion: z.string(),
  status: z.enum(CASE_STATUSES), revision: z.number().int(),
  report: z.object({ reportedAt: time, reporterId: z.string(), channel: z.enum(CHANNELS), system: z.string(), description: z.string(), urgency: z.enum(URGENCIES) }),
  acknowledgement: z.object({ at: time, by: z.string(), classification: z.string(), impact: z.string(), executorId: z.string() }).nullable(),
  preparation: z.object({
    at: time, by: z.string(), workstationId: z.string(), location: z.string(), networkId: z.string(), networkName: z.string(),
    sourceIp: z.string().nullable(), ready: z.boolean(), firstReadyAt: nullableTime,
    checks: z.array(z.object({ code: z.enum(['a', 'b', 'c', 'd', 'e']), passed: z.boolean(), mandatory: z.boolean(), reason: text })),
  }).nullable(),
  accesses: z.array(z.object({
    id: z.string(), startedAt: time, endedAt: nullableTime, via: z.enum(['manual', 'gateway']), sourceIp: z.string().nullable(),
    networkId: z.string().nullable(), recordedBy: z.string(),
  })),
  restoration: z.object({ at: time, by: z.string(), initialFix: z.string() }).nullable(),
  rootCause: z.object({ at: time, by: z.string(), rootCause: z.string(), permanentFix: z.string() }).nullable(),
  deviations: z.array(z.object({ step, standardMinutes: z.number(), startedAt: time, completedAt: time, overMinutes: z.number() })),
  explanations: z.partialRecord(step, z.object({ text: z.string(), by: z.string(), at: time })),
  closure: z.object({ at: time, by: z.string(), notes: z.string().nullable() }).nullable(),
  approval: z.object({ at: time, by: z.string(), notes: z.string().nullable() }).nullable(),
  cancellation: z.object({ at: time, by: z.string(), reason: z.string(), fromStatus: z.enum(CASE_STATUSES) }).nullable(),
  returns: z.array(z.object({
    at: time, by: z.string(), reason: z.string().describe('alasan'),
    closure: z.object({ at: time, by: z.string(), notes: z.string().nullable() }).describe('the close that was returned'),
  })).describe('Kembalikan: every return of the closed record for correction, oldest first'),
  corrections: z.array(z.object({
    at: time, by: z.string(), field: z.enum(CORRECTABLE_FIELDS), before: z.string(), after: z.string(),
  })).describe('B4/B5 texts (A2d) corrected after a return, oldest first, each with what it said before'),
}).meta({ id: 'Case' });

export const CaseViewSchema = z.object({
  case: CaseSchema,
  step: step.nullable(),
  timeline: z.array(z.object({
    step, standardMinutes: z.number().nullable(), startedAt: nullableTime, deadline: nullableTime, completedAt: nullableTime,
    overMinutes: z.number(), inProgress: z.boolean(), explained: z.boolean(),
  })),
  a2: z.object({ location: z.string().nullable(), network: z.string().nullable(), date: z.string().nullable(), accessStart: nullableTime,
    accessEnd: nullableTime, analysis: z.string().nullable(), repair: z.string().nullable() }),
  alerts: z.array(z.object({
    integration: z.string(), integrationId: z.string(), fingerprint: z.string(), startsAt: time, caseId: z.string(), alertname: z.string().nullable(),
    receivedAt: time, endsAt: nullableTime, resolvedAt: nullableTime,
  })).optional().describe('Alertmanager alerts that opened the case or were noted on it (issue 13): endsAt once resolved'),
}).meta({ id: 'CaseView' });

export const CaseSummarySchema = z.object({
  id: z.string(), unitId: z.string(), targetId: z.string().nullable(), status: z.enum(CASE_STATUSES), step: step.nullable(), revision: z.number().int(),
  reportedAt: time, updatedAt: time, executorId: z.string().nullable(), system: z.string(), urgency: z.enum(URGENCIES),
  deviations: z.number().int().describe('recorded time-standard deviations'), sopVersion: z.string(),
});
export const CasePageSchema = z.object({ items: z.array(CaseSummarySchema), total: z.number().int().describe('matching cases, counted up to 10 000'), totalCapped: z.boolean().describe('true: more than 10 000 match, and total is 10 000'), offset: z.number().int(), limit: z.number().int() });

export const UnitSchema = z.object({
  id: z.string(), code: z.string(), name: z.string(), timeZone: z.string(),
  national: z.boolean().describe('a national unit (LKPP): its networks admit access to every unit\'s targets'), createdAt: time,
}).meta({ id: 'Unit' });
export const UserSchema = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), role: z.enum(ROLES), unitId: z.string().nullable(), nip: z.string().nullable(),
  active: z.boolean(), deactivatedAt: nullableTime.describe('when the user was deactivated (null: active, or never deactivated)').optional(),
  passwordChangeRequired: z.boolean().describe('a reset password must be changed before anything else').optional(), createdAt: time,
  language: z.enum(USER_LANGUAGES).nullable().describe('the language the user reads Jaga in; null: Accept-Language decides'),
  email: z.string().nullable().describe('where notifications reach the user (normalised); null: none').optional(),
}).meta({ id: 'User' });
export const NetworkSchema = z.object({
  id: z.string(), name: z.string(), unitId: z.string().describe('the owning unit: the network admits access to its targets (every unit\'s when it is national)'),
  kind: z.enum(NETWORK_KINDS), cidrs: z.array(z.string()), intranet: z.boolean(),
  publicOffice: z.boolean().describe('an office network with a public range, confirmed on purpose (office NAT): shown with a warning'),
  retiredAt: nullableTime.describe('retired networks admit nobody').optional(), createdAt: time,
}).meta({ id: 'Network' });
export const SshKeySchema = z.object({ publicKey: z.string(), fingerprint: z.string() });
export const WorkstationSchema = z.object({
  id: z.string(), assetTag: z.string(), serialNumber: z.string(), ownerUnitId: z.string().nullable(), assignedUserId: z.string().nullable(),
  organisationOwned: z.boolean(), sshKeys: z.array(SshKeySchema).describe('the keys in service'),
  revokedKeys: z.array(SshKeySchema.extend({ revokedAt: time })).describe('revoked or replaced keys, kept as history').optional(),
  retiredAt: nullableTime.describe('a retired workstation authenticates nobody').optional(), createdAt: time,
}).meta({ id: 'Workstation' });
export const TargetSchema = z.object({
  id: z.string(), name: z.string(), unitId: z.string(), host: z.string(), port: z.number().int(), loginAccount: z.string(),
  hostKeyFingerprint: z.string(), retiredAt: nullableTime.describe('retired targets are never connected to again').optional(), createdAt: time,
}).meta({ id: 'Target' });
/** The gateway's credential for a target, as shown: never the secret. */
export const TargetCredentialSchema = z.object({
  target: z.string(), kind: z.enum(['private_key', 'password']),
  publicKey: z.string().nullable().describe('for private_key: the line to append to the login account\'s authorized_keys on the target'),
  updatedAt: time,
}).meta({ id: 'TargetCredential' });
export const GrantSchema = z.object({
  id: z.string(), userId: z.string(), unitId: z.string(), targetId: z.string().nullable(), validUntil: nullableTime,
  revokedAt: nullableTime.describe('a revoked grant covers nothing').optional(), createdAt: time,
}).meta({ id: 'Grant' });
export const ApiTokenSchema = z.object({
  id: z.string(), userId: z.string(), name: z.string(), scope: z.enum(API_TOKEN_SCOPES), createdAt: time, expiresAt: time,
  revokedAt: nullableTime, lastUsedAt: nullableTime,
}).meta({ id: 'ApiToken' });
export const LogbookEntrySchema = z.object({
  seq: z.number().int(), at: time, type: z.string(), actorId: z.string().nullable(), unitId: z.string().nullable(), caseId: z.string().nullable(),
  data: z.unknown(), prevHash: z.string(), hash: z.string(),
}).meta({ id: 'LogbookEntry' });
export const CheckpointSchema = z.object({ seq: z.number().int(), hash: z.string(), at: time, keyId: z.string(), signature: z.string() }).meta({ id: 'Checkpoint' });
export const VerifyReportSchema = z.object({
  ok: z.boolean(), entries: z.number().int(), lastSeq: z.number().int(), lastHash: z.string(), checkpointsChecked: z.number().int(),
  problem: z.object({ kind: z.string(), seq: z.number().int(), message: z.string() }).nullable(),
});
export const SessionSchema = z.object({
  user: UserSchema, next: z.enum(['done', 'totp', 'totp_enrolment', 'password_change']), csrfToken: z.string(), expiresAt: time.optional(),
});
export const LiveSessionSchema = z.object({
  id: z.string(), caseId: z.string(), unitId: z.string(), username: z.string().describe('the executor connected through the gateway'), target: z.string(),
  sourceIp: z.string(), network: z.string(), workstation: z.string(), startedAt: time, lastActivityAt: time,
  bytesUp: z.number().int(), bytesDown: z.number().int(),
  channels: z.array(z.object({ channel: z.number().int(), kind: z.enum(['shell', 'exec', 'sftp']), command: z.string().nullable(), pty: z.boolean() })),
  node: z.string().optional().describe('the `jaga serve` node carrying the session (JAGA_NODE_ID)'),
}).meta({ id: 'LiveSession' });
/** The opened masked lines of a session (`revealMaskedInput`). */
export const RevealedInputSchema = z.object({
  sessionId: z.string(), caseId: z.string(),
  lines: z.array(z.object({
    line: z.number().int().describe('the session\'s masked lines counted from 1'), channel: z.number().int(), at: time,
    text: z.string().nullable(), base64: z.string().nullable(),
  })),
});

export const GatewaySessionSchema = z.object({
  id: z.string(), caseId: z.string(), unitId: z.string(), userId: z.string(), targetId: z.string(), workstationId: z.string(), networkId: z.string(),
  sourceIp: z.string(), keyFingerprint: z.string(), startedAt: time, endedAt: nullableTime,
  endReason: z.enum(END_REASONS).nullable().describe('why the session ended (null while it lasts)'),
  bytesUp: z.number().int(), bytesDown: z.number().int(),
  recordings: z.array(z.object({ channel: z.number().int(), file: z.string(), sha256: z.string(), bytes: z.number().int() })),
  nodeId: z.string().nullable().describe('the jaga serve node that carried the session'),
  heartbeatAt: nullableTime.describe('when that node last confirmed the session was alive'),
}).meta({ id: 'GatewaySession' });

const localTime = z.object({
  utc: time, timeZone: z.string().describe('IANA zone'), zone: z.string().describe('WIB, WITA, WIT, or UTC±hh:mm'),
  date: z.string().describe('YYYY-MM-DD in the zone'), time: z.string().describe('HH:mm in the zone'),
}).describe('an instant as the unit reads it');
const dashboardRow = z.object({
  id: z.string(), status: z.enum(CASE_STATUSES), step: step.nullable(),
  unit: z.object({ id: z.string(), code: z.string().nullable(), name: z.string().nullable(), timeZone: z.string(), zone: z.string() }),
  target: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  executor: z.object({ id: z.string(), username: z.string().nullable(), name: z.string().nullable(), role: z.enum(ROLES).nullable() }).nullable(),
  reportedAt: localTime, system: z.string(), urgency: z.enum(URGENCIES), deviations: z.number().int(), description: z.string(),
  clock: z.object({
    step, standardMinutes: z.number(), startedAt: localTime, deadline: localTime,
    used: z.number().describe('elapsed ÷ standard (1 at the deadline)'),
    mark: z.union([z.literal(0), z.literal(0.5), z.literal(0.75), z.literal(1)]).describe('highest mark of the standard reached'),
    level: z.enum(['normal', 'amber', 'red']).describe('amber from ¾ used, red once missed'),
  }).nullable().describe('the running step\'s time standard; null when none runs'),
  mine: z.boolean().describe('the caller is its executor'),
});
export const DashboardSchema = z.object({
  at: localTime,
  byStep: z.array(z.object({ step, cases: z.array(dashboardRow) })).describe('B1–B6 in order, cases in progress oldest report first'),
  awaitingApproval: z.array(dashboardRow).describe('closed, waiting for the koordinator'),
  mine: z.array(dashboardRow), attention: z.array(dashboardRow).describe('clock amber or red, most used first'),
  thisMonth: z.object({ since: localTime, cases: z.number().int(), casesWithDeviations: z.number().int(), deviations: z.number().int() }),
  truncated: z.boolean().describe('more open cases than a dashboard loads: the lists are the first ones'),
}).meta({ id: 'Dashboard' });

// Compile-time: the schemas describe exactly the domain shapes they present.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _case: Same<z.infer<typeof CaseSchema>['status'], RepairCase['status']> = true;
const _view: Same<keyof z.infer<typeof CaseViewSchema>, keyof CaseView> = true;
const _caseKeys: Same<keyof z.infer<typeof CaseSchema>, keyof RepairCase> = true;
const _live: Same<keyof z.infer<typeof LiveSessionSchema>, keyof LiveSessionInfo> = true;
const _gatewaySession: Same<keyof z.infer<typeof GatewaySessionSchema>, keyof GatewaySession> = true;
const _endReason: Same<z.infer<typeof GatewaySessionSchema>['endReason'], GatewaySession['endReason']> = true;
const _dashboard: Same<keyof z.infer<typeof DashboardSchema>, keyof DashboardViewModel> = true;
const _dashboardRow: Same<keyof z.infer<typeof dashboardRow>, keyof DashboardViewModel['mine'][number]> = true;
export const SCHEMA_CHECKS = [_case, _view, _caseKeys, _live, _gatewaySession, _endReason, _dashboard, _dashboardRow];
