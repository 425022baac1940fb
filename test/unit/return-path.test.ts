import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { returnPath, signInPath } from '../../src/web/return-path.js';

describe(returnPath.name, () => {
  it('keeps a same-origin relative path with its query', () => {
    assert.equal(returnPath('/'), '/');
    assert.equal(returnPath('/cases/abc'), '/cases/abc');
    assert.equal(returnPath('/cases/abc?dari=tautan&x=1'), '/cases/abc?dari=tautan&x=1');
    assert.equal(returnPath('/cases/../sessions/1'), '/sessions/1', 'normalised as the browser would');
  });

  it('drops anything that could leave the origin or loop through sign-in', () => {
    for (const raw of ['https://example.org/', 'http:/example.org', '//example.org/x', '/\\example.org/x', '\\\\example.org', 'javascript:alert(1)',
      'cases/abc', '', ' /cases', '/cases\n/x', '/cases\t', `/${'a'.repeat(2048)}`, '/sign-in', '/sign-in?next=/x', '/sign-in/totp', '/sign-out', '/language',
      undefined, null, 42, ['/cases']]) {
      assert.equal(returnPath(raw), undefined, JSON.stringify(raw));
    }
    assert.equal(returnPath('/sign-inside'), '/sign-inside', 'only the sign-in pages themselves');
  });

  it('lets the language switch come back to a sign-in step, with the page it carries', () => {
    assert.equal(returnPath('/sign-in?next=%2Fcases%2Fa', { signInPages: true }), '/sign-in?next=%2Fcases%2Fa');
    assert.equal(returnPath('/sign-in/totp', { signInPages: true }), '/sign-in/totp');
    assert.equal(returnPath('/sign-out', { signInPages: true }), undefined);
    assert.equal(returnPath('//example.org/sign-in', { signInPages: true }), undefined);
  });

  it('builds the sign-in address that carries it', () => {
    assert.equal(signInPath(undefined), '/sign-in');
    assert.equal(signInPath('/'), '/sign-in');
    assert.equal(signInPath('/cases/a?b=c'), '/sign-in?next=%2Fcases%2Fa%3Fb%3Dc');
    assert.equal(signInPath('/cases/a', '/totp'), '/sign-in/totp?next=%2Fcases%2Fa');
  });

  it('treats the first TOTP enrolment as a sign-in step: never a destination, the language switch comes back to it', () => {
    assert.equal(returnPath('/sign-in/enrol?next=%2Freport'), undefined);
    assert.equal(returnPath('/sign-in/enrol?next=%2Freport', { signInPages: true }), '/sign-in/enrol?next=%2Freport');
    assert.equal(signInPath('/report', '/enrol'), '/sign-in/enrol?next=%2Freport');
    assert.equal(signInPath(undefined, '/enrol'), '/sign-in/enrol');
  });
});
