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
