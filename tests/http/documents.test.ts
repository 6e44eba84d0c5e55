import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, csrfFrom } from '../support/http-client';
import { startTestServers, type TestServers } from '../support/test-app';

let servers: TestServers;
let agentToken: string;
const staff = async (name: string, input: unknown) =>
  (await servers.dispatch({ name, input, sessionToken: agentToken, source: 'test' })).response as any;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001',
  'hex',
).toString('base64');

beforeAll(async () => {
  servers = await startTestServers();
  agentToken = (
    await servers.dispatch({ name: 'auth.login', input: { username: 'agent', password: 'Mairie2015' }, sessionToken: null, source: 'test' })
  ).sessionToken!;
});
afterAll(async () => {
  await servers?.destroy();
});

async function parent(): Promise<CookieClient> {
  const client = new CookieClient(servers.portalUrl);
  const page = await (await client.get('/connexion')).text();
  await client.postForm('/connexion', { _csrf: csrfFrom(page), login: 'jean.dupont', password: 'Bonbons2015' });
  return client;
}

describe('« Infos./Documents »', () => {
  it('lists what the demo commune publishes: the manual, the rules, a form and a link, not what is out of its dates', async () => {
    const html = await (await (await parent()).get('/infos-documents')).text();
    for (const title of [
      'Notice du Portail Famille',
      'Règlement des services périscolaires 2026-2027',
      'Calculer son quotient familial (caf.fr)',
    ])
      expect(html).toContain(title);
    const forms = html.slice(html.indexOf('id="forms-title"'));
    expect(forms).toContain('Autorisation de sortie');
    expect(html).not.toContain('Menus de la rentrée');
  });

  it('downloads a published PDF with its type, and nothing hidden or out of its dates', async () => {
    const client = await parent();
    const rules = await servers.db('documents').where({ category: 'reglement' }).first('id');
    const file = await client.get(`/documents/${rules.id}`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain('attachment; filename="reglement-periscolaire-2026-2027.pdf"');
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const expired = await servers.db('documents').where({ title: 'Menus de la rentrée' }).first('id');
    expect((await client.get(`/documents/${expired.id}`)).status).toBe(404);
  });

  it('follows what agents publish, hide and date', async () => {
    const created = await staff('documents.create', {
      kind: 'file',
      title: 'Menus de décembre',
      category: 'information',
      position: 5,
      file: { filename: 'menus.pdf', base64: PDF },
    });
    expect(created.ok).toBe(true);
    const doc = created.value.find((d: any) => d.title === 'Menus de décembre');
    const client = await parent();
    expect(await (await client.get('/infos-documents')).text()).toContain('Menus de décembre');
    await staff('documents.update', { id: doc.id, title: 'Menus de décembre', category: 'information', position: 5, visible: false });
    expect(await (await client.get('/infos-documents')).text()).not.toContain('Menus de décembre');
    expect((await client.get(`/documents/${doc.id}`)).status).toBe(404);
    await staff('documents.update', {
      id: doc.id,
      title: 'Menus de décembre',
      category: 'information',
      position: 5,
      visible: true,
      publishedFrom: '2026-12-01',
    });
    expect(await (await client.get('/infos-documents')).text()).not.toContain('Menus de décembre'); // not yet
    const backwards = await staff('documents.update', {
      id: doc.id,
      title: 'Menus',
      category: 'information',
      position: 5,
      visible: true,
      publishedFrom: '2026-12-01',
      publishedTo: '2026-11-01',
    });
    expect(backwards).toMatchObject({
      ok: false,
      error: { type: 'validation', fields: { publishedTo: 'La fin de publication précède son début.' } },
    });
  });

  it('refuses a file whose content is not a PDF, whatever its name, and keeps nothing', async () => {
    const before = (await staff('documents.list', {})).value.length;
    for (const file of [
      { filename: 'reglement.pdf', base64: Buffer.from('<html>pas un pdf</html>').toString('base64') },
      { filename: 'photo.pdf', base64: PNG },
    ]) {
      const refused = await staff('documents.create', { kind: 'file', title: 'Faux', category: 'information', file });
      expect(refused).toMatchObject({
        ok: false,
        error: { type: 'validation', message: 'Le document doit être un PDF : son contenu n’en est pas un, quel que soit son nom.' },
      });
    }
    expect((await staff('documents.create', { kind: 'link', title: 'Lien', category: 'information', url: 'javascript:alert(1)' })).ok).toBe(
      false,
    );
    expect((await staff('documents.list', {})).value.length).toBe(before);
  });
});
