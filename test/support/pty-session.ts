/**
 * Drives a program (here: the real `ssh -tt`) through a real pseudo-terminal, as a person at a
 * terminal would: Python's pty/termios does what Node cannot (window size, controlling tty).
 * Steps send keystrokes, resize the terminal (the kernel then sends SIGWINCH to ssh), and wait for
 * output. Resolves with every byte the terminal showed and the exit status.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type PtyStep = { send: string } | { wait: string; timeoutMs?: number } | { resize: [rows: number, cols: number] } | { sleepMs: number }
  | { kill: 'SIGKILL' | 'SIGTERM' };

const DRIVER = String.raw`
import fcntl, json, os, re, select, signal, struct, sys, termios, time
spec = json.load(open(sys.argv[1]))
master, slave = os.openpty()
def size(fd, rows, cols): fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
size(slave, *spec['size'])
pid = os.fork()
if pid == 0:
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2): os.dup2(slave, fd)
    os.close(master); os.close(slave)
    os.execvp(spec['cmd'][0], spec['cmd'])
os.close(slave)
buf = bytearray()
mark = 0
eof = False
def pump(timeout):
    global eof
    r, _, _ = select.select([master], [], [], timeout)
    if r:
        try:
            d = os.read(master, 65536)
        except OSError:
            d = b''
        if not d: eof = True
        buf.extend(d)
def fail(msg):
    open(spec['out'], 'wb').write(bytes(buf))
    print(json.dumps({'error': msg}))
    os.kill(pid, signal.SIGKILL)
    sys.exit(0)
for step in spec['steps']:
    if 'send' in step: os.write(master, step['send'].encode())
    elif 'resize' in step: size(master, *step['resize'])
    elif 'sleepMs' in step:
        end = time.time() + step['sleepMs'] / 1000
        while time.time() < end and not eof: pump(end - time.time())
    elif 'kill' in step: os.kill(pid, getattr(signal, step['kill']))
    elif 'wait' in step:
        pat = re.compile(step['wait'].encode())
        end = time.time() + step.get('timeoutMs', 15000) / 1000
        while True:
            m = pat.search(bytes(buf), mark)
            if m: mark = m.end(); break
            if eof or time.time() > end: fail('timed out waiting for %r' % step['wait'])
            pump(max(0, end - time.time()))
end = time.time() + 15
while not eof and time.time() < end: pump(end - time.time())
_, status = os.waitpid(pid, 0)
open(spec['out'], 'wb').write(bytes(buf))
print(json.dumps({'status': os.waitstatus_to_exitcode(status)}))
`;

export interface PtyResult {
  /** Exit code (negative: killed by that signal). */
  status: number;
  /** Everything the terminal showed. */
  output: Buffer;
}

export async function runInPty(cmd: readonly string[], steps: readonly PtyStep[], size: [rows: number, cols: number] = [24, 80]): Promise<PtyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'jaga-pty-'));
  try {
    const out = join(dir, 'out');
    writeFileSync(join(dir, 'driver.py'), DRIVER);
    writeFileSync(join(dir, 'spec.json'), JSON.stringify({ cmd, steps, size, out }));
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn('python3', [join(dir, 'driver.py'), join(dir, 'spec.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let o = '';
      let e = '';
      child.stdout.on('data', (d: Buffer) => { o += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { e += d.toString(); });
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(o);
        else reject(new Error(`pty driver failed (${code}): ${e}`));
      });
    });
    const result = JSON.parse(stdout) as { status?: number; error?: string };
    const output = readFileSync(out);
    if (result.error) throw new Error(`${result.error}; the terminal showed:\n${output.toString('utf8')}`);
    return { status: result.status as number, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
