/**
 * Which treatment a session channel gets (see ProxiedChannel): a recognised file transfer — SCP
 * in scp's own server form, or SFTP (the subsystem, or an sftp-server run as a command) — is
 * followed by its observer and hashed per file; everything else is recorded. Recognition is by
 * the command's form here and by the protocol afterwards: a transfer whose stream stops being
 * valid ends the channel (the observer's `unparseable`). Pure.
 */

/** A recognised transfer channel. */
export type Transfer =
  | { readonly protocol: 'scp'; readonly mode: 'upload' | 'download'; readonly path: string; readonly recursive: boolean; readonly targetIsDirectory: boolean }
  | { readonly protocol: 'sftp' };

export type Treatment = 'recorded' | 'transfer';

/**
 * The transfer a channel carries, if any. A channel with a pty is never one (a terminal's line
 * discipline would mangle either protocol, and what it carries is recorded).
 */
export function transferOf(kind: 'shell' | 'exec' | 'sftp', command: string | null, pty: boolean): Transfer | null {
  if (kind === 'sftp') return { protocol: 'sftp' };
  if (kind !== 'exec' || pty || command === null) return null;
  const scp = parseScpCommand(command);
  if (scp) return { protocol: 'scp', ...scp };
  return isSftpServerCommand(command) ? { protocol: 'sftp' } : null;
}

/**
 * The names under which OpenSSH's scp client runs scp's server side: `scp` (found on the
 * target's PATH) and the absolute paths packages install it at. Any other program that happens
 * to be called scp (`/tmp/x/scp`, `./scp`) is an ordinary, recorded command.
 */
const SCP_PROGRAMS = new Set(['scp', '/usr/bin/scp', '/bin/scp', '/usr/local/bin/scp']);
/** What OpenSSH's client puts before `-t`/`-f`: -v -r -p -d (and -q from other clients), alone or combined. */
const SCP_SERVER_FLAGS = /^-[rpdvqtf]+$/;

/**
 * Parses an exec command line; returns the mode and path for scp's server form, `scp [-rpdvq]
 * -t|-f [--] PATH` (flags also combined, e.g. `-rt`), else null. Any other option, a second
 * path, or shell syntax (`;`, pipes, `$`, redirections…) make it null: that is not scp's
 * server side.
 */
export function parseScpCommand(command: string): {
  mode: 'upload' | 'download'; path: string; recursive: boolean; targetIsDirectory: boolean;
} | null {
  const words = shellWords(command.trim());
  if (!words || words.length < 2 || !SCP_PROGRAMS.has(words[0] as string)) return null;
  let mode: 'upload' | 'download' | null = null;
  let recursive = false;
  let targetIsDirectory = false;
  let k = 1;
  for (; k < words.length; k++) {
    const w = words[k] as string;
    if (w === '--') { k++; break; }
    if (!w.startsWith('-') || w === '-') break;
    if (!SCP_SERVER_FLAGS.test(w)) return null;
    for (const f of w.slice(1)) {
      if (f === 't' || f === 'f') {
        const m = f === 't' ? 'upload' : 'download';
        if (mode && mode !== m) return null;
        mode = m;
      } else if (f === 'r') recursive = true;
      else if (f === 'd') targetIsDirectory = true;
    }
  }
  const path = words[k];
  if (!mode || path === undefined || k !== words.length - 1) return null;
  return { mode, path, recursive, targetIsDirectory };
}

/** sftp-server's options that take an argument (-d dir, -f facility, -l level, -P/-p requests, -Q query, -u umask). */
const SFTP_ARG_FLAGS = 'dflPpQu';
const SFTP_FLAGS = 'ehR';

/**
 * Whether an exec command runs an SFTP server: `internal-sftp`, `sftp-server` or any path ending
 * in `/sftp-server` (what `sftp -s /usr/lib/openssh/sftp-server` and `ssh host
 * /usr/lib/openssh/sftp-server` send), with sftp-server's own options only.
 */
export function isSftpServerCommand(command: string): boolean {
  const words = shellWords(command.trim());
  const prog = words?.[0];
  if (!words || prog === undefined || !(prog === 'internal-sftp' || prog === 'sftp-server' || prog.endsWith('/sftp-server'))) return false;
  for (let k = 1; k < words.length; k++) {
    const w = words[k] as string;
    if (!/^-[A-Za-z]+$/.test(w)) return false;
    for (let j = 1; j < w.length; j++) {
      const f = w[j] as string;
      if (SFTP_ARG_FLAGS.includes(f)) {
        if (j === w.length - 1 && ++k >= words.length) return false; // the argument is the next word
        break;
      }
      if (!SFTP_FLAGS.includes(f)) return false;
    }
  }
  return true;
}

/** Splits a command line into words the way a POSIX shell would for a plain command; null on shell syntax. */
export function shellWords(command: string): string[] | null {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (ch === ' ' || ch === '\t') {
      if (inWord) { words.push(cur); cur = ''; inWord = false; }
    } else if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return null;
      cur += command.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      i++;
      for (; i < command.length && command[i] !== '"'; i++) {
        const c = command[i] as string;
        if (c === '$' || c === '`') return null;
        if (c === '\\' && i + 1 < command.length && '"\\$`\n'.includes(command[i + 1] as string)) { cur += command[++i]; continue; }
        cur += c;
      }
      if (i >= command.length) return null;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= command.length) return null;
      cur += command[++i];
      inWord = true;
    } else if (';&|<>()`$\n\r'.includes(ch)) {
      return null;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
