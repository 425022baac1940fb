import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escalationIn } from '../../src/domain/access/escalation.js';

describe(escalationIn.name, () => {
  it('finds the escalation a shell would run, through paths, prefixes, assignments and nested shells', () => {
    const table: [string, string][] = [
      ['sudo -i', 'sudo'], ['su -', 'su'], ['su - root', 'su'], ['doas sh', 'doas'], ['pkexec bash', 'pkexec'], ['run0', 'run0'],
      ['sudoedit /etc/hosts', 'sudoedit'], ['machinectl shell root@', 'machinectl shell'], ['machinectl login', 'machinectl login'],
      ['/usr/bin/sudo id', 'sudo'], ['./../../bin/su', 'su'], ['ls; sudo id', 'sudo'], ['true && su -c id', 'su'], ['false || doas id', 'doas'],
      ['echo x | sudo tee /etc/x', 'sudo'], ['(sudo id)', 'sudo'], ['if true; then sudo id; fi', 'sudo'], ['while :; do su; done', 'su'],
      ['! sudo -n true', 'sudo'], ['{ sudo id; }', 'sudo'], ['f() { sudo "$@"; }', 'sudo'],
      ['env sudo id', 'sudo'], ['env -i PATH=/bin sudo id', 'sudo'], ['env -u HOME -- sudo id', 'sudo'], ['command sudo id', 'sudo'],
      ['exec su -', 'su'], ['exec -a x sudo id', 'sudo'], ['nohup sudo id &', 'sudo'], ['time sudo id', 'sudo'], ['time -p sudo id', 'sudo'],
      ['builtin sudo', 'sudo'], ['nice -n 5 sudo id', 'sudo'], ['timeout 5 sudo id', 'sudo'], ['timeout -s KILL 5 sudo id', 'sudo'],
      ['xargs -n 1 sudo rm', 'sudo'], ['setsid sudo id', 'sudo'], ['stdbuf -oL sudo id', 'sudo'], ['busybox su', 'su'],
      ['X=1 sudo id', 'sudo'], ['LANG=C LC_ALL=C /usr/bin/su -', 'su'], ['>/dev/null sudo id', 'sudo'], ['2>&1 sudo id', 'sudo'],
      ['bash -c "sudo id"', 'sudo'], ["sh -c 'ls; su -'", 'su'], ['bash -lc "doas id"', 'doas'], ['echo $(sudo cat /etc/shadow)', 'sudo'],
      ['echo `su -c id`', 'su'], ['env -S "sudo id"', 'sudo'], ['watch -n 1 sudo id', 'sudo'],
      ['find / -name x -exec sudo rm {} \\;', 'sudo'], ['find . -execdir su -c id \\;', 'su'], ["script -qc 'sudo -i' /dev/null", 'sudo'],
      ["script -c 'sudo -i' /dev/null", 'sudo'],
    ];
    for (const [line, program] of table) {
      const f = escalationIn(line);
      assert.equal(f?.program, program, line);
      assert.equal(f?.evasion, undefined, `${line}: not an evasion`);
    }
  });

  it('reports what hides the program as a suspected evasion, with its kind', () => {
    const table: [string, string | null, string][] = [
      ["'sudo' id", 'sudo', 'quoted'], ['"su"do id', 'sudo', 'quoted'], ["s'u'do id", 'sudo', 'quoted'], ["/usr/bin/'su' -", 'su', 'quoted'],
      ["$'\\x73udo' id", 'sudo', 'quoted'], ["$'\\163u'", 'su', 'quoted'], ['\\sudo id', 'sudo', 'backslash'], ['s\\udo id', 'sudo', 'backslash'],
      ['\\su -', 'su', 'backslash'], ['$(echo sudo) id', 'sudo', 'substitution'], ['`echo su` -', 'su', 'substitution'],
      ['$(printf %s s u d o) id', null, 'substitution'], ['${X} id', null, 'variable'], ['$X id', null, 'variable'], ['"$X" id', null, 'variable'],
      ['X=sudo; $X id', 'sudo', 'variable'], ['P=/usr/bin/su; "${P}" -', 'su', 'variable'], ['eval "sudo id"', 'sudo', 'eval'],
      ['eval $CMD', null, 'eval'], ['eval ls', null, 'eval'], ['/usr/bin/su?o id', 'sudo', 'glob'], ['/usr/bin/s[u]', 'su', 'glob'],
      ['{s,}udo id', 'sudo', 'brace'], ["alias ll='sudo ls'", 'sudo', 'alias'], ["env 'sudo' id", 'sudo', 'quoted'],
      ['command \\sudo id', 'sudo', 'backslash'], ['bash -c "$X"', null, 'variable'], ['ls; $(echo doas) sh', 'doas', 'substitution'],
    ];
    for (const [line, program, evasion] of table) {
      const f = escalationIn(line);
      assert.deepEqual(f, { program, evasion }, line);
    }
  });

  it('leaves ordinary commands alone, and words that only mention an escalation', () => {
    for (const line of ['ls -la', 'echo sudo', 'man sudo', 'grep su /etc/passwd', 'cat sudoers', 'ls /usr/bin/sudo', 'git commit -m "sudo fix"',
      'command -v sudo', 'type su', '# sudo id', 'echo $HOME', 'cd $HOME', 'X=$(date) ls', 'for s in sudo su; do echo $s; done', 'suspend',
      'sudoku', 'echo "$(date)"', 'ls > sudo', '\\ls', "'ls' -l", 'for x in a b; do echo $x; done']) {
      assert.equal(escalationIn(line), null, line);
    }
  });

  it('stays bounded on hostile input', () => {
    for (const line of ['$('.repeat(5000), '`'.repeat(9000), "'".repeat(9000), '{s,'.repeat(3000), 'eval '.repeat(2000) + 'sudo', '\\'.repeat(9000)]) {
      escalationIn(line);
    }
  });
});
