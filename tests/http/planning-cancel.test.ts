import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfFrom, portalParent, type CookieClient } from '../support/http-client';
import { tableByCaption } from '../support/html-table';
import { startTestServers, type TestServers } from '../support/test-app';

// « Annuler ma réservation » before the cancellation deadline, and what a parent reads after it.
// TEST_NOW is Monday 30/11/2026 10:00 in Paris; the demo's school services close cancellations
// two working days before the day at 10:00.
let servers: TestServers;
let parent: CookieClient;
let lea: number;
let hugo: number;
let morning: number;
let canteen: number;

const planningPath = (child = lea) => `/mes-enfants/${child}/planning?mois=2026-12`;

async function send(action: string, days: string[], extra: Record<string, string | Blob> = {}, child = lea) {
  const page = await (await parent.get(planningPath(child))).text();
  const form = new FormData();
  form.append('_csrf', csrfFrom(page));
  for (const day of days) form.append('jours', day);
  form.append('action', action);
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  const html = await (await parent.postMultipart(planningPath(child), form)).text();
  return html.match(/id="results-title">.*?<\/section>/)?.[0] ?? '';
}

const dayState = async (serviceId: number, date: string, child = lea) =>
  (await servers.db('planning_days').where({ child_id: child, service_id: serviceId, date }).first('state'))?.state;

beforeAll(async () => {
  servers = await startTestServers();
  const family = (await servers.db('families').where({ family_number: '1001001010331' }).first('id')).id;
  lea = (await servers.db('children').where({ family_id: family, first_name: 'LÉA' }).first('id')).id;
  hugo = (await servers.db('children').where({ family_id: family, first_name: 'HUGO' }).first('id')).id;
  morning = (await servers.db('services').where({ code: 'GARD_MATIN' }).first('id')).id;
  canteen = (await servers.db('services').where({ code: 'RESTO' }).first('id')).id;
  parent = await portalParent(servers.portalUrl, 'jean.dupont', 'Bonbons2015');
});
afterAll(async () => {
  await servers?.destroy();
});

describe('a parent cancels a reservation', () => {
  it('before the deadline: the day is free again, not billed, and listed among « Annulations »', async () => {
    // Tuesday 15/12: LÉA's morning garderie is not a regular day; she is booked for it, then it is cancelled.
    expect(await send('reserve', [`${morning}|2026-12-15`])).toContain('Réservé.');
    expect(await dayState(morning, '2026-12-15')).toBe('reserved');
    const result = await send('cancel', [`${morning}|2026-12-15`]);
    expect(result).toContain('<strong>Garderie matin, 15/12/2026</strong> : Réservation annulée : la journée ne sera pas facturée.');
    expect(await dayState(morning, '2026-12-15')).toBeUndefined();
    const list = await (await parent.get('/liste-des-demandes?vue=enfants&type=cancellation')).text();
    expect(tableByCaption(list, 'Demandes acceptées — Annulations')).toEqual([
      ['Enfant', 'Prestation', 'Jours', 'Date.demande', 'Date.acceptation'],
      ['LÉA DUPONT', 'Garderie matin', '15/12/2026', '30/11/2026', '30/11/2026'],
    ]);
  });

  it('gives one result when « Annuler ma réservation » is clicked twice at once', async () => {
    expect(await send('reserve', [`${morning}|2026-12-08`])).toContain('Réservé.');
    const cancellations = async () =>
      Number(
        (await servers.db('requests').where({ child_id: lea, category: 'cancellation' }).count<{ n: number }[]>({ n: '*' }).first())!.n,
      );
    const before = await cancellations();
    const results = await Promise.all([send('cancel', [`${morning}|2026-12-08`]), send('cancel', [`${morning}|2026-12-08`])]);
    // One click cancels; the other finds nothing left to cancel. Never two cancellations recorded.
    expect(results.filter((r) => r.includes('Réservation annulée : la journée ne sera pas facturée.'))).toHaveLength(1);
    expect(results.filter((r) => r.includes('Aucune réservation ce jour-là : il n’y a rien à annuler.'))).toHaveLength(1);
    expect(await dayState(morning, '2026-12-08')).toBeUndefined();
    expect(await cancellations()).toBe(before + 1);
  });

  it('cancels a regular day in time as excused, and refuses a day with nothing booked', async () => {
    const regular = await servers
      .db('planning_days')
      .where({ child_id: lea, service_id: canteen, state: 'regular' })
      .where('date', '>=', '2026-12-10')
      .orderBy('date')
      .first('date');
    const result = await send('cancel', [`${canteen}|${regular.date}`, `${morning}|2026-12-15`]);
    expect(result).toContain('Réservation annulée : la journée ne sera pas facturée.');
    expect(result).toContain('<strong>Garderie matin, 15/12/2026</strong> : Aucune réservation ce jour-là : il n’y a rien à annuler.');
    expect(await dayState(canteen, regular.date)).toBe('absent_excused');
  });

  it('after the deadline: refuses to cancel and says the day will be billed unless a medical certificate is given', async () => {
    const result = await send('cancel', [`${canteen}|2026-12-01`]);
    expect(result).toContain(
      '<strong>Restauration scolaire, 01/12/2026</strong> : Délai d’annulation dépassé (jusqu’au 27/11/2026 à 10:00) : la réservation ne peut plus être annulée. Déclarez une absence : la journée sera facturée, sauf sur certificat médical.',
    );
    expect(await dayState(canteen, '2026-12-01')).toBe('regular');
  });

  it('after the deadline, an absence is billed — unless the medical certificate is attached, which validates it', async () => {
    const billed = await send('absence', [`${canteen}|2026-12-01`], { motif: 'Convenance personnelle', confirmation: 'on' });
    expect(billed).toContain('Absence enregistrée hors délai d’annulation : la journée sera facturée, sauf sur certificat médical.');
    expect(await dayState(canteen, '2026-12-01')).toBe('absent_billed');

    const certificate = new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' });
    // HUGO's canteen on the same day, past the same deadline.
    const medical = {
      motif: 'Maladie',
      confirmation: 'on',
      certificat: new File([certificate], 'certificat.pdf', { type: 'application/pdf' }),
    };
    const excused = await send('absence', [`${canteen}|2026-12-01`], medical, hugo);
    expect(excused).toContain(
      '<strong>Restauration scolaire, 01/12/2026</strong> : Absence enregistrée hors délai d’annulation, justifiée par le certificat médical joint : la journée ne sera pas facturée.',
    );
    expect(excused).not.toContain('Certificat médical joint.');
    expect(await dayState(canteen, '2026-12-01', hugo)).toBe('absent_excused');
  });
});
