import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { maskIban } from '../../shared/contracts/record-sections';
import type { PortalSession } from '../../shared/core/accounts/portal-auth';
import { sealStoredSecrets } from '../../shared/core/secrets/seal-stored';
import { submitFamilyRequest } from '../../shared/core/requests/submit';
import { DataKeyError, generateDataKey, installDataKeys, isSealed, parseDataKey, sealedWith } from '../../shared/security/sealed-secrets';
import { createTestCore, TEST_NOW, type TestCore } from '../support/test-app';
import { TEST_DATA_KEY } from '../support/test-data-key';
import { TestClock } from '../support/test-clock';
import { staffCalls } from '../support/staff-core';

// What a copy of the database file gives away: no account number, no SMTP password. The agents
// and the family read them as before; the journal names a changed IBAN by its masked form.
const IBAN = 'FR1420041010050500013M02606';
const CREDITOR_IBAN = 'FR7630006000011234567890189';

let core: TestCore;
let agent: string;
let admin: string;
let dupont: number;
beforeAll(async () => {
  core = await createTestCore({ clock: new TestClock(TEST_NOW) });
  agent = await logIn('agent', 'Mairie2015');
  admin = await logIn('directrice', 'Direction2015');
  dupont = (await core.db('portal_accounts').where({ login: 'jean.dupont' }).first('family_id')).family_id;
});
afterAll(async () => {
  await core?.destroy();
});
afterEach(() => {
  installDataKeys(parseDataKey(TEST_DATA_KEY));
});

const { logIn, call } = staffCalls(() => core);

/** DUPONT's parent, as the portal's session gives them to the core. */
async function dupontParent(): Promise<PortalSession> {
  const account = await core.db('portal_accounts').where({ login: 'jean.dupont' }).first();
  return {
    actor: { kind: 'family', accountId: account.id, familyId: dupont, login: 'jean.dupont', sessionId: 'test' },
    csrfToken: 'x',
    mustChangePassword: false,
  };
}

/** Every text column of the tables that hold secrets, as a copy of the file would show them. */
async function storedText(): Promise<string> {
  const tables = ['family_bank', 'sepa_mandates', 'sepa_batches', 'commune_settings', 'requests', 'audit_log'];
  const rows = await Promise.all(tables.map((t) => core.db(t).select('*')));
  return JSON.stringify(rows);
}

describe('bank details and the SMTP password at rest', () => {
  it('a parent’s new IBAN, asked for and accepted, is sealed in the request, the record and the journal', async () => {
    const parent = await dupontParent();
    const { id } = await submitFamilyRequest(core.db, core.clock, parent, {
      category: 'bank',
      values: { accountHolder: 'DUPONT JEAN', iban: 'FR14 2004 1010 0505 0001 3M02 606', bic: 'PSSTFRPPXXX', directDebitWanted: true },
      source: 'test',
    });
    const request = await core.db('requests').where({ id }).first('proposed_json');
    expect(request.proposed_json).not.toContain(IBAN);
    expect(isSealed(JSON.parse(request.proposed_json).iban)).toBe(true);
    const detail = (await call(agent, 'requests.get', { id })).value;
    expect(detail.changes.find((c: { field: string }) => c.field === 'iban')).toMatchObject({ after: maskIban(IBAN) });
    expect(await call(agent, 'requests.accept', { id })).toMatchObject({ ok: true });
    expect((await call(agent, 'records.getSection', { section: 'bank', ownerId: dupont })).value.values.iban).toBe(IBAN);
    expect(isSealed((await core.db('family_bank').where({ family_id: dupont }).first('iban')).iban)).toBe(true);
    expect(await storedText()).not.toContain(IBAN);
  });

  it('a mandate and its direct-debit file keep the account sealed, and the file downloaded names it in clear', async () => {
    expect(
      await call(admin, 'settings.sepa', { ics: 'FR12ZZZ123456', creditorName: 'Régie', iban: CREDITOR_IBAN, bic: 'BNPAFRPPXXX' }),
    ).toMatchObject({ ok: true });
    expect(
      await call(agent, 'mandates.record', {
        familyId: dupont,
        signedOn: '2026-11-02',
        holder: 'Jean Dupont',
        iban: IBAN,
        bic: 'PSSTFRPPXXX',
      }),
    ).toMatchObject({ ok: true, value: { ibanMasked: 'FR14 …2606' } });
    const batch = await call(agent, 'sepa.prepare', { collectionDate: '2026-12-31' });
    expect(batch, JSON.stringify(batch)).toMatchObject({ ok: true });
    const xml = Buffer.from((await call(agent, 'sepa.file', { id: batch.value.id })).value.base64, 'base64').toString('utf8');
    expect(xml).toContain(`<IBAN>${IBAN}</IBAN>`);
    expect(xml).toContain(`<IBAN>${CREDITOR_IBAN}</IBAN>`);
    const stored = await storedText();
    expect(stored).not.toContain(IBAN);
    expect(stored).not.toContain(CREDITOR_IBAN);
    expect(stored).not.toContain(Buffer.from(xml).toString('base64').slice(0, 60));
  });

  it('the SMTP password is sealed, never returned, and the journal only says it changed', async () => {
    const saved = await call(admin, 'settings.updateSmtp', {
      host: 'smtp.example.org',
      port: 587,
      secure: false,
      user: 'mairie',
      from: 'mairie@example.org',
      password: 'Secret-SMTP-2026',
    });
    expect(saved).toMatchObject({ ok: true, value: { smtp: { passwordSet: true } } });
    expect(JSON.stringify(saved)).not.toContain('Secret-SMTP-2026');
    expect(isSealed((await core.db('commune_settings').where({ id: 1 }).first('smtp_password')).smtp_password)).toBe(true);
    expect(await storedText()).not.toContain('Secret-SMTP-2026');
  });
});

describe('a sealed value copied where a family can write', () => {
  it('stays text: pasted into a message or a request, it is shown as typed, never opened', async () => {
    const creditor = (await core.db('commune_settings').where({ id: 1 }).first('sepa_creditor_iban')).sepa_creditor_iban;
    const smtp = (await core.db('commune_settings').where({ id: 1 }).first('smtp_password')).smtp_password;
    expect(isSealed(creditor) && isSealed(smtp)).toBe(true);
    const parent = await dupontParent();
    const { id } = await submitFamilyRequest(core.db, core.clock, parent, {
      category: 'bank',
      values: { accountHolder: 'DUPONT JEAN', bankName: creditor.slice(0, 120), iban: IBAN, bic: 'PSSTFRPPXXX', directDebitWanted: true },
      source: 'test',
    });
    await core.db('messages').insert({ family_id: dupont, direction: 'from_family', subject: 'Copie', body: smtp, created_at: TEST_NOW });
    const detail = await call(agent, 'requests.get', { id });
    expect(detail.ok).toBe(true);
    expect(JSON.stringify(detail)).not.toContain(CREDITOR_IBAN);
    const exported = await call(agent, 'families.personalData', { familyId: dupont, format: 'json' });
    expect(exported.ok).toBe(true);
    const text = Buffer.from(exported.value.base64, 'base64').toString('utf8');
    expect(text).not.toContain(CREDITOR_IBAN);
    expect(text).not.toContain('Secret-SMTP-2026');
    // The family's own account is what the export opens.
    expect(text).toContain(IBAN);
  });
});

describe('the data key at start', () => {
  it('leaves a request it cannot read as it is, and starts', async () => {
    const [created] = await core
      .db('requests')
      .insert({
        family_id: dupont,
        category: 'bank',
        proposed_json: '{oops',
        previous_json: 'null',
        state: 'refused',
        family_comment: '',
        created_at: TEST_NOW,
      })
      .returning('id');
    await expect(sealStoredSecrets(core.db)).resolves.toBeGreaterThanOrEqual(0);
    await core
      .db('requests')
      .where({ id: typeof created === 'object' ? created.id : created })
      .delete();
  });

  it('seals what a database from before sealing kept in clear, and reads it as before', async () => {
    await core.db('family_bank').where({ family_id: dupont }).update({ iban: IBAN });
    await core.db('commune_settings').where({ id: 1 }).update({ smtp_password: 'Clair-2025' });
    // Read before the start has sealed it: refused, not used (an account written behind the application's back).
    expect((await call(agent, 'records.getSection', { section: 'bank', ownerId: dupont })).ok).toBe(false);
    expect(await sealStoredSecrets(core.db)).toBeGreaterThanOrEqual(2);
    expect(await storedText()).not.toContain(IBAN);
    expect((await call(agent, 'records.getSection', { section: 'bank', ownerId: dupont })).value.values.iban).toBe(IBAN);
    expect(await sealStoredSecrets(core.db)).toBe(0);
  });

  it('a new key with the old one as previous seals everything again; then the old one is no longer needed', async () => {
    const old = parseDataKey(TEST_DATA_KEY);
    const next = parseDataKey(generateDataKey());
    installDataKeys(next, [old]);
    expect(await sealStoredSecrets(core.db)).toBeGreaterThanOrEqual(4);
    installDataKeys(next);
    const row = await core.db('family_bank').where({ family_id: dupont }).first('iban');
    expect(sealedWith(row.iban)).toBe(next.id);
    expect((await call(agent, 'records.getSection', { section: 'bank', ownerId: dupont })).value.values.iban).toBe(IBAN);
    const request = await core
      .db('requests')
      .where({ category: 'bank' })
      .where('proposed_json', 'like', '%"iban":"%')
      .orderBy('id', 'desc')
      .first('proposed_json');
    expect(sealedWith(JSON.parse(request.proposed_json).iban)).toBe(next.id);
    // Back to the tests' key for the rest of the file, the same way.
    installDataKeys(old, [next]);
    await sealStoredSecrets(core.db);
  });

  it('refuses a database sealed with a key it does not hold, and reads nothing wrong meanwhile', async () => {
    installDataKeys(parseDataKey(generateDataKey()));
    await expect(sealStoredSecrets(core.db)).rejects.toThrow(DataKeyError);
    await expect(sealStoredSecrets(core.db)).rejects.toThrow(/autre clé/);
    const answer = await call(agent, 'records.getSection', { section: 'bank', ownerId: dupont });
    expect(answer.ok).toBe(false);
  });
});
