import type { DomainError } from '../domain/errors.js';
import { messageOf } from '../messages/catalogue.js';

/**
 * What the SSH gateway shows a person on the client's stderr: one line, Indonesian then English,
 * with the SOP rule when there is one. Terminal control characters in the text are neutralised.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they must not reach the terminal
const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');

export function gatewayRefusalLine(err: DomainError): string {
  const rule = typeof err.details['rule'] === 'string' ? ` [${err.details['rule']}]` : '';
  return `Jaga: DITOLAK / REFUSED${rule}: ${clean(messageOf(err, 'id'))} / ${clean(messageOf(err, 'en'))}\r\n`;
}

export const gatewayLines = {
  internalError: (ref: string) => `Jaga: kesalahan internal gateway (ref ${ref}); hubungi admin / internal gateway error (ref ${ref}); contact the administrator.\r\n`,
  badLoginName: (name: string) =>
    `Jaga: DITOLAK / REFUSED: nama login harus PENGGUNA:TARGET atau PENGGUNA+TARGET (mis. andi+spse-gorontalo), bukan '${clean(name)}' / the login name must be USER:TARGET or USER+TARGET (e.g. andi+spse-gorontalo), not '${clean(name)}'.\r\n`,
  targetUnreachable: (target: string, why: string) =>
    `Jaga: target ${clean(target)} tidak dapat dihubungi (${clean(why)}) / target ${clean(target)} cannot be reached (${clean(why)}).\r\n`,
  forwardingRefused: 'Jaga: DITOLAK / REFUSED: penerusan port/agen/X11 tidak diizinkan karena melewati perekaman / port, agent and X11 forwarding are refused: they bypass recording.',
  subsystemRefused: (name: string) => `Jaga: DITOLAK / REFUSED: subsistem '${clean(name)}' tidak didukung (hanya sftp) / subsystem '${clean(name)}' is not supported (sftp only).\r\n`,
  recordingFailed: 'Jaga: perekaman sesi gagal; sesi diakhiri (SOP: tanpa rekaman, tanpa akses) / session recording failed; the session is ended (no recording, no access).\r\n',
  terminated: (by: string) => `Jaga: sesi diakhiri oleh ${clean(by)} / the session was terminated by ${clean(by)}.\r\n`,
  shutdown: 'Jaga: gateway dihentikan; sesi diakhiri / the gateway is shutting down; the session is ended.\r\n',
  idle: (minutes: number) => `Jaga: sesi diakhiri karena tidak ada aktivitas selama ${minutes} menit / the session was ended after ${minutes} minutes without activity.\r\n`,
  transferUnobservable: 'Jaga: transfer berkas tidak dapat dicatat lagi; kanal diakhiri (SOP: setiap transfer dicatat) / the file transfer can no longer be logged; the channel is ended (every transfer is logged).\r\n',
  accessRevoked: (why: string) => `Jaga: akses dicabut (${clean(why)}); sesi diakhiri / access revoked (${clean(why)}); the session is ended.\r\n`,
  targetClosed: 'Jaga: koneksi ke target terputus / the connection to the target was lost.\r\n',
  totpPrompt: 'Kode TOTP / TOTP code: ',
  totpInstructions: 'Jaga: masukkan kode TOTP dari aplikasi autentikator / enter the TOTP code from your authenticator app',
} as const;
