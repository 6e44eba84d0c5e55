import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, csrfFrom, portalParent } from '../support/http-client';
import { startTestServers, type TestServers } from '../support/test-app';

// « Inscriptions en cours », the child's second view beside « Agenda » (manual, « Mes enfants »):
// a parent sees each current and coming enrolment of a child — structure, service, period,
// regular days, state — and nothing of another household's children.
let servers: TestServers;
let hugo: number;
let otherChild: number;
/** HUGO's sister, of the same family: a child with no request yet. */
let otherHugoSibling: number;
const at = '2026-11-01T08:00:00.000Z';

const logIn = (login: string, password: string) => portalParent(servers.portalUrl, login, password);

const visibleText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

beforeAll(async () => {
  servers = await startTestServers();
  const db = servers.db;
  const duponts = (firstName: string) =>
    db('children as c')
      .join('families as f', 'f.id', 'c.family_id')
      .where({ 'f.family_number': '1001001010331', 'c.first_name': firstName })
      .first('c.id')
      .then((c) => Number(c.id));
  hugo = await duponts('HUGO');
  otherHugoSibling = await duponts('LÉA');
  otherChild = Number(
    (await db('children as c').join('families as f', 'f.id', 'c.family_id').where('f.family_number', '1001001010400').first('c.id')).id,
  );
  const service = async (code: string) => Number((await db('services').where({ code }).first('id')).id);
  // Beside the demo's enrolments: one that ended in October (history, not shown) and one that starts after Christmas.
  await db('enrolments').insert([
    {
      child_id: hugo,
      service_id: await service('GARD_MATIN'),
      starts_on: '2026-09-01',
      ends_on: '2026-10-31',
      regular_weekdays: '1,2',
      status: 'ended',
      created_at: at,
    },
    {
      child_id: hugo,
      service_id: await service('GARD_MATIN'),
      starts_on: '2027-01-04',
      ends_on: '2027-07-03',
      regular_weekdays: '4,1',
      status: 'active',
      created_at: at,
    },
  ]);
});
afterAll(async () => {
  await servers?.destroy();
});

describe('« Inscriptions en cours »', () => {
  it('lists each current and coming enrolment of the child with its period, regular days and state', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const response = await parent.get(`/mes-enfants/${hugo}/inscriptions`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = visibleText(html);
    // Every enrolment the commune recorded for HUGO that runs on or after today (30 November 2026), in order.
    const expected = await servers
      .db('enrolments as e')
      .join('services as s', 's.id', 'e.service_id')
      .join('structures as st', 'st.id', 's.structure_id')
      .where('e.child_id', hugo)
      .where('e.ends_on', '>=', '2026-11-30')
      .orderBy(['e.starts_on', 'st.position', 's.position', 'e.id'])
      .select('st.name as structure', 's.name as service', 'e.starts_on', 'e.ends_on');
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const shown = [
      ...html.matchAll(/<li class="card"><h2>(.*?) — (.*?)<\/h2><dl class="pairs"><dt>Période<\/dt><dd>du (.*?) au (.*?)<\/dd>/g),
    ].map((m) => m.slice(1).join(' | '));
    const fr = (iso: string) => iso.split('-').reverse().join('/');
    expect(shown).toEqual(expected.map((e) => [e.structure, e.service, fr(e.starts_on), fr(e.ends_on)].join(' | ')));
    // The coming one: its days in the week's order, and « À venir ».
    expect(text).toContain('Période du 04/01/2027 au 03/07/2027 Jours réguliers lundi et jeudi État À venir');
    // The one ended in October is not « en cours ».
    expect(text).not.toContain('au 31/10/2026');
    expect(text).toContain('État En cours');
  });

  it('sits beside « Agenda »: each view marks itself as the current one and links to the other', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const planning = await (await parent.get(`/mes-enfants/${hugo}/planning`)).text();
    expect(planning).toContain(`<a href="/mes-enfants/${hugo}/planning" aria-current="page">Agenda</a>`);
    expect(planning).toContain(`<a href="/mes-enfants/${hugo}/inscriptions">Inscriptions en cours</a>`);
    const enrolments = await (await parent.get(`/mes-enfants/${hugo}/inscriptions`)).text();
    expect(enrolments).toContain(`<a href="/mes-enfants/${hugo}/planning">Agenda</a>`);
    expect(enrolments).toContain(`<a href="/mes-enfants/${hugo}/inscriptions" aria-current="page">Inscriptions en cours</a>`);
  });

  it('answers a child of another household as it answers a child that does not exist', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const other = await parent.get(`/mes-enfants/${otherChild}/inscriptions`);
    const missing = await parent.get('/mes-enfants/999999/inscriptions');
    const malformed = await parent.get('/mes-enfants/abc/inscriptions');
    expect([other.status, missing.status, malformed.status]).toEqual([404, 404, 404]);
    const otherText = visibleText(await other.text());
    expect(otherText).toBe(visibleText(await missing.text()));
    expect(otherText).not.toMatch(/Période du/);
  });

  it('asks for a login first', async () => {
    const anonymous = new CookieClient(servers.portalUrl);
    const response = await anonymous.get(`/mes-enfants/${hugo}/inscriptions`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/connexion/);
  });
});

describe('an enrolment asked online', () => {
  const staff = async (name: string, input: unknown) => {
    const login = await servers.dispatch({
      name: 'auth.login',
      input: { username: 'agent', password: 'Mairie2015' },
      sessionToken: null,
      source: 'test',
    });
    return (await servers.dispatch({ name, input, sessionToken: login.sessionToken!, source: 'test' })).response as any;
  };
  const serviceId = async (code: string) => Number((await servers.db('services').where({ code }).first('id')).id);
  const ask = async (parent: CookieClient, fields: Record<string, string | string[]>) => {
    const page = await (await parent.get(`/mes-enfants/${hugo}/inscriptions`)).text();
    return parent.postForm(`/mes-enfants/${hugo}/inscriptions`, { _csrf: csrfFrom(page), ...fields });
  };

  it('is refused at the door when it cannot be right, the form coming back whole with the reason', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const morning = String(await serviceId('GARD_MATIN'));
    const backwards = await ask(parent, {
      serviceId: morning,
      startsOn: '2027-02-01',
      endsOn: '2027-01-15',
      weekdays: ['1', '4'],
      comment: 'Après le judo',
    });
    expect(backwards.status).toBe(400);
    const html = await backwards.text();
    expect(html).toContain('La date de fin doit suivre la date de début.');
    // Everything the parent left in the form is still there.
    expect(html).toContain(`<option value="${morning}" selected="">`);
    expect(html).toContain('value="2027-02-01"');
    expect(html).toContain('value="2027-01-15"');
    expect(html).toMatch(/id="e-weekday-1" name="weekdays" checked=""/);
    expect(html).toMatch(/id="e-weekday-4" name="weekdays" checked=""/);
    expect(html).not.toMatch(/id="e-weekday-2" name="weekdays" checked=""/);
    expect(html).toContain('Après le judo</textarea>');
    // A day the service does not run, a start already past, an unknown service.
    const saturday = await ask(parent, { serviceId: morning, startsOn: '2027-01-04', endsOn: '2027-02-12', weekdays: '6' });
    expect(await saturday.text()).toMatch(
      /La prestation ne fonctionne pas l’un des jours choisis : elle fonctionne le (lundi|mardi)[^<]* et vendredi./,
    );
    const past = await ask(parent, { serviceId: morning, startsOn: '2026-11-02', endsOn: '2027-02-12' });
    expect(await past.text()).toContain('L’inscription ne peut pas commencer avant aujourd’hui.');
    const unknown = await ask(parent, { serviceId: '999999', startsOn: '2027-01-04', endsOn: '2027-02-12' });
    expect(await unknown.text()).toContain('Choisissez une prestation de la liste.');
    expect(await servers.db('requests').where({ category: 'enrolment' }).select('id')).toEqual([]);
  });

  it('waits for the commune, is accepted from the queue, and shows in « Inscriptions en cours » and in the planning', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const morning = await serviceId('GARD_MATIN');
    const sent = await ask(parent, { serviceId: String(morning), startsOn: '2026-12-01', endsOn: '2026-12-18', weekdays: ['4', '1'] });
    expect(sent.status).toBe(302);
    expect(sent.headers.get('location')).toBe(`/mes-enfants/${hugo}/inscriptions?demande=envoyee#avis`);
    const pending = visibleText(await (await parent.get(`/mes-enfants/${hugo}/inscriptions?demande=envoyee`)).text());
    expect(pending).toContain('Votre demande a été transmise à la commune');
    expect(pending).toMatch(/Demandes en attente .*Période : du 01\/12\/2026 au 18\/12\/2026 Jours réguliers : lundi et jeudi/);
    // Asked again while it waits: told so, nothing written twice.
    const again = await ask(parent, { serviceId: String(morning), startsOn: '2026-12-01', endsOn: '2026-12-18', weekdays: ['1'] });
    expect(await again.text()).toContain('Une demande d’inscription à cette prestation attend déjà la réponse de la commune.');
    const request = await servers.db('requests').where({ category: 'enrolment', child_id: hugo }).first('id', 'state');
    expect(request.state).toBe('pending');

    const accepted = await staff('requests.accept', { id: request.id });
    expect(accepted.ok).toBe(true);
    const enrolment = await servers
      .db('enrolments')
      .where({ child_id: hugo, service_id: morning })
      .orderBy('id', 'desc')
      .first('id', 'starts_on', 'ends_on', 'regular_weekdays');
    expect(enrolment).toMatchObject({ starts_on: '2026-12-01', ends_on: '2026-12-18', regular_weekdays: '1,4' });
    const days = await servers.db('planning_days').where({ enrolment_id: enrolment.id }).orderBy('date').pluck('date');
    expect(days[0]).toBe('2026-12-03'); // Tuesday the 1st: the first Thursday
    expect(days).toContain('2026-12-07');
    expect(days.every((d: string) => [1, 4].includes(new Date(`${d}T12:00:00Z`).getUTCDay()))).toBe(true);

    const enrolments = visibleText(await (await parent.get(`/mes-enfants/${hugo}/inscriptions`)).text());
    expect(enrolments).toContain('Période du 01/12/2026 au 18/12/2026 Jours réguliers lundi et jeudi État À venir');
    const planning = await (await parent.get(`/mes-enfants/${hugo}/planning?mois=2026-12`)).text();
    expect(visibleText(planning)).toContain('Garderie matin');
  });

  it('sent twice at once (a double click, two tabs), is one request, the other click told it waits', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const noon = String(await serviceId('RESTO'));
    const page = await (await parent.get(`/mes-enfants/${otherHugoSibling}/inscriptions`)).text();
    const fields = { _csrf: csrfFrom(page), serviceId: noon, startsOn: '2027-09-01', endsOn: '2027-09-30', weekdays: ['1', '2'] };
    const answers = await Promise.all([1, 2].map(() => parent.postForm(`/mes-enfants/${otherHugoSibling}/inscriptions`, fields)));
    expect(answers.map((a) => a.status).sort()).toEqual([302, 400]);
    const refused = answers.find((a) => a.status === 400)!;
    expect(await refused.text()).toContain('Une demande d’inscription à cette prestation attend déjà la réponse de la commune.');
    expect(
      await servers.db('requests').where({ category: 'enrolment', child_id: otherHugoSibling, state: 'pending' }).select('id'),
    ).toHaveLength(1);
  });

  it('is asked again once refused (the wait is over), and accepting is refused when the service closed meanwhile', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const vacation = String(await serviceId('ALSH_VAC_J'));
    const fields = { serviceId: vacation, startsOn: '2027-02-15', endsOn: '2027-02-26' };
    expect((await ask(parent, fields)).status).toBe(302);
    const first = await servers
      .db('requests')
      .where({ category: 'enrolment', child_id: hugo, state: 'pending' })
      .orderBy('id', 'desc')
      .first('id');
    expect((await staff('requests.refuse', { id: first.id, reason: 'Complet ces deux semaines' })).ok).toBe(true);
    expect((await ask(parent, fields)).status).toBe(302);
    const second = await servers
      .db('requests')
      .where({ category: 'enrolment', child_id: hugo, state: 'pending' })
      .orderBy('id', 'desc')
      .first('id');
    expect(second.id).not.toBe(first.id);
    await servers
      .db('services')
      .where({ id: Number(vacation) })
      .update({ active: false });
    try {
      const accepted = await staff('requests.accept', { id: second.id });
      expect(accepted.ok).toBe(false);
      expect(accepted.error.message).toBe('La prestation n’est plus proposée : refusez la demande.');
      expect(await servers.db('requests').where({ id: second.id }).first('state')).toEqual({ state: 'pending' });
      expect(
        await servers
          .db('enrolments')
          .where({ child_id: hugo, service_id: Number(vacation) })
          .select('id'),
      ).toEqual([]);
    } finally {
      await servers
        .db('services')
        .where({ id: Number(vacation) })
        .update({ active: true });
    }
  });

  it('is refused for a start beyond the coming year, and for a child of another household', async () => {
    const parent = await logIn('jean.dupont', 'Bonbons2015');
    const far = await ask(parent, { serviceId: String(await serviceId('RESTO')), startsOn: '2090-01-02', endsOn: '2090-06-30' });
    expect(await far.text()).toContain('L’inscription doit commencer dans l’année qui vient.');
    const page = await (await parent.get(`/mes-enfants/${hugo}/inscriptions`)).text();
    const foreign = await parent.postForm(`/mes-enfants/${otherChild}/inscriptions`, {
      _csrf: csrfFrom(page),
      serviceId: String(await serviceId('RESTO')),
      startsOn: '2027-01-04',
      endsOn: '2027-01-29',
    });
    expect(foreign.status).toBe(404);
    expect(await servers.db('requests').where({ category: 'enrolment', child_id: otherChild }).select('id')).toEqual([]);
  });

  it('keeps one pending request per child and service in the database itself', async () => {
    const row = {
      family_id: 1,
      child_id: hugo,
      category: 'enrolment',
      proposed_json: '{}',
      previous_json: '{}',
      state: 'pending',
      family_comment: '',
      created_at: at,
      pending_key: `enrolment:${hugo}:424242`,
    };
    const family = await servers.db('children').where({ id: hugo }).first('family_id');
    await servers.db('requests').insert({ ...row, family_id: family.family_id });
    await expect(servers.db('requests').insert({ ...row, family_id: family.family_id })).rejects.toThrow();
    await servers.db('requests').where({ pending_key: row.pending_key }).delete();
  });
});
