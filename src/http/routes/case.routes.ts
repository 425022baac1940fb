import { z } from 'zod';
import { AcknowledgeInput, acknowledgeReport } from '../../app/case/acknowledge-report.js';
import { ApproveInput, approveCase } from '../../app/case/approve-case.js';
import { CancelInput, cancelCase } from '../../app/case/cancel-case.js';
import { CloseInput, closeCase } from '../../app/case/close-case.js';
import { CorrectInput, correctDocumentation } from '../../app/case/correct-documentation.js';
import { ExplainDeviationInput, explainDeviation } from '../../app/case/explain-deviation.js';
import { getCase } from '../../app/case/get-case.js';
import { getDashboard } from '../../app/case/get-dashboard.js';
import { ListCasesInput, listCases } from '../../app/case/list-cases.js';
import { PrepareInput, prepareWorkstation } from '../../app/case/prepare-workstation.js';
import { EndAccessInput, StartAccessInput, recordAccessEnd, recordAccessStart } from '../../app/case/record-access.js';
import { RestoreInput, recordRestoration } from '../../app/case/record-restoration.js';
import { RootCauseInput, recordRootCause } from '../../app/case/record-root-cause.js';
import { ReportFaultInput, reportFault } from '../../app/case/report-fault.js';
import { ReturnInput, returnCase } from '../../app/case/return-case.js';
import { exportEvidenceBundle } from '../../app/bundle/export-evidence-bundle.js';
import type { AppDeps, Invocation } from '../../app/app-deps.js';
import type { RepairCase } from '../../domain/case/repair-case.js';
import type { RouteDef } from '../route.js';
import { route } from '../route.js';
import { presentDashboard } from '../../presenters/view-models/dashboard-view.js';
import { CasePageSchema, CaseSchema, CaseViewSchema, DashboardSchema } from '../schemas.js';
import { documentReply } from '../document-reply.js';

export const IdParams = z.object({ id: z.string().min(1).max(100) });

type CaseUseCase = (deps: AppDeps, inv: Invocation, caseId: string, raw: unknown) => Promise<RepairCase>;

const action = (verb: string, summary: string, body: z.ZodType, useCase: CaseUseCase): RouteDef => route({
  method: 'POST', path: `/api/v1/cases/{id}/${verb}`, summary, tag: 'cases', access: 'user', params: IdParams, body, response: CaseSchema,
  handle: ({ app, inv, params, body: b }) => useCase(app, inv, params['id'] as string, b ?? {}),
});

export const caseRoutes: RouteDef[] = [
  route({
    method: 'POST', path: '/api/v1/cases', summary: 'B1: report a fault (opens a case)', tag: 'cases', access: 'user',
    body: ReportFaultInput, response: CaseSchema, status: 201,
    handle: ({ app, inv, body }) => reportFault(app, inv, body),
  }),
  route({
    method: 'GET', path: '/api/v1/cases', summary: 'Cases you may see: filtered, sorted, paged', tag: 'cases', access: 'user',
    query: ListCasesInput, response: CasePageSchema,
    handle: ({ app, inv, query }) => listCases(app, inv, query),
  }),
  route({
    method: 'GET', path: '/api/v1/dashboard', summary: 'The dashboard: open cases by step with their running time standard (amber from ¾, red once missed), those awaiting approval, yours, this month\'s deviations',
    tag: 'cases', access: 'user', response: DashboardSchema,
    handle: async ({ app, inv }) => presentDashboard(await getDashboard(app, inv)),
  }),
  route({
    method: 'GET', path: '/api/v1/cases/{id}', summary: 'A case with its SOP step timeline (standard vs actual), A1 checks and A2 record', tag: 'cases',
    access: 'user', params: IdParams, response: CaseViewSchema,
    handle: ({ app, inv, params }) => getCase(app, inv, params['id'] as string),
  }),
  action('acknowledge', 'B1: informasi gangguan and the assigned executor', AcknowledgeInput, acknowledgeReport),
  action('prepare', 'B2: workstation, location, network; runs the A1 checks', PrepareInput, prepareWorkstation),
  action('access', 'B3: an access starts now (waktu mulai akses)', StartAccessInput, recordAccessStart),
  action('access-end', 'An access ends now (waktu selesai)', EndAccessInput, recordAccessEnd),
  action('restore', 'B4: service restored (initial repair)', RestoreInput, recordRestoration),
  action('root-cause', 'B5: root cause and permanent fix', RootCauseInput, recordRootCause),
  action('explain-deviation', 'Explain a missed time standard', ExplainDeviationInput, explainDeviation),
  action('close', 'B6: close into the logbook (A2 complete, deviations explained)', CloseInput, closeCase),
  action('approve', 'Koordinator approves the closed record', ApproveInput, approveCase),
  action('cancel', 'Cancel before B3, with a reason', CancelInput, cancelCase),
  action('return', 'Kembalikan: koordinator returns the closed record for correction, with a reason (alasan)', ReturnInput, returnCase),
  action('correct', 'After a return: correct the B4/B5 texts of A2d (initial fix, root cause, permanent fix)', CorrectInput, correctDocumentation),
  // The evidence bundle (docs/evidence-bundle.md).
  route({
    method: 'GET', path: '/api/v1/cases/{id}/bundle', summary: 'The evidence bundle of a case, for checking offline (jaga verify-bundle)',
    description: 'One ustar file (docs/evidence-bundle.md): the case, its logbook entries and the chain from its first entry to a checkpoint '
      + 'signed now (other cases\' entries in between sealed: hash state, link, type and unit only), the checkpoint and the public key, the '
      + 'gateway sessions, every recording and the file transfers, and a signed manifest of every part\'s SHA-256. For auditors, the superadmin '
      + 'and the unit\'s koordinator; each export is logged with the bundle\'s SHA-256, which `X-Content-SHA256` gives. Check it with '
      + '`jaga verify-bundle FILE --key installation.pem`, the key obtained apart from the bundle.',
    tag: 'cases', access: 'user', params: IdParams, response: null, produces: 'application/x-tar',
    async handle({ app, inv, params, reply }) {
      const b = await exportEvidenceBundle(app, inv, params['id'] as string);
      void documentReply(reply, { type: 'application/x-tar', filename: `jaga-bundle-${b.caseId.replace(/[^A-Za-z0-9_-]/g, '_')}.tar`, sha256: b.sha256 });
      return Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength);
    },
  }),
];
