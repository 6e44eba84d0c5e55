import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfFrom, portalParent, type CookieClient } from '../support/http-client';
import { startTestServers, type TestServers } from '../support/test-app';

// « Agenda sur mon téléphone »: a parent subscribes a calendar app to a child's days.
// TEST_NOW is Monday 30/11/2026; HUGO DUPONT eats at the canteen every school day.
let servers: TestServers;
let parent: CookieClient;
let hugo: number;

const FEED_PATH = /\/agenda\/[A-Za-z0-9_-]{43}\.ics/;

async function makeAddress(client: CookieClient, child = hugo) {
  const page = await (await client.get(`/mes-enfants/${child}`)).text();
  const response = await client.postForm(`/mes-enfants/${child}/agenda`, { _csrf: csrfFrom(page) });
  const html = await response.text();
  return { status: response.status, html, path: FEED_PATH.exec(html)?.[0] };
}

/** What a calendar app does: no cookie, only the address. */
const subscribe = (path: string) => fetch(servers.portalUrl + path);

interface FeedEvent {
  summary: string;
  start: string;
  end: string;
  allDay: boolean;
}
function eventsOf(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return { summary: event.summary, start: event.startDate.toString(), end: event.endDate.toString(), allDay: event.startDate.isDate };
  });
}

beforeAll(async () => {
  servers = await startTestServers();
  const family = (await servers.db('families').where({ family_number: '1001001010331' }).first('id')).id;
  hugo = (await servers.db('children').where({ family_id: family, first_name: 'HUGO' }).first('id')).id;
  parent = await portalParent(servers.portalUrl, 'jean.dupont', 'Bonbons2015');
});
afterAll(async () => {
  await servers?.destroy();
});

describe('a parent subscribes a calendar to a child’s days', () => {
  it('makes an address shown once, that a calendar app reads without logging in', async () => {
    const { status, html, path } = await makeAddress(parent);
    expect(status).toBe(200);
    expect(html).toContain('Voici l’adresse de l’agenda de HUGO');
    expect(path).toBeTruthy();
    const token = path!.slice('/agenda/'.length, -'.ics'.length);
    // Only its hash is kept: the address cannot be read back from the database.
    const rows = await servers.db('calendar_feeds').where({ child_id: hugo }).select('token_hash', 'revoked_at');
    expect(rows.filter((r) => !r.revoked_at)).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    const again = await (await parent.get(`/mes-enfants/${hugo}`)).text();
    expect(again).not.toMatch(FEED_PATH);
    expect(again).toContain('Une adresse d’agenda est active depuis le 30/11/2026.');

    const feed = await subscribe(path!);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await feed.text();
    const events = eventsOf(text);
    // Thursday 3 December, a school day: the canteen, as an all-day event on that date.
    expect(events).toContainEqual({ summary: 'HUGO — Restauration scolaire', start: '2026-12-03', end: '2026-12-04', allDay: true });
    expect(events).toContainEqual({ summary: 'Jour férié', start: '2026-12-25', end: '2026-12-26', allDay: true });
    expect(events.some((e) => e.summary === 'Vacances de Noël' && e.start === '2026-12-19' && e.end === '2027-01-04')).toBe(true);
    // Not on a Wednesday nor in the holidays; first name only, nothing about health.
    expect(events.some((e) => e.summary.includes('Restauration') && e.start === '2026-12-02')).toBe(false);
    expect(events.some((e) => e.summary.includes('Restauration') && e.start === '2026-12-22')).toBe(false);
    expect(text).not.toContain('DUPONT');
    const uids = text.match(/^UID:.*$/gm) ?? [];
    expect(new Set(uids).size).toBe(uids.length);
    // RFC 5545: CRLF line ends, lines of 75 octets at most, VERSION and PRODID once, and every
    // event with its UID, DTSTAMP and DTSTART (§3.6.1), all-day dates as VALUE=DATE.
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getAllProperties('prodid')).toHaveLength(1);
    for (const vevent of calendar.getAllSubcomponents('vevent')) {
      for (const property of ['uid', 'dtstamp', 'dtstart']) expect(vevent.getAllProperties(property), property).toHaveLength(1);
      expect(vevent.getFirstProperty('dtstart')!.type).toBe('date');
    }
  });

  it('shows a cancelled or absent day as it is, the same day it changes', async () => {
    const morning = (await servers.db('services').where({ code: 'RESTO' }).first('id')).id;
    await servers
      .db('planning_days')
      .where({ child_id: hugo, service_id: morning, date: '2026-12-10' })
      .update({ state: 'absent_excused' });
    const { path } = await makeAddress(parent);
    const events = eventsOf(await (await subscribe(path!)).text());
    expect(events).toContainEqual({
      summary: 'HUGO — Absent — Restauration scolaire',
      start: '2026-12-10',
      end: '2026-12-11',
      allDay: true,
    });
  });

  it('lists two closures of the same day as two events, each with its own UID', async () => {
    const canteen = await servers.db('services').where({ code: 'RESTO' }).first('id', 'structure_id');
    await servers.db('closures').insert([
      { structure_id: canteen.structure_id, service_id: null, starts_on: '2027-01-05', ends_on: '2027-01-05', reason: 'Grève' },
      { structure_id: null, service_id: canteen.id, starts_on: '2027-01-05', ends_on: '2027-01-06', reason: 'Travaux' },
    ]);
    const { path } = await makeAddress(parent);
    const text = await (await subscribe(path!)).text();
    const closures = eventsOf(text).filter((e) => e.summary.startsWith('Fermeture — Restauration scolaire') && e.start === '2027-01-05');
    expect(closures.map((e) => e.summary).sort()).toEqual([
      'Fermeture — Restauration scolaire (Grève)',
      'Fermeture — Restauration scolaire (Travaux)',
    ]);
    const uids = text.match(/^UID:.*$/gm) ?? [];
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('publishes nothing once an agent disables the family’s portal access', async () => {
    const { path } = await makeAddress(parent);
    const family = (await servers.db('families').where({ family_number: '1001001010331' }).first('id')).id;
    await servers.db('portal_accounts').where({ family_id: family }).update({ status: 'disabled' });
    try {
      expect((await subscribe(path!)).status).toBe(404);
    } finally {
      await servers.db('portal_accounts').where({ family_id: family }).update({ status: 'active' });
    }
    expect((await subscribe(path!)).status).toBe(200);
  });

  it('gives another family nothing, whatever the URL says', async () => {
    const other = await portalParent(servers.portalUrl, 'marie.martin', 'Cantine2015');
    const before = await servers.db('calendar_feeds').count<{ n: number }[]>({ n: '*' }).first();
    const made = await makeAddress(other, hugo);
    expect(made.status).toBe(404);
    expect(made.path).toBeUndefined();
    const page = await (await other.get('/accueil')).text();
    expect((await other.postForm(`/mes-enfants/${hugo}/agenda/revoquer`, { _csrf: csrfFrom(page) })).status).toBe(404);
    expect(await servers.db('calendar_feeds').count<{ n: number }[]>({ n: '*' }).first()).toEqual(before);
    expect((await servers.db('calendar_feeds').where({ child_id: hugo }).whereNull('revoked_at')).length).toBe(1);
  });

  it('answers 404 to an address that does not exist, whatever its shape', async () => {
    for (const path of [
      `/agenda/${'A'.repeat(43)}.ics`,
      '/agenda/court.ics',
      `/agenda/${'A'.repeat(43)}`,
      `/agenda/${'A'.repeat(5000)}.ics`,
      "/agenda/'%20or%201=1.ics",
    ]) {
      const response = await subscribe(path);
      expect(response.status, path).toBe(404);
    }
  });

  it('keeps one live address when two clicks arrive together, and the older ones stop working', async () => {
    const page = await (await parent.get(`/mes-enfants/${hugo}`)).text();
    const csrf = csrfFrom(page);
    const [first, second] = await Promise.all([
      parent.postForm(`/mes-enfants/${hugo}/agenda`, { _csrf: csrf }),
      parent.postForm(`/mes-enfants/${hugo}/agenda`, { _csrf: csrf }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const paths = [FEED_PATH.exec(await first.text())![0], FEED_PATH.exec(await second.text())![0]];
    expect((await servers.db('calendar_feeds').where({ child_id: hugo }).whereNull('revoked_at')).length).toBe(1);
    const statuses = await Promise.all(paths.map(async (p) => (await subscribe(p)).status));
    expect(statuses.sort()).toEqual([200, 404]);
  });

  it('revokes the address: calendars read nothing any more', async () => {
    const { path } = await makeAddress(parent);
    expect((await subscribe(path!)).status).toBe(200);
    const page = await (await parent.get(`/mes-enfants/${hugo}`)).text();
    const revoked = await parent.postForm(`/mes-enfants/${hugo}/agenda/revoquer`, { _csrf: csrfFrom(page) });
    expect(await revoked.text()).toContain('L’adresse de l’agenda est révoquée');
    expect((await subscribe(path!)).status).toBe(404);
    expect(await (await parent.get(`/mes-enfants/${hugo}`)).text()).toContain('Créer l’adresse de l’agenda');
  });
});
