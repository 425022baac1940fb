import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, notFound } from '../../src/domain/errors.js';
import { errorText } from '../../src/messages/catalogue.js';
import { formErrors } from '../../src/web/form-errors.js';

describe(formErrors.name, () => {
  it('splits an invalid input into the API\'s message for each field, and puts what no field of the page is above the form', () => {
    const e = DomainError.of('invalid', 'input.invalid', { issues: [
      { kind: 'too_small', field: 'description', minimum: '1' }, { kind: 'missing', field: 'urgency' }, { kind: 'unknown_fields', keys: ['x'] },
    ] });
    assert.deepEqual(formErrors(e, 'id', ['description', 'urgency', 'system']), {
      description: errorText('id', 'input.invalid', { issues: [{ kind: 'too_small', field: 'description', minimum: '1' }] }),
      urgency: errorText('id', 'input.invalid', { issues: [{ kind: 'missing', field: 'urgency' }] }),
      form: errorText('id', 'input.invalid', { issues: [{ kind: 'unknown_fields', keys: ['x'] }] }),
    });
  });

  it('puts a refusal next to the field its details or the page name, in the visitor\'s language', () => {
    assert.deepEqual(formErrors(DomainError.of('invalid', 'case.return_reason_required', {}, { field: 'reason' }), 'en', ['reason']),
      { reason: errorText('en', 'case.return_reason_required', {}) });
    assert.deepEqual(formErrors(notFound('target', 'spse-x'), 'id', ['target'], { 'target.not_found': 'target' }),
      { target: errorText('id', 'target.not_found', { key: 'spse-x' }) });
    assert.deepEqual(formErrors(notFound('case', 'c1'), 'id', ['reason']), { form: errorText('id', 'case.not_found', { key: 'c1' }) });
  });
});
