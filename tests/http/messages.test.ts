import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text';
import { type CookieClient, csrfFrom, portalParent } from '../support/http-client';
import { startTestServers, type TestServers } from '../support/test-app';
import { tableByCaption, tableRows } from '../support/html-table';

let servers: TestServers;
let agentToken: string;
const staff = async (name: string, input: unknown) =>
  (await servers.dispatch({ name, input, sessionToken: agentToken, source: 'test' })).response as any;

beforeAll(async () => {
  servers = await startTestServers();
  agentToken = (
    await servers.dispatch({ name: 'auth.login', input: { username: 'agent', password: 'Mairie2015' }, sessionToken: null, source: 'test' })
  ).sessionToken!;
});
afterAll(async () => {
  await servers?.destroy();
});

const logIn = (login: string, password: string) => portalParent(servers.portalUrl, login, password);
const dupont = () => logIn('jean.dupont', 'Bonbons2015');
const martin = () => logIn('marie.martin', 'Cantine2015');
const unreadShown = async (parent: CookieClient) =>
  Number(/vous avez\s*<a[^>]*>(\d+) Nouveau\(x\) Message\(s\)/.exec(await (await parent.get('/accueil')).text())![1]);
/** What one box lists, as text; empty when the box has no table (« Aucun message … »). */
const boxText = (html: string, caption: string) => (tableByCaption(html, caption) ?? []).flat().join(' ');
const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function sendMessage(parent: CookieClient, fields: Record<string, string>, file?: { name: string; bytes: Buffer; type: string }) {
  const page = await (await parent.get('/boite-de-reception/nouveau')).text();
  const form = new FormData();
  form.set('_csrf', csrfFrom(page));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('piece', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return parent.postMultipart('/boite-de-reception', form);
}

describe('a family writes to a structure and reads the answer', () => {
  let threadId: number;

  it('sends a message with a PDF to the Accueil de Loisirs; the agent sees it unread', async () => {
    const parent = await dupont();
    const structure = await servers.db('structures').where({ name: 'Accueil de Loisirs' }).first('id');
    const before = (await staff('messages.unread', {})).value.find((u: any) => u.structureId === structure.id)?.unread ?? 0;
    const sent = await sendMessage(
      parent,
      { structure: String(structure.id), subject: 'Vacances de Noël', body: 'Bonjour, HUGO pourra-t-il venir le 21 décembre ?' },
      { name: 'attestation.pdf', bytes: PDF_BYTES, type: 'application/pdf' },
    );
    expect(sent.status).toBe(302);
    expect(sent.headers.get('location')).toMatch(/^\/boite-de-reception\?fait=envoye#message-\d+$/);
    const inbox = await (await parent.get('/boite-de-reception?fait=envoye')).text();
    expect(inbox).toContain('Votre message est envoyé');
    expect(tableRows(inbox)).toContainEqual(expect.arrayContaining(['Vacances de Noël', 'En attente']));

    expect((await staff('messages.unread', {})).value.find((u: any) => u.structureId === structure.id).unread).toBe(before + 1);
    const threads = await staff('messages.threads', { structureId: structure.id, status: 'unread' });
    const row = threads.value.rows[0];
    expect(row).toMatchObject({
      subject: 'Vacances de Noël',
      familyNumber: '1001001010331',
      unread: 1,
      handled: false,
      structure: 'Accueil de Loisirs',
    });
    threadId = row.id;
    const detail = await staff('messages.thread', { id: threadId });
    expect(detail.value.messages[0]).toMatchObject({
      direction: 'from_family',
      body: 'Bonjour, HUGO pourra-t-il venir le 21 décembre ?',
      attachments: [{ filename: 'attestation.pdf', mimeType: 'application/pdf' }],
    });
    expect(
      (await staff('messages.threads', { structureId: structure.id, status: 'unread' })).value.rows.map((r: any) => r.id),
    ).not.toContain(threadId);
  });

  it('gets the agent’s answer as a new unread message, marked read once opened', async () => {
    const parent = await dupont();
    const unreadBefore = await unreadShown(parent);
    const replied = await staff('messages.reply', { threadId, body: 'Oui, il reste des places ce jour-là.' });
    expect(replied.value).toMatchObject({ handled: true });
    expect(await unreadShown(parent)).toBe(unreadBefore + 1);
    const answer = await servers.db('messages').where({ parent_id: threadId, direction: 'to_family' }).first('id', 'subject');
    expect(answer.subject).toBe('RE: Vacances de Noël');
    // The family asked for e-mail (« Autorisation courriel » : Oui): told a message is waiting, never its content.
    const mail = await servers.db('email_outbox').where({ to_address: 'jean.dupont@wanadoo.fr' }).orderBy('id', 'desc').first();
    expect(mail.subject).toContain('nouveau message — RE: Vacances de Noël');
    expect(mail.text_body).not.toContain('il reste des places');
    const inbox = await (await parent.get('/boite-de-reception')).text();
    // The answer is unread: the conversation says so in both boxes it belongs to.
    expect(tableByCaption(inbox, 'Messages envoyés')).toContainEqual(expect.arrayContaining(['Vacances de Noël (non lu)', '1 réponse']));
    expect(boxText(inbox, 'Messages reçus')).toContain('Vacances de Noël (non lu)');
    const thread = await (await parent.get(`/messages/${answer.id}`)).text();
    expect(thread).toContain('Bonjour, HUGO pourra-t-il venir le 21 décembre ?');
    expect(thread).toContain('Oui, il reste des places ce jour-là.');
    expect(await unreadShown(parent)).toBe(unreadBefore);
    expect((await staff('messages.thread', { id: threadId })).value.messages[1].readByFamilyAt).toBeTruthy();
  });

  it('answers back, which reopens the thread for the agent, and downloads its own attachment', async () => {
    const parent = await dupont();
    const page = await (await parent.get(`/messages/${threadId}`)).text();
    const form = new FormData();
    form.set('_csrf', csrfFrom(page));
    form.set('body', 'Merci, je le réserve.');
    const answered = await parent.postMultipart(`/messages/${threadId}/repondre`, form);
    expect(answered.status).toBe(302);
    expect((await staff('messages.thread', { id: threadId })).value).toMatchObject({ handled: false });
    const attachment = await servers
      .db('message_attachments as a')
      .join('messages as m', 'm.id', 'a.message_id')
      .where('m.id', threadId)
      .first('a.id');
    const file = await parent.get(`/messages/${threadId}/pieces/${attachment.id}`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF_BYTES)).toBe(true);
    // Another family gets nothing, whatever the URL says.
    const other = await martin();
    for (const url of [`/messages/${threadId}`, `/messages/${threadId}/pieces/${attachment.id}`])
      expect((await other.get(url)).status).toBe(404);
    const otherPage = await (await other.get('/boite-de-reception')).text();
    expect(otherPage).not.toContain('Vacances de Noël');
    expect((await other.postForm(`/messages/${threadId}/supprimer`, { _csrf: csrfFrom(otherPage) })).status).toBe(404);
  });

  it('refuses a file whose content is not what its name says, and an empty message, changing nothing', async () => {
    const parent = await dupont();
    const count = async () => Number((await servers.db('messages').count<{ n: number }[]>({ n: '*' }).first())!.n);
    const before = await count();
    const fake = await sendMessage(
      parent,
      { structure: 'mairie', subject: 'Certificat', body: 'Ci-joint.' },
      { name: 'certificat.pdf', bytes: Buffer.from('MZ this is not a pdf'), type: 'application/pdf' },
    );
    expect(fake.status).toBe(400);
    const html = await fake.text();
    expect(html).toContain(
      'La pièce jointe doit être un PDF ou une photo (JPEG, PNG) : son contenu n’en est pas un, quel que soit son nom.',
    );
    expect(html).toContain('value="Certificat"'); // what the family typed is kept
    const empty = await sendMessage(parent, { structure: 'mairie', subject: '', body: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('L’objet est obligatoire.');
    expect(await count()).toBe(before);
  });

  it('lists each conversation once, under its first subject, in « Messages reçus » and « Messages envoyés »', async () => {
    const parent = await dupont();
    const inbox = await (await parent.get('/boite-de-reception')).text();
    // The family's question, the agent's answer and the family's answer back: one conversation.
    const sent = tableByCaption(inbox, 'Messages envoyés')!;
    expect(sent.filter((row) => row.some((cell) => cell.includes('Vacances de Noël')))).toHaveLength(1);
    expect(inbox).not.toContain('RE: Vacances de Noël');
    const received = tableByCaption(inbox, 'Messages reçus')!;
    expect(received.filter((row) => row.some((cell) => cell.includes('Vacances de Noël')))).toHaveLength(1);
    expect(inbox).toContain(`href="/messages/${threadId}"`);
  });

  it('« Supprimer » in a thread deletes the whole conversation, says which, and restores it', async () => {
    const parent = await dupont();
    const answer = await servers.db('messages').where({ parent_id: threadId, direction: 'to_family' }).first('id');
    const page = await (await parent.get(`/messages/${answer.id}`)).text();
    expect(page).toContain('Supprimer cette conversation');
    expect(page).toContain('Les 3 messages de la conversation vont dans « Messages supprimés »');
    const deleted = await parent.postForm(`/messages/${answer.id}/supprimer`, { _csrf: csrfFrom(page) });
    expect(deleted.headers.get('location')).toBe(`/boite-de-reception?fait=supprime&conversation=${threadId}`);
    const thread = await servers.db('messages').where({ id: threadId }).orWhere({ parent_id: threadId }).select('deleted_by_family_at');
    expect(thread).toHaveLength(3);
    expect(thread.every((m) => m.deleted_by_family_at)).toBe(true); // every message of it, none erased
    const inbox = await (await parent.get(deleted.headers.get('location')!)).text();
    expect(inbox).toContain('La conversation « Vacances de Noël » est dans « Messages supprimés », avec tous ses messages');
    expect(tableByCaption(inbox, 'Messages supprimés')!.filter((row) => row.join(' ').includes('Vacances de Noël'))).toHaveLength(1);
    for (const box of ['Messages reçus', 'Messages envoyés']) expect(boxText(inbox, box)).not.toContain('Vacances de Noël');

    const again = await (await parent.get(`/messages/${threadId}`)).text();
    expect(again).toContain('Cette conversation est dans « Messages supprimés ».');
    const restored = await parent.postForm(`/messages/${threadId}/restaurer`, { _csrf: csrfFrom(again) });
    const after = await (await parent.get(restored.headers.get('location')!)).text();
    expect(after).toContain('La conversation « Vacances de Noël » est restaurée.');
    expect(boxText(after, 'Messages supprimés')).not.toContain('Vacances de Noël');
    expect(boxText(after, 'Messages envoyés')).toContain('Vacances de Noël');
  });

  it('names in the notice only a conversation of the family’s own, whatever the URL says', async () => {
    const other = await martin();
    const page = await (await other.get(`/boite-de-reception?fait=supprime&conversation=${threadId}`)).text();
    expect(page).not.toContain('Vacances de Noël');
    expect(page).toContain('La conversation est dans « Messages supprimés »');
  });

  it('never deletes unseen an answer that arrived while the thread was open', async () => {
    const parent = await dupont();
    const page = await (await parent.get(`/messages/${threadId}`)).text();
    const shownUpTo = /name="jusqua" value="(\d+)"/.exec(page)![1]!;
    await staff('messages.reply', { threadId, body: 'Précision : prévoir un pique-nique.' });
    await parent.postForm(`/messages/${threadId}/supprimer`, { _csrf: csrfFrom(page), jusqua: shownUpTo });
    const newest = await servers.db('messages').where({ parent_id: threadId }).orderBy('id', 'desc').first('deleted_by_family_at');
    expect(newest.deleted_by_family_at).toBeNull();
    const inbox = await (await parent.get('/boite-de-reception')).text();
    expect(boxText(inbox, 'Messages reçus')).toContain('Vacances de Noël (non lu)');
    expect(boxText(inbox, 'Messages supprimés')).not.toContain('Vacances de Noël');
  });

  it('counts as answers only what the structure wrote after the family, not its own first message', async () => {
    const parent = await dupont();
    const family = (await servers.db('families').where({ family_number: '1001001010331' }).first('id')).id;
    const [opening] = await servers
      .db('messages')
      .insert({
        family_id: family,
        structure_id: null,
        direction: 'to_family',
        subject: 'Dossier de rentrée',
        body: 'Merci de nous retourner le dossier.',
        created_at: '2026-11-27T08:00:00.000Z',
      })
      .returning('id');
    const id = Number(typeof opening === 'object' ? opening.id : opening);
    const page = await (await parent.get(`/messages/${id}`)).text();
    const form = new FormData();
    form.set('_csrf', csrfFrom(page));
    form.set('body', 'Je le dépose lundi.');
    await parent.postMultipart(`/messages/${id}/repondre`, form);
    const inbox = await (await parent.get('/boite-de-reception')).text();
    expect(tableByCaption(inbox, 'Messages envoyés')).toContainEqual(expect.arrayContaining(['Dossier de rentrée', 'En attente']));
  });

  it('brings a deleted conversation back to « Messages reçus » when the structure answers in it', async () => {
    const parent = await dupont();
    const message = await servers.db('messages').where({ subject: 'Spectacle de l’Accueil de Loisirs' }).first('id');
    const page = await (await parent.get(`/messages/${message.id}`)).text();
    await parent.postForm(`/messages/${message.id}/supprimer`, { _csrf: csrfFrom(page) });
    expect(await servers.db('messages').where({ id: message.id }).first('id')).toBeTruthy(); // never erased
    await staff('messages.reply', { threadId: message.id, body: 'Le spectacle est avancé à 17 h.' });
    const inbox = await (await parent.get('/boite-de-reception')).text();
    expect(boxText(inbox, 'Messages reçus')).toContain('Spectacle de l’Accueil de Loisirs (non lu)');
    expect(boxText(inbox, 'Messages supprimés')).not.toContain('Spectacle');
  });
});

describe('an agent writes to the families of a service', () => {
  it('reaches exactly the families with a child enrolled in it today', async () => {
    const service = await servers.db('services').where({ code: 'ALSH_MER_J' }).first('id');
    const expected = (
      await servers
        .db('enrolments as e')
        .join('children as c', 'c.id', 'e.child_id')
        .where({ 'e.service_id': service.id, 'e.status': 'active' })
        .where('e.starts_on', '<=', '2026-11-30')
        .where('e.ends_on', '>=', '2026-11-30')
        .distinct('c.family_id')
    )
      .map((r) => r.family_id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    // Before sending, the agent is told how many families it reaches, and sees the first by name.
    const preview = await staff('messages.bulkRecipients', { target: { serviceId: service.id } });
    expect(preview.value.count).toBe(expected.length);
    expect(preview.value.sample.length).toBe(Math.min(10, expected.length));
    expect([...preview.value.sample].sort((a: string, b: string) => a.localeCompare(b))).toEqual(preview.value.sample);
    const sent = await staff('messages.bulk', {
      target: { serviceId: service.id },
      senderStructureId: null,
      subject: 'Sortie au musée',
      body: 'La sortie du mercredi aura lieu au musée.',
    });
    expect(sent.value.families).toBe(expected.length);
    const reached = (await servers.db('messages').where({ bulk_id: sent.value.bulkId }).select('family_id')).map((r) => r.family_id).sort();
    expect(reached).toEqual(expected);
    const robert = await servers.db('families').where({ family_number: '1001001010333' }).first('id');
    expect(reached).not.toContain(robert.id);
    expect(await (await (await martin()).get('/boite-de-reception')).text()).toContain('Sortie au musée');
  });
});

describe('an agent writes to the families enrolled during a period', () => {
  it('reaches a family whose holiday week is over, which a message to today’s families misses', async () => {
    const service = await servers.db('services').where({ code: 'ALSH_VAC_J' }).first('id');
    const robert = await servers.db('families').where({ family_number: '1001001010333' }).first('id');
    const child = await servers.db('children').where({ family_id: robert.id }).first('id');
    // A week of the Toussaint holidays, over since.
    await servers.db('enrolments').insert({
      child_id: child.id,
      service_id: service.id,
      starts_on: '2026-10-19',
      ends_on: '2026-10-23',
      status: 'ended',
      created_at: '2026-10-01T08:00:00.000Z',
    });
    const toussaint = { from: '2026-10-19', to: '2026-11-01' };
    const during = await staff('messages.bulkRecipients', { target: { serviceId: service.id }, enrolledDuring: toussaint });
    const todays = await staff('messages.bulkRecipients', { target: { serviceId: service.id } });
    expect(during.value.count).toBeGreaterThan(todays.value.count);
    const sent = await staff('messages.bulk', {
      target: { serviceId: service.id },
      enrolledDuring: toussaint,
      senderStructureId: null,
      subject: 'Photos du séjour de la Toussaint',
      body: 'Les photos du séjour sont affichées à l’accueil.',
    });
    expect(sent.value.families).toBe(during.value.count);
    expect(await servers.db('messages').where({ bulk_id: sent.value.bulkId, family_id: robert.id }).first('id')).toBeTruthy();
  });

  it('refuses a period that ends before it starts, or longer than two years', async () => {
    const service = await servers.db('services').where({ code: 'ALSH_VAC_J' }).first('id');
    const backwards = await staff('messages.bulkRecipients', {
      target: { serviceId: service.id },
      enrolledDuring: { from: '2026-11-02', to: '2026-11-01' },
    });
    expect(backwards.error.fields['enrolledDuring.to']).toBe('La fin de la période doit suivre son début.');
    const long = await staff('messages.bulkRecipients', {
      target: { serviceId: service.id },
      enrolledDuring: { from: '2020-01-01', to: '2026-11-01' },
    });
    expect(long.error.fields['enrolledDuring.to']).toBe('Deux ans au plus.');
    const notADay = await staff('messages.bulkRecipients', {
      target: { serviceId: service.id },
      enrolledDuring: { from: '2026-02-30', to: '2026-03-01' },
    });
    expect(notADay.ok).toBe(false);
  });
});

describe('a bulk message clicked twice', () => {
  it('leaves once, and both clicks are told what it reached', async () => {
    const service = await servers.db('services').where({ code: 'ALSH_MER_J' }).first('id');
    const input = {
      target: { serviceId: service.id },
      senderStructureId: null,
      subject: 'Piscine annulée',
      body: 'La sortie piscine de mercredi est annulée.',
      sendKey: '6f1d2f0e-8a7b-4c3d-9e2f-1a2b3c4d5e6f',
    };
    const [first, second] = await Promise.all([staff('messages.bulk', input), staff('messages.bulk', input)]);
    expect(first.ok && second.ok).toBe(true);
    expect(second.value.families).toBe(first.value.families);
    const sent = await servers.db('messages').where({ subject: 'Piscine annulée' }).count<{ n: number | string }[]>({ n: '*' }).first();
    expect(Number(sent!.n)).toBe(first.value.families);
    const again = await staff('messages.bulk', input); // a retry later, too
    expect(again.value).toEqual(first.value);
    expect(
      Number((await servers.db('messages').where({ subject: 'Piscine annulée' }).count<{ n: number | string }[]>({ n: '*' }).first())!.n),
    ).toBe(first.value.families);
  });
});

describe('the dossier d’inscription', () => {
  const responseText = async (response: Response) => pdfText(await response.arrayBuffer());

  it('is pre-filled with the child’s and the family’s data, for the family’s own children only', async () => {
    const parent = await dupont();
    const lea = await servers.db('children').where({ first_name: 'LÉA', last_name: 'DUPONT' }).first('id');
    const home = await (await parent.get('/accueil')).text();
    expect(home).toContain(`href="/fiche-inscription/enfants/${lea.id}.pdf"`);
    const response = await parent.get(`/fiche-inscription/enfants/${lea.id}.pdf`);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="dossier-inscription-2027-2028-lea-dupont.pdf"');
    const text = await responseText(response);
    for (const expected of [
      'année scolaire 2027-2028',
      'LÉA DUPONT',
      '14/03/2017',
      '1001001010331',
      'Monsieur DUPONT JEAN',
      '12 RUE DES BONBONS',
      'jean.dupont@wanadoo.fr',
    ]) {
      expect(text).toContain(expected);
    }
    expect((await (await martin()).get(`/fiche-inscription/enfants/${lea.id}.pdf`)).status).toBe(404);
  });

  it('exists blank, and agents print it for a whole service', async () => {
    const blank = await responseText(await (await dupont()).get('/fiche-inscription/vierge.pdf'));
    expect(blank).toContain("Dossier d'inscription aux services périscolaires — année scolaire 2027-2028");
    expect(blank).not.toContain('DUPONT');
    const service = await servers.db('services').where({ code: 'RESTO' }).first('id');
    const printed = await staff('forms.enrolmentPdf', { serviceId: service.id });
    expect(printed.value.count).toBeGreaterThanOrEqual(4);
    expect(Buffer.from(printed.value.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });
});
