import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';

const fixture = useStaffCore();
const staff = (name: string, input: unknown) => fixture.staff(name, input);

describe('agents edit every section of a record directly', () => {
  it('saves the bank details, checked, and logs what changed', async () => {
    const family = (await fixture.core.db('families').where({ family_number: '1001001010332' }).first('id')).id;
    const loaded = (await staff('records.getSection', { section: 'bank', ownerId: family })).value.values;
    const bad = await staff('records.updateSection', {
      section: 'bank',
      ownerId: family,
      expected: loaded,
      values: { ...loaded, iban: 'FR00 1234' },
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { type: 'validation', fields: { iban: 'IBAN invalide : vérifiez les caractères et la clé de contrôle.' } },
    });
    const saved = await staff('records.updateSection', {
      section: 'bank',
      ownerId: family,
      expected: loaded,
      values: { ...loaded, accountHolder: 'MARTIN MARIE', iban: 'fr76 3000 6000 0112 3456 7890 189' },
    });
    expect(saved.value.values).toMatchObject({ accountHolder: 'MARTIN MARIE', iban: 'FR7630006000011234567890189' });
    const log = await fixture.core
      .db('audit_log')
      .where({ action: 'record.update.bank', entity_id: String(family) })
      .first();
    expect(JSON.parse(log.details_json).changes.accountHolder).toEqual(['', 'MARTIN MARIE']);
  });

  it('refuses to save over a change made meanwhile', async () => {
    const child = (await fixture.core.db('children').where({ first_name: 'TOM' }).first('id')).id;
    const loaded = (await staff('records.getSection', { section: 'health', ownerId: child })).value.values;
    expect(
      (
        await staff('records.updateSection', {
          section: 'health',
          ownerId: child,
          expected: loaded,
          values: { ...loaded, allergies: 'Lactose' },
        })
      ).ok,
    ).toBe(true);
    const stale = await staff('records.updateSection', {
      section: 'health',
      ownerId: child,
      expected: loaded,
      values: { ...loaded, diet: 'Sans porc' },
    });
    expect(stale).toMatchObject({ ok: false, error: { type: 'conflict' } });
    expect((await staff('records.getSection', { section: 'health', ownerId: child })).value.values).toMatchObject({
      allergies: 'Lactose',
      diet: '',
    });
  });

  it('replaces the authorized persons, each one checked', async () => {
    const child = (await fixture.core.db('children').where({ first_name: 'ZOÉ' }).first('id')).id;
    const { persons } = (await staff('records.getPersons', { id: child })).value;
    const bad = await staff('records.updatePersons', {
      childId: child,
      expected: persons,
      persons: [{ lastName: 'Roux', firstName: 'Paul', phone: '12' }],
    });
    expect(bad.error.fields).toEqual({ 'persons.0.phone': 'Numéro de téléphone invalide (10 chiffres, par exemple 02 48 66 61 61).' });
    const ok = await staff('records.updatePersons', {
      childId: child,
      expected: persons,
      persons: [{ lastName: 'Roux', firstName: 'Paul', phone: '06 10 20 30 40', relationship: 'Oncle' }],
    });
    expect(ok.value.persons).toEqual([
      { lastName: 'ROUX', firstName: 'PAUL', relationship: 'Oncle', phone: '06 10 20 30 40', emergencyContact: false },
    ]);
    expect(
      await fixture.core
        .db('audit_log')
        .where({ action: 'record.update.authorized_persons', entity_id: String(child) })
        .first(),
    ).toBeDefined();
  });
});

describe('vaccinations', () => {
  it('are replaced by an agent, each one checked, and by an accepted request', async () => {
    const child = (await fixture.core.db('children').where({ first_name: 'ZOÉ' }).first('id')).id;
    const { vaccinations } = (await staff('records.getVaccinations', { id: child })).value;
    const bad = await staff('records.updateVaccinations', {
      childId: child,
      expected: vaccinations,
      vaccinations: [{ vaccine: '', vaccinatedOn: '2024-02-30' }],
    });
    expect(bad.error.fields).toEqual({
      'vaccinations.0.vaccine': 'Le vaccin est obligatoire.',
      'vaccinations.0.vaccinatedOn': "Cette date n'existe pas.",
    });
    const ok = await staff('records.updateVaccinations', {
      childId: child,
      expected: vaccinations,
      vaccinations: [{ vaccine: 'ROR', vaccinatedOn: '2022-03-01', boosterDueOn: null }],
    });
    expect(ok.value.vaccinations).toEqual([{ vaccine: 'ROR', vaccinatedOn: '2022-03-01', boosterDueOn: null }]);
  });
});
