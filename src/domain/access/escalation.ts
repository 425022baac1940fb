/**
 * Escalations (`sudo`, `su`, `doas`, `pkexec`, `run0`, `machinectl shell`…) in a command line,
 * found the way a POSIX shell would find the program it runs, not by a pattern: a small shell-word
 * tokenizer resolves paths, quotes, backslashes, ANSI-C strings, prefixes (`env`, `command`,
 * `exec`, `nohup`, `time`, `builtin`, `nice`, `timeout`, `xargs`…), assignments before the command
 * and nested shells (`bash -c '…'`, `eval`, `$(…)`). What hides the program from a reader (a
 * substitution or a variable as the command word, `eval`, quotes or backslashes inside the program
 * name, globs and braces that expand to it) is reported as a suspected evasion with its kind.
 * Pure and bounded: no I/O, linear in the line, recursion at most MAX_DEPTH deep.
 */

/** Why a command line looks like it hides what it runs. */
export type EvasionKind =
  /** Quotes inside the program name: `'sudo'`, `"su"do`, `$'\x73udo'`. */
  | 'quoted'
  /** Backslashes inside the program name: `\sudo`, `s\udo`. */
  | 'backslash'
  /** A command substitution as the command word: `$(echo sudo)`, backticks. */
  | 'substitution'
  /** A variable as the command word: `$X`, `${X}`. */
  | 'variable'
  /** `eval`: the command is built at run time. */
  | 'eval'
  /** A glob that matches an escalation: `/usr/bin/su?o`. */
  | 'glob'
  /** A brace expansion that yields an escalation: `{s,}udo`. */
  | 'brace'
  /** An alias defined to an escalation: `alias x=sudo`. */
  | 'alias';

/** What a command line runs that escalates, or what hides the program it runs (`program` null: not knowable from the text). */
export interface EscalationFinding {
  readonly program: string | null;
  readonly evasion?: EvasionKind;
}

/** The programs that escalate by name (and `machinectl`, with `shell`/`login`). */
export const ESCALATIONS: ReadonlySet<string> = new Set(['sudo', 'sudoedit', 'su', 'doas', 'pkexec', 'run0', 'ksu']);
/** `machinectl shell|login` opens a root (or any user's) shell. */
const MACHINECTL_SHELLS = new Set(['shell', 'login']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'yash', 'fish', 'busybox']);
/** Run the rest of their arguments as a command; the value lists options that take an argument. */
const PREFIXES: Readonly<Record<string, readonly string[]>> = {
  env: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'], command: [], exec: ['-a'], nohup: [], time: ['-f', '--format', '-o', '--output'],
  builtin: [], nice: ['-n', '--adjustment'], ionice: ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid'],
  setsid: [], stdbuf: ['-i', '-o', '-e', '--input', '--output', '--error'], timeout: ['-s', '--signal', '-k', '--kill-after'],
  xargs: ['-a', '--arg-file', '-d', '--delimiter', '-E', '-e', '-I', '-i', '-L', '-l', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars'],
  chrt: [], taskset: [], flock: ['-w', '--timeout', '-E', '--conflict-exit-code'], unbuffer: [], strace: ['-e', '-o', '-p', '-s', '-u'],
  ltrace: ['-e', '-o', '-p', '-s', '-u'], watch: ['-n', '--interval', '-d'],
};
/** Prefixes whose first operand is not the command (`timeout 5 cmd`, `flock FILE cmd`, `chrt 10 cmd`, `taskset MASK cmd`). */
const OPERAND_FIRST = new Set(['timeout', 'flock', 'chrt', 'taskset']);
const RESERVED = new Set(['!', '{', '}', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', 'fi', 'done', 'esac', 'coproc']);
/** Compound commands whose words are not commands (`for x in …`, `case x in …`). */
const SKIP_COMMAND = new Set(['for', 'case', 'select', 'function', 'in']);
const MAX_DEPTH = 4;
const MAX_WORDS = 512;

type Dynamic = 'substitution' | 'variable';

interface Word {
  readonly kind: 'word';
  /** The value after quote removal (expansions kept as written). */
  text: string;
  quoted: boolean;
  escaped: boolean;
  /** An expansion the text cannot resolve (the first one in the word). */
  dynamic: Dynamic | null;
  /** The variable named, when the whole word is one expansion (`$X`, `${X}`, `"$X"`). */
  variable: string | null;
  /** The contents of each `$(…)` and backtick substitution in the word. */
  substitutions: string[];
  glob: boolean;
  brace: boolean;
  /** `NAME=` before any quoting: an assignment when before the command word. */
  assignment: string | null;
}
interface Op { readonly kind: 'op'; readonly op: string }
type Token = Word | Op;

const newWord = (): Word => ({ kind: 'word', text: '', quoted: false, escaped: false, dynamic: null, variable: null, substitutions: [], glob: false, brace: false, assignment: null });

const ANSI_C: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\u0007', b: '\b', e: '\u001b', E: '\u001b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** The index just past the `close` matching the `open` at `i` (quotes and nesting followed), or the end. */
function matching(s: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') { j++; continue; }
    if (c === "'" && open !== '{') { const k = s.indexOf("'", j + 1); j = k < 0 ? s.length : k; continue; }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return s.length;
}

/** Splits a line into words and operators as a shell's lexer would (no expansion is run). */
function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let w: Word | null = null;
  let raw = '';
  const word = (): Word => (w ??= newWord());
  const end = (): void => {
    if (w) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(raw);
      if (m) w.assignment = m[1] as string;
      out.push(w);
    }
    w = null;
    raw = '';
  };
  let i = 0;
  while (i < s.length && out.length < MAX_WORDS) {
    const c = s[i] as string;
    const atStart = w === null;
    if (c === ' ' || c === '\t') { end(); i++; continue; }
    if (c === '#' && atStart) break; // a comment
    if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>') {
      // `2>` and `&>`: the digits before a redirection are part of it
      if ((c === '<' || c === '>') && w && /^\d+$/.test(raw)) { w = null; raw = ''; }
      end();
      const two = s.slice(i, i + 2);
      const three = s.slice(i, i + 3);
      const op = ['<<<', '&>>'].includes(three) ? three : ['&&', '||', ';;', '|&', '>>', '<<', '>&', '<&', '&>', '>|', '<>'].includes(two) ? two : c;
      out.push({ kind: 'op', op });
      i += op.length;
      continue;
    }
    const x = word();
    if (c === '\\') {
      if (s[i + 1] === '\n') { i += 2; continue; }
      x.escaped = true;
      x.text += s[i + 1] ?? '';
      raw += s.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "'") {
      const k = s.indexOf("'", i + 1);
      const stop = k < 0 ? s.length : k;
      x.quoted = true;
      x.text += s.slice(i + 1, stop);
      raw += s.slice(i, stop + 1);
      i = stop + 1;
      continue;
    }
    if (c === '$' && s[i + 1] === "'") {
      x.quoted = true;
      let j = i + 2;
      for (; j < s.length && s[j] !== "'"; j++) {
        if (s[j] !== '\\') { x.text += s[j]; continue; }
        const e = s[++j] ?? '';
        const hex = e === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(s.slice(j + 1)) : null;
        const oct = /[0-7]/.test(e) ? /^[0-7]{1,3}/.exec(s.slice(j)) : null;
        if (hex) { x.text += String.fromCharCode(parseInt(hex[0], 16)); j += hex[0].length; } else if (oct) { x.text += String.fromCharCode(parseInt(oct[0], 8)); j += oct[0].length - 1; } else x.text += ANSI_C[e] ?? `\\${e}`;
      }
      raw += s.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '"') {
      x.quoted = true;
      let j = i + 1;
      const onlyExpansion = /^"\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)"/.exec(s.slice(i));
      for (; j < s.length && s[j] !== '"'; j++) {
        const d = s[j] as string;
        if (d === '\\' && /[$`"\\\n]/.test(s[j + 1] ?? '')) { x.text += s[++j]; continue; }
        if (d === '$' || d === '`') {
          const k = dollar(s, j, x);
          if (k > j) {
            if (onlyExpansion && atStart) x.variable = onlyExpansion[1]?.replace(/[{}]/g, '') ?? null;
            j = k - 1;
            continue;
          }
        }
        x.text += d;
      }
      raw += s.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '$' || c === '`') {
      const k = dollar(s, i, x);
      if (k > i) {
        const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(s.slice(i, k))?.[1] ?? null;
        if (atStart) x.variable = name;
        if (!atStart || s.slice(k, k + 1).match(/[^\s;&|()<>]/)) x.variable = null;
        raw += s.slice(i, k);
        i = k;
        continue;
      }
    }
    if (c === '*' || c === '?' || c === '[') x.glob = true;
    if (c === '{' && /^\{[^{}\s]*,[^{}\s]*\}/.test(s.slice(i))) x.brace = true;
    x.text += c;
    raw += c;
    i++;
  }
  end();
  return out;
}

/** Reads one `$…` or backtick expansion at `i` into `x`; the index after it (or `i`: a plain `$`). */
function dollar(s: string, i: number, x: Word): number {
  const c = s[i];
  const mark = (kind: Dynamic, text: string): void => { x.dynamic ??= kind; x.text += text; };
  if (c === '`') {
    let k = i + 1;
    while (k < s.length && s[k] !== '`') k += s[k] === '\\' ? 2 : 1;
    x.substitutions.push(s.slice(i + 1, k).replace(/\\([`$\\])/g, '$1'));
    mark('substitution', s.slice(i, k + 1));
    return Math.min(k + 1, s.length);
  }
  const n = s[i + 1];
  if (n === '(') {
    const k = matching(s, i + 1, '(', ')');
    if (s[i + 2] !== '(') x.substitutions.push(s.slice(i + 2, k - 1));
    mark(s[i + 2] === '(' ? 'variable' : 'substitution', s.slice(i, k));
    return k;
  }
  if (n === '{') {
    const k = matching(s, i + 1, '{', '}');
    mark('variable', s.slice(i, k));
    return k;
  }
  const m = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(s.slice(i));
  if (m) { mark('variable', m[0]); return i + m[0].length; }
  return i;
}

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The words of a brace expansion, bounded (`{s,}udo` → `sudo`, `udo`). */
function braceWords(text: string): string[] {
  const m = /^(.*?)\{([^{}]*,[^{}]*)\}(.*)$/.exec(text);
  if (!m) return [text];
  return (m[2] as string).split(',').slice(0, 16).map((alt) => `${m[1]}${alt}${m[3]}`);
}

/** What a shell glob matches, compiled once (a command word is tried against every escalation). */
function globMatcher(pattern: string): (name: string) => boolean {
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.').replace(/\[!/g, '[^');
  try {
    const compiled = new RegExp(`^${re}$`);
    return (name) => compiled.test(name);
  } catch {
    return () => false;
  }
}

/** The escalation `name` runs, given the words after it (`machinectl` only with `shell`/`login`). */
function escalationOf(name: string, rest: readonly Word[]): string | null {
  if (ESCALATIONS.has(name)) return name;
  if (name === 'machinectl') {
    const sub = rest.find((w) => !w.text.startsWith('-'));
    return sub && MACHINECTL_SHELLS.has(sub.text) ? `machinectl ${sub.text}` : null;
  }
  return null;
}

class Scan {
  readonly found: EscalationFinding[] = [];
  constructor(private readonly vars: Map<string, string>) {}

  add(f: EscalationFinding): void {
    if (this.found.length < 16) this.found.push(f);
  }

  line(s: string, depth: number, evasion?: EvasionKind): void {
    if (depth > MAX_DEPTH) return;
    const tokens = tokenize(s);
    let cmd: Word[] = [];
    let redirect = false;
    for (const t of tokens) {
      if (t.kind === 'op') {
        if (['<', '>', '>>', '<<', '<<<', '>&', '<&', '&>', '&>>', '>|', '<>'].includes(t.op)) { redirect = true; continue; }
        this.command(cmd, depth, evasion);
        cmd = [];
        continue;
      }
      for (const sub of t.substitutions) this.line(sub, depth + 1, evasion);
      if (redirect) { redirect = false; continue; } // a redirection's target, not a word of the command
      cmd.push(t);
    }
    this.command(cmd, depth, evasion);
  }

  /** One simple command: skips assignments, reserved words and prefixes to the command word, and looks at it. */
  private command(words: readonly Word[], depth: number, evasion?: EvasionKind): void {
    let i = 0;
    for (;;) {
      const w = words[i];
      if (!w) return;
      if (w.assignment !== null) {
        const value = w.text.slice(w.assignment.length + 1);
        if (w.dynamic === null) this.vars.set(w.assignment, value);
        i++;
        continue;
      }
      if (!w.quoted && !w.escaped && RESERVED.has(w.text)) { i++; continue; }
      if (!w.quoted && !w.escaped && SKIP_COMMAND.has(w.text)) return;
      break;
    }
    const w = words[i] as Word;
    const rest = words.slice(i + 1);
    if (w.dynamic !== null) {
      this.dynamicWord(w, rest, depth);
      return;
    }
    const name = basename(w.text);
    const hidden: EvasionKind | undefined = w.quoted ? 'quoted' : w.escaped ? 'backslash' : undefined;
    const candidates = w.brace ? braceWords(w.text).map(basename) : [name];
    for (const n of candidates) {
      const matches = w.glob ? globMatcher(n) : null;
      const program = matches ? [...ESCALATIONS].find(matches) ?? null : escalationOf(n, rest);
      if (program) {
        const why = w.brace && n !== name ? 'brace' : w.glob ? 'glob' : hidden ?? evasion;
        this.add({ program, ...(why ? { evasion: why } : {}) });
        return;
      }
    }
    if (name === 'eval') {
      if (rest.some((r) => r.dynamic !== null)) this.add({ program: null, evasion: 'eval' });
      const before = this.found.length;
      this.line(rest.map((r) => r.text).join(' '), depth + 1, 'eval');
      if (this.found.length === before) this.add({ program: null, evasion: 'eval' });
      return;
    }
    if (name === 'alias') {
      for (const a of rest) {
        const eq = a.text.indexOf('=');
        if (eq > 0) this.line(a.text.slice(eq + 1), depth + 1, 'alias');
      }
      return;
    }
    if (name === 'find') {
      // `find … -exec sudo rm {} ;`: what each -exec runs
      rest.forEach((r, k) => { if (/^-(exec|execdir|ok|okdir)$/.test(r.text)) this.command(rest.slice(k + 1), depth + 1, evasion); });
      return;
    }
    if (name === 'script') {
      const c = rest.findIndex((r) => r.text === '--command' || /^-[A-Za-z]*c$/.test(r.text));
      if (c >= 0 && rest[c + 1]) this.line((rest[c + 1] as Word).text, depth + 1, evasion);
      return;
    }
    if (SHELLS.has(name)) {
      if (name === 'busybox') { this.command(rest, depth + 1, evasion); return; }
      const c = rest.findIndex((r) => /^-[A-Za-z]*c[A-Za-z]*$/.test(r.text));
      const script = c >= 0 ? rest[c + 1] : undefined;
      if (script) {
        if (script.dynamic !== null && script.variable !== null && !this.vars.has(script.variable)) this.add({ program: null, evasion: script.dynamic });
        else this.line(script.dynamic === 'variable' && script.variable ? this.vars.get(script.variable) ?? '' : script.text, depth + 1, evasion);
      }
      return;
    }
    const takesArg = PREFIXES[name];
    if (takesArg !== undefined) {
      if (name === 'command' && rest.some((r) => /^-[a-zA-Z]*[vV]/.test(r.text))) return; // `command -v sudo` looks it up, runs nothing
      let k = 0;
      while (k < rest.length) {
        const r = rest[k] as Word;
        if (name === 'env' && (r.text === '-S' || r.text === '--split-string' || r.text.startsWith('-S'))) {
          const str = r.text.length > 2 && r.text.startsWith('-S') ? r.text.slice(2) : rest[k + 1]?.text ?? '';
          this.line(str, depth + 1, evasion);
          return;
        }
        if (r.text === '--') { k++; break; }
        if (r.text.startsWith('-') && r.text.length > 1) { k += takesArg.includes(r.text) ? 2 : 1; continue; }
        if (name === 'env' && r.assignment !== null) { k++; continue; }
        break;
      }
      if (OPERAND_FIRST.has(name)) k++;
      // `watch` hands its words to a shell as one command line
      if (name === 'watch') this.line(rest.slice(k).map((r) => r.text).join(' '), depth + 1, evasion);
      else this.command(rest.slice(k), depth + 1, evasion);
    }
  }

  /** The command word is an expansion: what it runs is not in the text (unless a literal assignment earlier in the line says). */
  private dynamicWord(w: Word, rest: readonly Word[], depth: number): void {
    const kind = w.dynamic as Dynamic;
    if (kind === 'variable' && w.variable !== null && this.vars.has(w.variable)) {
      const value = this.vars.get(w.variable) as string;
      const before = this.found.length;
      this.line(`${value} ${rest.map((r) => r.text).join(' ')}`, depth + 1, 'variable');
      if (this.found.length === before) this.add({ program: null, evasion: 'variable' });
      return;
    }
    // `$(echo sudo)`: a substitution that names an escalation most likely prints it
    const named = w.substitutions.flatMap((s) => tokenize(s)).find((t): t is Word => t.kind === 'word' && ESCALATIONS.has(basename(t.text)));
    this.add({ program: named ? basename(named.text) : null, evasion: kind });
  }
}

/**
 * Whether the tokenizer could find anything in `line`: every finding needs an escalation's name
 * (once quotes and backslashes are gone) or an expansion, glob, brace, `eval` or `alias`. Lines of
 * bulk data through a channel are mostly turned away here, cheaply.
 */
const mayEscalate = (line: string): boolean => /[$`?*[{]|eval|alias/.test(line)
  || /su|doas|pkexec|run0|machinectl/.test(line.replace(/['"\\]/g, ''));

/**
 * The escalation a command line runs, or what hides the program it runs; null when neither.
 * The first escalation found names `program`; `evasion` is the first evasion found, if any.
 */
export function escalationIn(line: string): EscalationFinding | null {
  if (!mayEscalate(line)) return null;
  const scan = new Scan(new Map());
  scan.line(line.slice(0, 8192), 0);
  if (scan.found.length === 0) return null;
  const program = scan.found.find((f) => f.program !== null)?.program ?? null;
  const evasion = scan.found.find((f) => f.evasion !== undefined)?.evasion;
  return { program, ...(evasion ? { evasion } : {}) };
}
