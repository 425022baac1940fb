import { t, type Lang } from '../messages/catalogue.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Op { summary?: string; description?: string; tags?: string[]; parameters?: { name: string; in: string; required: boolean; schema: unknown }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }>; security?: unknown[] }

/**
 * Readable API documentation rendered on the server from the OpenAPI document: no scripts, no CDN.
 * Its own labels are in `lang` (the request's); the OpenAPI text is the API's, in English.
 */
export function apiDocsHtml(doc: Record<string, unknown>, lang: Lang): string {
  const info = doc['info'] as { title: string; version: string; description: string };
  const paths = doc['paths'] as Record<string, Record<string, Op>>;
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? []).map((p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? `, ${t(lang, 'http.docs.required')}` : ''}) <code>${esc(JSON.stringify(p.schema))}</code></li>`).join('');
      const body = op.requestBody ? `<details><summary>Body</summary><pre>${esc(JSON.stringify(op.requestBody.content['application/json']?.schema, null, 2))}</pre></details>` : '';
      const ok = Object.entries(op.responses).find(([s]) => /^2/.test(s));
      const resp = ok?.[1].content ? `<details><summary>Response ${esc(ok[0])}</summary><pre>${esc(JSON.stringify(Object.values(ok[1].content)[0]?.schema, null, 2))}</pre></details>` : '';
      const html = `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3><p>${esc(op.summary ?? '')}${op.security?.length === 0 ? ` <em>(${t(lang, 'http.docs.public')})</em>` : ''}</p>${op.description ? `<p><small>${esc(op.description)}</small></p>` : ''}${params ? `<ul>${params}</ul>` : ''}${body}${resp}</section>`;
      const tag = op.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(info.title)} ${esc(info.version)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}h3{font-size:1rem;margin:.2rem 0}section{border-top:1px solid #ddd;padding:.5rem 0}
.m{display:inline-block;min-width:4rem;font-weight:bold}.get{color:#075}.post{color:#037}.delete{color:#a00}pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.8rem}</style></head>
<body><h1>${esc(info.title)} <small>${esc(info.version)}</small></h1><p>${esc(info.description)}</p><p><a href="/api/openapi.json">openapi.json</a></p>
${[...byTag.entries()].map(([tag, items]) => `<h2>${esc(tag)}</h2>${items.join('')}`).join('\n')}</body></html>`;
}
