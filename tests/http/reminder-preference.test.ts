import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfFrom, portalParent, type CookieClient } from '../support/http-client';
import { startTestServers, type TestServers } from '../support/test-app';

// « Rappels par courriel » on « Mes enfants »: a preference the family sets itself, at once.
let servers: TestServers;
let parent: CookieClient;
let family: number;
const wanted = async () => Boolean(await servers.db('booking_reminder_families').where({ family_id: family }).first('family_id'));

beforeAll(async () => {
  servers = await startTestServers();
  family = (await servers.db('families').where({ family_number: '1001001010331' }).first('id')).id;
  parent = await portalParent(servers.portalUrl, 'jean.dupont', 'Bonbons2015');
});
afterAll(async () => {
  await servers?.destroy();
});

describe('a parent asks for booking-deadline reminders', () => {
  it('ticks the box: saved at once, said, and shown ticked; unticking stops them', async () => {
    const page = await (await parent.get('/mes-enfants')).text();
    expect(page).toContain('Me prévenir par courriel quelques jours avant la date limite de réservation');
    expect(page).not.toMatch(/id="rappels"[^>]*checked/);
    const saved = await parent.postForm('/mes-enfants/rappels', { _csrf: csrfFrom(page), rappels: 'oui' });
    expect(saved.headers.get('location')).toBe('/mes-enfants?rappels=oui');
    expect(await wanted()).toBe(true);
    const after = await (await parent.get('/mes-enfants?rappels=oui')).text();
    expect(after).toContain('C’est noté : vous serez prévenu par courriel avant chaque date limite de réservation.');
    expect(after).toMatch(/id="rappels"[^>]*checked/);
    // A double click writes one audit line.
    await Promise.all([
      parent.postForm('/mes-enfants/rappels', { _csrf: csrfFrom(after), rappels: 'oui' }),
      parent.postForm('/mes-enfants/rappels', { _csrf: csrfFrom(after), rappels: 'oui' }),
    ]);
    expect(await servers.db('audit_log').where({ action: 'reminders.subscribe', entity_id: String(family) })).toHaveLength(1);
    await parent.postForm('/mes-enfants/rappels', { _csrf: csrfFrom(after) }); // an unticked box sends nothing
    expect(await wanted()).toBe(false);
  });

  it('records what the family does in its own « Historique » (its login too)', async () => {
    const rows = await servers
      .db('audit_log')
      .where({ actor_type: 'family' })
      .whereIn('action', ['portal.login', 'reminders.subscribe'])
      .select('family_id', 'action');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.family_id === family)).toBe(true);
  });

  it('refuses a form without its CSRF token, changing nothing', async () => {
    const refused = await parent.postForm('/mes-enfants/rappels', { rappels: 'oui' });
    expect(refused.status).toBe(403);
    expect(await wanted()).toBe(false);
  });

  it('says that no reminder can leave while the record refuses e-mails', async () => {
    await servers.db('family_adults').where({ family_id: family, role: 'responsable' }).update({ email_allowed: false });
    const page = await (await parent.get('/mes-enfants')).text();
    expect(page).toContain('Votre fiche n’autorise pas les courriels');
  });
});
