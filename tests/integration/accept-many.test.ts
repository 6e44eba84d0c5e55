import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';

// « Accepter la sélection » in the request queue: the demo's three pending requests
// (a reservation for HUGO, absences for ZOÉ and LÉA).
const fixture = useStaffCore();
const staff = fixture.staff;

describe('an agent accepts several requests at once', () => {
  it('accepts each ticked request as if on its own, and says which were not and why', async () => {
    const pending = (await fixture.core.db('requests').where({ state: 'pending' }).orderBy('id').pluck('id')).map(Number);
    expect(pending.length).toBeGreaterThanOrEqual(3);
    const [first, ...others] = pending;
    expect((await staff('requests.accept', { id: first })).ok).toBe(true); // decided meanwhile
    // Two agents tick the same rows at the same moment: each request is accepted once.
    const [a, b] = await Promise.all([staff('requests.acceptMany', { ids: pending }), staff('requests.acceptMany', { ids: pending })]);
    expect(a.ok && b.ok).toBe(true);
    const accepted = [...a.value.accepted, ...b.value.accepted].sort((x: number, y: number) => x - y);
    expect(accepted).toEqual([...others].sort((x, y) => x - y));
    const told = [...a.value.notAccepted, ...b.value.notAccepted];
    expect(told.filter((r: any) => r.id === first)).toHaveLength(2);
    expect(told[0].message).toContain('Cette demande a déjà été acceptée');
    expect(await fixture.core.db('requests').whereIn('id', pending).where({ state: 'pending' })).toHaveLength(0);
    const audits = await fixture.core.db('audit_log').where({ action: 'request.accept' }).whereIn('entity_id', pending.map(String));
    expect(audits).toHaveLength(pending.length); // one acceptance each, never two
  });

  it('refuses an empty selection or too many at once', async () => {
    expect((await staff('requests.acceptMany', { ids: [] })).error.message).toContain('Cochez au moins une demande.');
    const many = Array.from({ length: 101 }, (_, i) => i + 1);
    expect((await staff('requests.acceptMany', { ids: many })).ok).toBe(false);
  });
});
