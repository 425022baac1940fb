import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/domain/errors.js';
import { evidenceText, gatewayLines, operatorLines } from '../../src/presenters/gateway-messages.js';

/** The gateway's lines as they were written before the catalogue held them: the words must not change. */
const BEFORE = {
  internalError: 'Jaga: kesalahan internal gateway (ref R1); hubungi admin / internal gateway error (ref R1); contact the administrator.\r\n',
  badLoginName: "Jaga: DITOLAK / REFUSED: nama login harus PENGGUNA:TARGET atau PENGGUNA+TARGET (mis. andi+spse-gorontalo), bukan 'andi' / the login name must be USER:TARGET or USER+TARGET (e.g. andi+spse-gorontalo), not 'andi'.\r\n",
  targetUnreachable: 'Jaga: target spse tidak dapat dihubungi (timeout) / target spse cannot be reached (timeout).\r\n',
  forwardingRefused: 'Jaga: DITOLAK / REFUSED: penerusan port/agen/X11 tidak diizinkan karena melewati perekaman / port, agent and X11 forwarding are refused: they bypass recording.',
  subsystemRefused: "Jaga: DITOLAK / REFUSED: subsistem 'x11' tidak didukung (hanya sftp) / subsystem 'x11' is not supported (sftp only).\r\n",
  recordingFailed: 'Jaga: perekaman sesi gagal; sesi diakhiri (SOP: tanpa rekaman, tanpa akses) / session recording failed; the session is ended (no recording, no access).\r\n',
  terminated: 'Jaga: sesi diakhiri oleh koor / the session was terminated by koor.\r\n',
  shutdown: 'Jaga: gateway dihentikan; sesi diakhiri / the gateway is shutting down; the session is ended.\r\n',
  idle: 'Jaga: sesi diakhiri karena tidak ada aktivitas selama 15 menit / the session was ended after 15 minutes without activity.\r\n',
  transferUnobservable: 'Jaga: transfer berkas tidak dapat dicatat lagi; kanal diakhiri (SOP: setiap transfer dicatat) / the file transfer can no longer be logged; the channel is ended (every transfer is logged).\r\n',
  accessUnconfirmed: 'Jaga: akses dicabut (akses tidak dapat dipastikan / access cannot be confirmed); sesi diakhiri / access revoked (akses tidak dapat dipastikan / access cannot be confirmed); the session is ended.\r\n',
  targetClosed: 'Jaga: koneksi ke target terputus / the connection to the target was lost.\r\n',
  totpPrompt: 'Kode TOTP / TOTP code: ',
  totpInstructions: 'Jaga: masukkan kode TOTP dari aplikasi autentikator / enter the TOTP code from your authenticator app',
};

// A gateway refusal says the words of the A1 rule that refused (here B5's intranet rule, naming `network`).
const refusal = (network: string) =>
  DomainError.of('forbidden', 'gateway.A1e', { refusal: { code: 'access.b5_requires_intranet', params: { network } } }, { rule: 'A1e' });
const B5_ID = "B5: perbaikan lanjut hanya melalui jaringan intranet LKPP/LPSE; 'wifi' bukan intranet.";
const B5_EN = "B5: follow-up repair is allowed only over the LKPP/LPSE intranet; 'wifi' is not intranet.";

describe('gatewayLines: the gateway\'s stderr lines from the catalogue', () => {
  it('before the person is identified: both languages, word for word as before', () => {
    const l = gatewayLines(null);
    assert.deepEqual({
      internalError: l.internalError('R1'), badLoginName: l.badLoginName('andi'), targetUnreachable: l.targetUnreachable('spse', 'timeout'),
      forwardingRefused: l.forwardingRefused, subsystemRefused: l.subsystemRefused('x11'), recordingFailed: l.recordingFailed,
      terminated: l.terminated('koor'), shutdown: l.shutdown, idle: l.idle(15), transferUnobservable: l.transferUnobservable,
      accessUnconfirmed: l.accessUnconfirmed, targetClosed: l.targetClosed, totpPrompt: l.totpPrompt, totpInstructions: l.totpInstructions,
    }, BEFORE);
    const err = refusal('wifi');
    assert.equal(l.refusal(err), `Jaga: DITOLAK / REFUSED [A1e]: ${B5_ID} / ${B5_EN}\r\n`);
    assert.equal(l.accessRevoked(err), `Jaga: akses dicabut (A1e: ${B5_ID} / ${B5_EN}); sesi diakhiri / access revoked (A1e: ${B5_ID} / ${B5_EN}); the session is ended.\r\n`);
  });

  it('in one language once the person\'s language is known, with no word of the other', () => {
    const en = gatewayLines('en');
    assert.equal(en.terminated('koor'), 'Jaga: the session was terminated by koor.\r\n');
    assert.equal(en.forwardingRefused, 'Jaga: REFUSED: port, agent and X11 forwarding are refused: they bypass recording.');
    assert.equal(en.totpPrompt, 'TOTP code: ');
    assert.equal(en.refusal(refusal('wifi')), `Jaga: REFUSED [A1e]: ${B5_EN}\r\n`);
    assert.equal(en.accessRevoked(refusal('wifi')), `Jaga: access revoked (A1e: ${B5_EN}); the session is ended.\r\n`);
    const id = gatewayLines('id');
    assert.equal(id.idle(5), 'Jaga: sesi diakhiri karena tidak ada aktivitas selama 5 menit.\r\n');
    assert.equal(id.badLoginName('x'), "Jaga: DITOLAK: nama login harus PENGGUNA:TARGET atau PENGGUNA+TARGET (mis. andi+spse-gorontalo), bukan 'x'.\r\n");
    for (const [key, line] of Object.entries(en)) {
      if (typeof line === 'string') assert.doesNotMatch(line, /sesi|DITOLAK|akses|Kode/, key);
    }
  });

  it('neutralises control characters (C0, DEL, C1, ESC sequences) in every value, in every language', () => {
    const hostile = 'an\u001b[2J\u001b]0;owned\u0007di\r\nx\u009bz\u007f';
    for (const lang of [null, 'id', 'en'] as const) {
      const l = gatewayLines(lang);
      const lines = [l.badLoginName(hostile), l.targetUnreachable(hostile, hostile), l.subsystemRefused(hostile), l.terminated(hostile),
        l.internalError(hostile), l.refusal(refusal(hostile)), l.accessRevoked(refusal(hostile)),
        l.refusal(DomainError.of('forbidden', 'gateway.A1a', { refusal: { code: 'access.workstation_not_owned', params: { assetTag: 'x' } } }, { rule: `A1a${hostile}` }))];
      for (const line of lines) {
        const body = line.replace(/\r\n$/, '');
        // eslint-disable-next-line no-control-regex -- asserting their absence
        assert.doesNotMatch(body, /[\u0000-\u001f\u007f-\u009f]/, JSON.stringify(line));
        assert.match(body, /an \[2J \]0;owned di {2}x z /);
      }
    }
  });

  it('neutralises bidi overrides, isolates, marks and line separators, so a name cannot read as another', () => {
    const spoof = 'spse\u202egnp.exe\u2066x\u2069\u200f\u2028y';
    for (const lang of [null, 'id', 'en'] as const) {
      const line = gatewayLines(lang).terminated(spoof);
      assert.doesNotMatch(line, /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/, JSON.stringify(line));
      assert.match(line, /spse gnp\.exe x {3}y/);
    }
  });

  it('words the operator log in the language jaga serve was given, both without one (as before), values neutralised', () => {
    const both = operatorLines(null);
    assert.equal(both.sourceBlocked('203.0.113.9', 10, 20), 'gateway: 203.0.113.9 diblokir 10 menit setelah 20 penolakan / 203.0.113.9 blocked for 10 minutes after 20 refusals');
    assert.equal(both.lostNodeSessionsClosed(2), 'gateway: 2 sesi dari node yang hilang ditutup / 2 sessions of a lost node were closed');
    assert.equal(both.abandonedSessionsClosed(3), 'gateway: 3 sesi yang tertinggal terbuka ditutup / 3 sessions left open by a previous process were closed');
    const en = operatorLines('en');
    assert.deepEqual([en.sourceBlocked('203.0.113.9', 10, 20), en.lostNodeSessionsClosed(2), en.abandonedSessionsClosed(3)], [
      'gateway: 203.0.113.9 blocked for 10 minutes after 20 refusals', 'gateway: 2 sessions of a lost node were closed',
      'gateway: 3 sessions left open by a previous process were closed',
    ]);
    const id = operatorLines('id');
    assert.deepEqual([id.sourceBlocked('203.0.113.9', 10, 20), id.lostNodeSessionsClosed(2), id.abandonedSessionsClosed(3)], [
      'gateway: 203.0.113.9 diblokir 10 menit setelah 20 penolakan', 'gateway: 2 sesi dari node yang hilang ditutup',
      'gateway: 3 sesi yang tertinggal terbuka ditutup',
    ]);
    // eslint-disable-next-line no-control-regex -- asserting their absence
    assert.doesNotMatch(en.sourceBlocked('x\u001b[2J', 1, 1), /[\u0000-\u001f]/);
  });

  it('writes evidence words (the marker of an escalation typed at a password prompt) in both languages, whatever the reader', () => {
    assert.equal(evidenceText('gateway.typed_at_prompt'), 'diketik pada prompt kata sandi / typed at a password prompt');
  });
});
