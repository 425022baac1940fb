import { a2Record } from '../../domain/case/a2-documentation.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import { currentStep } from '../../domain/case/repair-case.js';
import { timeline } from '../../domain/case/time-standard.js';
import type { Network } from '../../domain/registry/network.js';
import type { Target } from '../../domain/registry/target.js';
import type { LpseUnit } from '../../domain/registry/unit.js';
import type { User } from '../../domain/registry/user.js';
import type { Workstation } from '../../domain/registry/workstation.js';
import type { SopDefinition } from '../../domain/sop/sop-definition.js';
import type { Repositories } from '../../ports/repositories.js';
import type { MaskedInputSummary } from '../access/masked-input.js';
import { maskedInputOfCase } from '../access/masked-input.js';
import type { AppDeps, Invocation } from '../app-deps.js';
import type { UseCaseContext } from '../use-case.js';
import { runUseCase } from '../use-case.js';
import type { CaseView } from './get-case.js';
import { loadCase } from './case-access.js';

/** What a view may show of a person: who they are, never credentials or NIP. */
export type PersonRecord = Pick<User, 'id' | 'username' | 'displayName' | 'role'>;

/** The registry records a case refers to by id, so presenters can show names. */
export interface CaseRecords {
  readonly unit: LpseUnit | null;
  readonly target: Pick<Target, 'id' | 'name' | 'host' | 'port' | 'loginAccount'> | null;
  readonly workstation: Pick<Workstation, 'id' | 'assetTag'> | null;
  /** Reporter, acknowledger, executor, everyone who recorded a step, explained, returned or approved. */
  readonly users: readonly PersonRecord[];
  /** The prepared network and every network an access came from. */
  readonly networks: readonly Pick<Network, 'id' | 'name' | 'kind' | 'intranet' | 'cidrs' | 'publicOffice'>[];
}

/** A case as `getCase` shows it, with its SOP version and the records it names. */
export interface CaseViewData extends CaseView {
  readonly sop: SopDefinition;
  readonly records: CaseRecords;
  /** Gateway sessions of the case with sealed input, from the logbook. */
  readonly maskedInput: readonly MaskedInputSummary[];
}

/** Every user id a case refers to. */
function userIds(c: RepairCase): (string | undefined)[] {
  return [c.report.reporterId, c.acknowledgement?.by, c.acknowledgement?.executorId, c.preparation?.by, ...c.accesses.map((a) => a.recordedBy),
    c.restoration?.by, c.rootCause?.by, ...Object.values(c.explanations).map((e) => e?.by), c.closure?.by, c.approval?.by, c.cancellation?.by,
    ...c.returns.flatMap((x) => [x.by, x.closure.by]), ...c.corrections.map((x) => x.by)];
}

/** The records with these ids (each looked up once; absent ones and nulls skipped). */
export async function findEach<T>(ids: readonly (string | null | undefined)[], find: (id: string) => Promise<T | undefined>): Promise<T[]> {
  const distinct = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  const found: (T | undefined)[] = await Promise.all(distinct.map(find));
  return found.filter((x): x is T => x !== undefined);
}

export const personRecord = (u: User): PersonRecord => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role });

/** The records `c` names, read in the caller's transaction. */
export async function caseRecords(tx: Repositories, c: RepairCase): Promise<CaseRecords> {
  const [unit, target, workstation, users, networks] = await Promise.all([
    tx.units.findById(c.unitId),
    c.targetId === null ? undefined : tx.targets.findById(c.targetId),
    c.preparation ? tx.workstations.findById(c.preparation.workstationId) : undefined,
    findEach(userIds(c), (id) => tx.users.findById(id)),
    findEach([c.preparation?.networkId, ...c.accesses.map((a) => a.networkId)], (id) => tx.networks.findById(id)),
  ]);
  return {
    unit: unit ?? null,
    target: target ? { id: target.id, name: target.name, host: target.host, port: target.port, loginAccount: target.loginAccount } : null,
    workstation: workstation ? { id: workstation.id, assetTag: workstation.assetTag } : null,
    users: users.map(personRecord),
    networks: networks.map((n) => ({ id: n.id, name: n.name, kind: n.kind, intranet: n.intranet, cidrs: n.cidrs, publicOffice: n.publicOffice })),
  };
}

/**
 * A case with its timeline and A2 record (as {@link getCase}), its SOP version and the registry
 * records it names, in one read: what the case presenters need, so they stay pure.
 */
export function getCaseView(deps: AppDeps, inv: Invocation, caseId: string): Promise<CaseViewData> {
  return runUseCase(deps, inv, 'case.view', (ctx) => loadCaseView(ctx, caseId), { caseId, readOnly: true });
}

/** The case view of a case the actor may see, read in the use case's transaction (not found otherwise). */
export async function loadCaseView(ctx: UseCaseContext, caseId: string): Promise<CaseViewData> {
  const { c, sop } = await loadCase(ctx, caseId, 'view');
  return { case: c, step: currentStep(c), timeline: timeline(sop, c, ctx.now), a2: a2Record(c), sop, records: await caseRecords(ctx.tx, c),
    maskedInput: await maskedInputOfCase(ctx.tx, c.id), alerts: await ctx.tx.intake.alertsOfCase(c.id) };
}
