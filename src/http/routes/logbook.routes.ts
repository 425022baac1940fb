import { Readable } from 'node:stream';
import { z } from 'zod';
import { LogbookExportInput, LogbookPageInput, exportLogbook, latestCheckpoint, readLogbookPage, verifyLogbookAs } from '../../app/logbook/read-logbook.js';
import { notFound } from '../../domain/errors.js';
import { chainProblemText } from '../../messages/chain-problem-messages.js';
import { LOGBOOK_CSV_HEADER, logbookCsvRow } from '../../presenters/logbook-csv.js';
import type { RouteDef } from '../route.js';
import { route } from '../route.js';
import { CheckpointSchema, LogbookEntrySchema, VerifyReportSchema } from '../schemas.js';
import { languageOf } from '../language.js';

const SopSummary = z.object({ id: z.string(), code: z.string(), version: z.string(), effectiveOn: z.string() });
/** The SOP definition is data with a stable shape; documented as an object (see `jaga sop show --json`). */
const SopDefinitionSchema = z.record(z.string(), z.unknown()).meta({ id: 'SopDefinition' });

export const logbookRoutes: RouteDef[] = [
  route({
    method: 'GET', path: '/api/v1/logbook', summary: 'Logbook entries, oldest first, paged by afterSeq', tag: 'logbook', access: 'user',
    query: LogbookPageInput, response: z.array(LogbookEntrySchema),
    handle: async ({ app, inv, query }) => (await readLogbookPage(app, inv, query)).map((e) => ({ ...e, data: JSON.parse(e.data) as unknown })),
  }),
  route({
    method: 'GET', path: '/api/v1/logbook/verify', summary: 'Verify the hash chain, head and signed checkpoints, and every case, gateway session and recording against the logbook', tag: 'logbook', access: 'user',
    response: VerifyReportSchema,
    handle: async ({ app, inv, request }) => {
      const r = await verifyLogbookAs(app, inv);
      return { ...r, problem: r.problem && { kind: r.problem.kind, seq: r.problem.seq, message: chainProblemText(r.problem, languageOf(request)) } };
    },
  }),
  route({
    method: 'GET', path: '/api/v1/logbook/checkpoints/latest', summary: 'The latest signed checkpoint (export it for offline checks)', tag: 'logbook',
    access: 'user', response: CheckpointSchema.nullable(),
    handle: ({ app, inv }) => latestCheckpoint(app, inv),
  }),
  route({
    method: 'GET', path: '/api/v1/logbook/export.csv', summary: 'Logbook of a period as CSV', tag: 'logbook', access: 'user',
    query: LogbookExportInput, response: null, produces: 'text/csv',
    async handle({ app, inv, query, reply }) {
      const pages = await exportLogbook(app, inv, query);
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="logbook.csv"');
      // Streamed page by page: a year of logbook is never held in memory at once.
      return Readable.from((async function* () {
        yield `${LOGBOOK_CSV_HEADER}\r\n`;
        for await (const page of pages) yield `${page.map(logbookCsvRow).join('\r\n')}\r\n`;
      })());
    },
  }),
  route({
    method: 'GET', path: '/api/v1/sops', summary: 'SOP versions', tag: 'sop', access: 'user', response: z.array(SopSummary),
    handle: async ({ app }) => (await app.store.read((r) => r.sops.list())).map((s) => ({ id: `${s.code}:${s.version}`, ...s })),
  }),
  route({
    method: 'GET', path: '/api/v1/sops/{id}', summary: 'One SOP version (id = CODE:VERSION, e.g. SOP-01:2019.0)', tag: 'sop', access: 'user',
    params: z.object({ id: z.string().min(3).max(100) }), response: SopDefinitionSchema,
    async handle({ app, params }) {
      const [code = '', version = ''] = (params['id'] as string).split(':');
      const sop = await app.store.read((r) => r.sops.findByVersion(code, version));
      if (!sop) throw notFound('sop', params['id'] as string);
      return sop;
    },
  }),
];

