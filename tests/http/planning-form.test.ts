import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfFrom, portalParent, type CookieClient } from '../support/http-client';
import { startTestServers, type TestServers } from '../support/test-app';

let servers: TestServers;
let parent: CookieClient;
let planningPath: string;

beforeAll(async () => {
  servers = await startTestServers();
  parent = await portalParent(servers.portalUrl, 'jean.dupont', 'Bonbons2015');
  const lea = await servers.db('children').where({ first_name: 'LÉA', last_name: 'DUPONT' }).first('id');
  planningPath = `/mes-enfants/${lea.id}/planning?mois=2026-12`;
});
afterAll(async () => {
  await servers?.destroy();
});

describe('a parent whose absence form is refused finds it as filled', () => {
  it('keeps the days, the reason, the details and the boxes, and records nothing', async () => {
    const page = await (await parent.get(planningPath)).text();
    const days = [...page.matchAll(/name="jours"(?: checked="")? value="([^"]+)"/g)].map((m) => m[1]!).slice(0, 2);
    expect(days).toHaveLength(2);
    const requestsBefore = await servers.db('requests').count({ n: '*' }).first();
    const form = new FormData();
    form.append('_csrf', csrfFrom(page));
    for (const day of days) form.append('jours', day);
    form.append('action', 'absence');
    form.append('motif', 'Maladie');
    form.append('precisions', 'Varicelle, retour prévu lundi');
    form.append('repeter', 'on');
    // « Je confirme la déclaration d'absence » left unticked.

    const response = await parent.postMultipart(planningPath, form);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Pour déclarer une absence, indiquez la raison et cochez la confirmation.');
    for (const day of days) expect(html).toContain(`name="jours" checked="" value="${day}"`);
    expect(html).toContain('<option value="Maladie" selected="">Maladie</option>');
    expect(html).toContain('value="Varicelle, retour prévu lundi"');
    expect(html).toContain('<input type="checkbox" id="repeter" name="repeter" checked=""/>');
    expect(html).toContain('<input type="checkbox" id="confirmation" name="confirmation"/>');
    expect(await servers.db('requests').count({ n: '*' }).first()).toEqual(requestsBefore);
  });

  it('is told to attach the certificate again, as a file cannot be put back', async () => {
    const page = await (await parent.get(planningPath)).text();
    const [day] = [...page.matchAll(/name="jours" value="([^"]+)"/g)].map((m) => m[1]!);
    const form = new FormData();
    form.append('_csrf', csrfFrom(page));
    form.append('jours', day!);
    form.append('action', 'absence');
    form.append('certificat', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'certificat.pdf');
    const html = await (await parent.postMultipart(planningPath, form)).text();
    expect(html).toContain(
      'Pour déclarer une absence, indiquez la raison et cochez la confirmation. Joignez à nouveau le certificat médical.',
    );
  });
});

describe('a planning form that the planning did not build is refused at the door, and changes nothing', () => {
  const post = async (fill: (form: FormData) => void) => {
    const page = await (await parent.get(planningPath)).text();
    const form = new FormData();
    form.append('_csrf', csrfFrom(page));
    fill(form);
    return parent.postMultipart(planningPath, form);
  };
  const garderie = async () => (await servers.db('services').where({ code: 'GARD_MATIN' }).first('id')).id as number;
  const counts = async () => ({
    requests: (await servers.db('requests').count({ n: '*' }).first())?.n,
    days: (await servers.db('planning_days').count({ n: '*' }).first())?.n,
  });

  it('names an impossible date (31 February) and books nothing', async () => {
    const before = await counts();
    const response = await post((form) => {
      form.append('jours', `${0}|2027-02-31`);
      form.append('action', 'reserve');
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('La date 2027-02-31 n’existe pas dans le calendrier');
    expect(await counts()).toEqual(before);
  });

  it('refuses a year out of the calendar, even with « Répéter chaque semaine »', async () => {
    const id = await garderie();
    const response = await post((form) => {
      form.append('jours', `${id}|1850-01-07`);
      form.append('action', 'reserve');
      form.append('repeter', 'on');
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('La date 1850-01-07 n’existe pas dans le calendrier');
  });

  it('takes the absence reason only from the list, and the details within 150 characters', async () => {
    const page = await (await parent.get(planningPath)).text();
    const [day] = [...page.matchAll(/name="jours" value="([^"]+)"/g)].map((m) => m[1]!);
    const before = await counts();
    const free = await post((form) => {
      form.append('jours', day!);
      form.append('action', 'absence');
      form.append('motif', 'x'.repeat(3089));
      form.append('confirmation', 'on');
    });
    expect(free.status).toBe(400);
    expect(await free.text()).toContain('Choisissez la raison de l’absence dans la liste (Maladie, Rendez-vous médical');
    const long = await post((form) => {
      form.append('jours', day!);
      form.append('action', 'absence');
      form.append('motif', 'Autre');
      form.append('precisions', 'é'.repeat(151));
      form.append('confirmation', 'on');
    });
    expect(long.status).toBe(400);
    const html = await long.text();
    expect(html).toContain('Les précisions tiennent en 150 caractères au plus (151 saisis)');
    expect(html).toContain(`value="${'é'.repeat(151)}"`); // given back whole, for the parent to shorten
    expect(await counts()).toEqual(before);
  });

  it('refuses more days than a month can hold', async () => {
    const id = await garderie();
    const response = await post((form) => {
      for (let i = 0; i < 201; i += 1) form.append('jours', `${id}|2026-12-${String((i % 28) + 1).padStart(2, '0')}`);
      form.append('action', 'reserve');
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Vous avez coché 201 jours : 200 au plus par demande.');
  });

  it('shows the month in progress, with a message, for a month out of range or malformed', async () => {
    for (const mois of ['0100-01', '2026-13', '1850-05', 'abc', '2026-1']) {
      const response = await parent.get(planningPath.replace('mois=2026-12', `mois=${mois}`));
      expect(response.status, mois).toBe(400);
      const html = await response.text();
      expect(html).toContain('Le mois demandé n’existe pas dans le calendrier du portail');
      expect(html).toContain('<h2>Novembre 2026</h2>');
    }
  });

  it('answers 413 with a French page to a certificate over 5 MB', async () => {
    const page = await (await parent.get(planningPath)).text();
    const form = new FormData();
    form.append('_csrf', csrfFrom(page));
    form.append('action', 'absence');
    form.append('certificat', new Blob([Buffer.alloc(5 * 1024 * 1024 + 10, 1)], { type: 'application/pdf' }), 'certificat.pdf');
    const response = await parent.postMultipart(planningPath, form);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('Le certificat dépasse 5 Mo');
  });

  it('answers 413, in French, to a form larger than the portal takes', async () => {
    const response = await parent.postForm('/connexion', { identifiant: 'x'.repeat(200_000), mot_de_passe: 'y' });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('Le formulaire envoyé est trop volumineux');
  });
});
