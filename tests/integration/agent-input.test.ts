import { appliedMigrations, migrateToLatest, rollbackLast } from '../../shared/db/migrate';
import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';

// Input the way agents type it, refused the way they understand it (TEST_NOW: 30/11/2026).
const fixture = useStaffCore();
const staff = fixture.staff;

describe('an agent types a record', () => {
  it('is told a child’s birth date is « obligatoire » when left empty', async () => {
    const dupont = await fixture.core.db('families').where({ family_number: '1001001010331' }).first('id');
    const answer = await staff('children.create', { familyId: dupont.id, lastName: 'DUPONT', firstName: 'ZOÉ', birthDate: '' });
    expect(answer.ok).toBe(false);
    expect(answer.error.fields).toMatchObject({ birthDate: 'La date de naissance est obligatoire.' });
    const impossible = await staff('children.create', {
      familyId: dupont.id,
      lastName: 'DUPONT',
      firstName: 'ZOÉ',
      birthDate: '2025-02-29',
    });
    expect(impossible.error.fields).toMatchObject({ birthDate: "Cette date n'existe pas." });
  });

  it('cannot date a vaccination after today; a booster to come is fine', async () => {
    const hugo = await fixture.core.db('children').where({ first_name: 'HUGO', last_name: 'DUPONT' }).first('id');
    const current = (await staff('records.getVaccinations', { id: hugo.id })).value.vaccinations;
    const future = await staff('records.updateVaccinations', {
      childId: hugo.id,
      expected: current,
      vaccinations: [...current, { vaccine: 'ROR', vaccinatedOn: '2026-12-15', boosterDueOn: null }],
    });
    expect(future.ok).toBe(false);
    expect(future.error.fields).toEqual({
      [`vaccinations.${current.length}.vaccinatedOn`]: 'Une vaccination ne peut pas être datée après aujourd’hui (30/11/2026).',
    });
    const booster = await staff('records.updateVaccinations', {
      childId: hugo.id,
      expected: current,
      vaccinations: [...current, { vaccine: 'ROR', vaccinatedOn: '2026-11-02', boosterDueOn: '2027-11-02' }],
    });
    expect(booster.ok).toBe(true);
  });

  it('brings the « Nombre de parts » of requests written in hundredths to parts, once', async () => {
    const { db } = fixture.core;
    const martin = await db('families').where({ family_number: '1001001010332' }).first('id');
    while ((await appliedMigrations(db)).includes('20261202000024_fiscal_shares_scale')) await rollbackLast(db);
    const [row] = await db('requests')
      .insert({
        family_id: martin.id,
        category: 'fiscal',
        state: 'pending',
        proposed_json: JSON.stringify({ taxShares: 250 }),
        previous_json: JSON.stringify({ taxShares: 200 }),
        created_at: '2026-11-20T08:00:00.000Z',
      })
      .returning('id');
    await migrateToLatest(db);
    const id = typeof row === 'object' ? row.id : row;
    const request = await db('requests').where({ id }).first('proposed_json', 'previous_json');
    expect(JSON.parse(request.proposed_json).taxShares).toBe(2.5);
    expect(JSON.parse(request.previous_json).taxShares).toBe(2);
  });
});
