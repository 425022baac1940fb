import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/*
 * Every word a person reads is in the catalogue (src/messages/), so that each edge can choose one
 * language (issue 9). This test reads the string literals of every file under src/ (comments and
 * code aside, with the TypeScript parser) and fails on words written in place:
 * - a bilingual pair, Indonesian / English around ` / ` (`Cadangan ditulis / backup written`);
 * - an Indonesian word no English sentence has (`dicabut`, `berlaku sampai`, `untuk` …).
 * A renderer that joins catalogue texts with ` / ` writes only `${…} / ${…}`: no words, no hit.
 */

/** Where words may be written: the catalogue, and the SOP (its own versioned text, and its terms as the SOP view shows them). */
const ALLOWED = [
  'messages/', // the catalogue
  'domain/sop/', // SOP definitions: the SOP's own text in both languages, versioned data
  'presenters/sop-text.ts', // the SOP's field names (Nomor SOP, Dasar Hukum, Pencatatan dan Pendataan …) are its terms
  'web/pages/sop-page.tsx', // the same field names, as the signed document prints them
];

const PAIR = /\p{L}\p{L}[^\n]* \/ [^\n]*\p{L}\p{L}/u;
const INDONESIAN = new RegExp(`\\b(?:${[
  'dan', 'yang', 'untuk', 'tidak', 'dengan', 'sudah', 'belum', 'dari', 'pada', 'oleh', 'atau', 'sampai', 'berlaku', 'dicabut', 'ditulis',
  'disimpan', 'diblokir', 'ditutup', 'dibuat', 'ditolak', 'diketik', 'mendengarkan', 'berhenti', 'jalankan', 'simpan', 'berikan', 'tambahkan',
  'pengguna', 'sandi', 'sesi', 'menit', 'saksi', 'cadangan', 'kredensial', 'metrik', 'kesalahan', 'gagal', 'lewat', 'nasional', 'kosong',
  'wajib', 'publik',
].join('|')})\\b`, 'i');

/** The text of every string literal in `text` (a template's parts joined by `${}`), with its line. */
function literals(file: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: { line: number; text: string }[] = [];
  const visit = (n: ts.Node): void => {
    // A page's text between its tags (JSX) is written in place as much as a string is.
    const s = ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ? n.text
      : ts.isTemplateExpression(n) ? [n.head.text, ...n.templateSpans.map((x) => x.literal.text)].join('${}')
        : ts.isJsxText(n) && n.text.trim() !== '' ? n.text.trim() : undefined;
    if (s !== undefined) out.push({ line: source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1, text: s });
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

/** The words `file` (a path under src/) writes in place: `file:line: text` for each. */
export function handWrittenWords(file: string, text: string): string[] {
  if (ALLOWED.some((a) => file.startsWith(a))) return [];
  return literals(file, text).filter((l) => PAIR.test(l.text) || INDONESIAN.test(l.text)).map((l) => `${file}:${l.line}: ${l.text.slice(0, 120)}`);
}

function sourceFiles(): { file: string; text: string }[] {
  const root = fileURLToPath(new URL('../../../src/', import.meta.url));
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f))
    .map((f) => ({ file: relative(root, join(root, f)).split('\\').join('/'), text: readFileSync(join(root, f), 'utf8') }));
}

describe('no words written in place under src/: the catalogue holds them', () => {
  it('holds for every file under src/ outside the catalogue and the SOP', () => {
    const files = sourceFiles();
    assert.ok(files.length > 100, `only ${files.length} source files`);
    assert.ok(files.some((f) => f.file === 'cli/commands/token.commands.ts'), 'the sources are where the test looks for them');
    assert.ok(files.some((f) => f.file.startsWith('web/') && f.file.endsWith('.tsx')), 'the web pages (.tsx) too');
    assert.deepEqual(files.flatMap((f) => handWrittenWords(f.file, f.text)), []);
  });

  it('bites in the web pages too: text between tags and in attributes', () => {
    const caught = (code: string): boolean => handWrittenWords('web/pages/x.tsx', code).length > 0;
    assert.ok(caught('export const P = () => <p>Tidak ada kasus di langkah ini.</p>;'));
    assert.ok(caught('export const P = () => <input aria-label="Nama pengguna" />;'));
    assert.ok(!caught("export const P = () => <p class=\"muted\">{t(lang, 'web.case.placeholder')}</p>;"));
  });

  it('bites: the lines that stood outside the catalogue before are each caught, in strings and templates', () => {
    const caught = (code: string): boolean => handWrittenWords('cli/x.ts', code).length > 0;
    assert.ok(caught("ctx.io.err(`Cadangan ditulis / backup written: ${out}`);"));
    assert.ok(caught("ctx.io.err(`Token ${t.name} dicabut / revoked`);"));
    assert.ok(caught("this.log(`gateway: ${n} sesi dari node yang hilang ditutup / ${n} sessions of a lost node were closed`);"));
    assert.ok(caught("const TYPED_AT_PROMPT = '(diketik pada prompt kata sandi / typed at a password prompt)';"));
    assert.ok(caught("ctx.io.out(t.revokedAt ? 'dicabut/revoked' : 'active');"), 'an Indonesian word without the slash too');
    assert.ok(caught('ctx.io.err("Saksi / witness for " + id);'));
  });

  it('lets through what joins catalogue texts, code, comments and English-only lines', () => {
    const passes = (code: string): boolean => handWrittenWords('presenters/x.ts', code).length === 0;
    assert.ok(passes("return lang ? one(lang) : `${one('id')} / ${one('en')}`;"));
    assert.ok(passes("const s = langs.map((l) => t(l, 'cli.error.internal')).join(' / ');"));
    assert.ok(passes('const mib = `${n / size} ${unit}`;'));
    assert.ok(passes("// Kode pendaftaran TOTP untuk / TOTP enrolment code for\nconst x = 1;"));
    assert.ok(passes("log(`gateway: could not read the registered networks: ${m}`);"));
    assert.ok(passes("const methods = 'POST/GET /checkpoints';"));
    assert.equal(handWrittenWords('messages/ui-messages.ts', "const x = { id: 'Cadangan ditulis', en: 'backup written' };").length, 0);
  });
});
