import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the PDF tests write their documents and pages (gitignored): `test-output/pdf/`, to be looked at. */
export const PDF_OUT = join(process.cwd(), 'test-output', 'pdf');

/** A poppler-utils command's standard output. */
export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
}

/** Writes the PDF and its pages as PNG (80 dpi) under test-output/pdf/; returns the PDF's path. */
export function writeOut(name: string, bytes: Uint8Array): string {
  mkdirSync(PDF_OUT, { recursive: true });
  for (const f of readdirSync(PDF_OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))) rmSync(join(PDF_OUT, f));
  const pdf = join(PDF_OUT, `${name}.pdf`);
  writeFileSync(pdf, bytes);
  run('pdftoppm', ['-png', '-r', '80', pdf, join(PDF_OUT, name)]);
  return pdf;
}

/** Every font pdffonts lists is one of the vendored Liberation families, embedded; at least two (Sans and Serif). */
export function assertFontsEmbedded(pdf: string): void {
  const fonts = run('pdffonts', [pdf]).trim().split('\n').slice(2);
  assert.ok(fonts.length >= 2, 'Liberation Sans and Serif');
  for (const line of fonts) {
    assert.match(line, /Liberation(Sans|Serif)/, line);
    // name type encoding emb sub uni object-id: emb is the 5th column from the end.
    assert.equal(line.trim().split(/\s+/).slice(-5)[0], 'yes', `not embedded: ${line}`);
  }
}
