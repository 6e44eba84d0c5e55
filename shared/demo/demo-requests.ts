import type { Knex } from 'knex';
import type { DemoRequestDays } from './demo-planning';
import type { DemoHouseholds } from './demo-households';

/**
 * The requests of the last weeks, each on the day the planning shows it: pending ones (an
 * absence of ZOÉ, a Wednesday for HUGO, an absence of LÉA), decided ones (LÉA's Wednesday
 * refused, her canteen absence accepted, a change of address refused for want of proof).
 */
export async function seedDemoRequests(trx: Knex.Transaction, now: Date, households: DemoHouseholds, days: DemoRequestDays) {
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
  const { dupont, martin } = households;
  const request = (row: {
    family: number;
    child: number | null;
    category: string;
    proposed: object;
    previous?: object;
    state: string;
    made: number;
    decided?: number;
    refusal?: string;
  }) =>
    trx('requests').insert({
      family_id: row.family,
      child_id: row.child,
      category: row.category,
      proposed_json: JSON.stringify(row.proposed),
      previous_json: JSON.stringify(row.previous ?? {}),
      state: row.state,
      family_comment: '',
      refusal_reason: row.refusal ?? null,
      created_at: daysAgo(row.made),
      decided_at: row.decided === undefined ? null : daysAgo(row.decided),
    });
  if (days.zoeAbsence) {
    await request({
      family: martin.familyId,
      child: martin.zoe,
      category: 'absence',
      proposed: { serviceCode: 'GARD_MATIN', dates: [days.zoeAbsence], reason: 'Rendez-vous' },
      state: 'pending',
      made: 1,
    });
  }
  if (days.hugoReservation) {
    await request({
      family: dupont.familyId,
      child: dupont.hugo,
      category: 'reservation',
      proposed: { serviceCode: 'ALSH_MER_J', dates: [days.hugoReservation] },
      state: 'pending',
      made: 2,
    });
  }
  if (days.leaAbsence) {
    await request({
      family: dupont.familyId,
      child: dupont.lea,
      category: 'absence',
      proposed: { serviceCode: 'ALSH_MER_PM', dates: [days.leaAbsence], reason: 'Rendez-vous médical' },
      state: 'pending',
      made: 1,
    });
  }
  if (days.leaRefused) {
    await request({
      family: dupont.familyId,
      child: dupont.lea,
      category: 'reservation',
      proposed: { serviceCode: 'ALSH_MER_PM', dates: [days.leaRefused] },
      state: 'refused',
      made: 6,
      decided: 5,
      refusal: 'Complet ce mercredi-là : plus aucune place à l’Accueil de Loisirs.',
    });
  }
  if (days.leaExcused) {
    // Asked two days before the day, accepted the next day (never later than yesterday).
    const before = Math.round((Date.parse(now.toISOString().slice(0, 10)) - Date.parse(days.leaExcused)) / 86_400_000);
    await request({
      family: dupont.familyId,
      child: dupont.lea,
      category: 'absence',
      proposed: { serviceCode: 'RESTO', dates: [days.leaExcused], reason: 'Rendez-vous médical' },
      state: 'accepted',
      made: Math.max(2, before + 2),
      decided: Math.max(1, before + 1),
    });
  }
  await request({
    family: dupont.familyId,
    child: null,
    category: 'responsable',
    proposed: { address: '14 RUE DES BONBONS' },
    previous: { address: '12 RUE DES BONBONS' },
    state: 'refused',
    made: 20,
    decided: 18,
    refusal: 'Merci de fournir un justificatif de domicile.',
  });
}
