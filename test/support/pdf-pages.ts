import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where PDFs and their pages (PNG) go to be looked at. */
export const PDF_OUT = join(process.cwd(), 'test-output', 'pdf');
const JAGA = fileURLToPath(new URL('../../../bin/jaga.js', import.meta.url));

/** A poppler-utils tool's standard output. */
export const pdfTool = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });

/** Writes the PDF and its pages as PNG (80 dpi) under test-output/pdf/ (old pages of that name removed); returns the PDF's path. */
export function writePdfPages(name: string, bytes: Uint8Array): string {
  mkdirSync(PDF_OUT, { recursive: true });
  for (const f of readdirSync(PDF_OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))) rmSync(join(PDF_OUT, f));
  const pdf = join(PDF_OUT, `${name}.pdf`);
  writeFileSync(pdf, bytes);
  pdfTool('pdftoppm', ['-png', '-r', '80', pdf, join(PDF_OUT, name)]);
  return pdf;
}

/** The real `jaga` binary on a data directory, its output as text. */
export const jagaOn = (dataDir: string) => (args: string[]) => spawnSync(process.execPath, [JAGA, ...args], {
  env: { PATH: process.env['PATH'] ?? '', JAGA_DATA_DIR: dataDir }, encoding: 'utf8',
});
