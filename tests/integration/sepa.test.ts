import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertStaffUser } from '../../shared/core/accounts/staff-auth';
import type { PortalSession } from '../../shared/core/accounts/portal-auth';
import { openInvoices } from '../../shared/core/billing/payments';
import { familyAccountView } from '../../shared/core/families/family-account-view';
import { debitNotices } from '../../shared/core/billing/sepa/debit-notices';
import { submitFamilyRequest } from '../../shared/core/requests/submit';
import { PAIN_008_NAMESPACE } from '../../shared/core/billing/sepa/pain008';
import { onlinePayability, payfipSettings } from '../../shared/core/payfip/online-payment';
import { createTestCore, TEST_NOW, TEST_PORTAL_BASE_URL, type TestCore } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { staffCalls } from '../support/staff-core';

// Monday 30 November 2026: DUPONT's AL-23 (40.20 €, issued 5 November, due 31 December) is unpaid.
let core: TestCore;
let clock: TestClock;
let agent: string;
let dupont: number;
beforeAll(async () => {
  clock = new TestClock(TEST_NOW);
  core = await createTestCore({ clock });
  await insertStaffUser(core.db, { username: 'regisseur', displayName: 'Régisseur', password: 'Regie-2026x', role: 'admin' }, TEST_NOW);
  agent = await logIn('agent', 'Mairie2015');
  const admin = await logIn('regisseur', 'Regie-2026x');
  const saved = await call(admin, 'settings.sepa', {
    ics: 'FR12ZZZ123456',
    creditorName: "Régie de Saint-Martin-d'Auxigny",
    iban: 'FR76 3000 6000 0112 3456 7890 189',
    bic: 'BNPAFRPPXXX',
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  dupont = (await core.db('invoices').where({ number: 'AL-23' }).first('family_id')).family_id;
});
afterAll(async () => {
  await core?.destroy();
});

const { logIn, call } = staffCalls(() => core);
const payability = async () =>
  onlinePayability(core.db, dupont, 'AL-23', '2026-11-30', await payfipSettings(core.db, TEST_PORTAL_BASE_URL));
const al23Remaining = async () => (await openInvoices(core.db, dupont)).find((i) => i.number === 'AL-23')?.remainingCents ?? 0;

describe('a family’s SEPA mandate', () => {
  it('is asked for by the parent through « Coordonnées Bancaires », and the account given is the mandate’s', async () => {
    const account = await core.db('portal_accounts').where({ login: 'jean.dupont' }).first();
    const parent: PortalSession = {
      actor: { kind: 'family', accountId: account.id, familyId: dupont, login: 'jean.dupont', sessionId: 'test' },
      csrfToken: 'x',
      mustChangePassword: false,
    };
    const { id, state } = await submitFamilyRequest(core.db, core.clock, parent, {
      category: 'bank',
      values: { accountHolder: 'DUPONT JEAN', iban: 'FR14 2004 1010 0505 0001 3M02 606', bic: 'PSSTFRPPXXX', directDebitWanted: true },
      source: 'test',
    });
    expect(state).toBe('pending');
    expect((await familyAccountView(core.db, dupont)).directDebit).toBe('Non');
    expect(await call(agent, 'requests.accept', { id })).toMatchObject({ ok: true });
    expect((await familyAccountView(core.db, dupont)).directDebit).toBe('Demandé : la commune vous fera signer le mandat');
    expect((await call(agent, 'records.getSection', { section: 'bank', ownerId: dupont })).value.values).toMatchObject({
      directDebitWanted: true,
      iban: 'FR1420041010050500013M02606',
    });
  });

  it('is recorded with a unique RUM and a checked account, and takes its invoices out of PayFiP', async () => {
    const bad = await call(agent, 'mandates.record', {
      familyId: dupont,
      signedOn: '2026-11-02',
      holder: 'Jean Dupont',
      iban: 'FR76 3000 6000 0112 3456 7890 180',
      bic: 'CCBPFRPPXXX',
    });
    expect(bad).toMatchObject({ ok: false, error: { type: 'validation', fields: { iban: 'IBAN invalide.' } } });
    const mandate = (
      await call(agent, 'mandates.record', {
        familyId: dupont,
        signedOn: '2026-11-02',
        holder: 'Jean Dupont',
        iban: 'FR14 2004 1010 0505 0001 3M02 606',
        bic: 'PSSTFRPPXXX',
      })
    ).value;
    expect((await familyAccountView(core.db, dupont)).directDebit).toMatch(/^Oui, mandat n° PF-\d+-1 signé le 02\/11\/2026$/);
    expect(mandate).toMatchObject({
      rum: expect.stringMatching(/^PF-\d+-1$/),
      status: 'active',
      nextSequence: 'FRST',
      ibanMasked: 'FR14 …2606',
    });
    expect(await payability()).toEqual({
      payable: false,
      reason: 'Montant prélevé le 31/12/2026 sur le compte FR14 …2606 : vous n’avez rien à faire.',
    });
  });
});

describe('the month’s debit batch (pain.008.001.02)', () => {
  it('is prepared once, even by two agents at once, with one debit per invoice', async () => {
    const [a, b] = await Promise.all([
      call(agent, 'sepa.prepare', { collectionDate: '2026-12-31' }),
      call(agent, 'sepa.prepare', { collectionDate: '2026-12-31' }),
    ]);
    const made = [a, b].filter((r) => r.ok);
    expect(made).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)?.error.type).toMatch(/conflict|validation/);
    const xml = Buffer.from(made[0].value.base64, 'base64').toString('utf8');
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseTagValue: false,
      isArray: (name) => ['PmtInf', 'DrctDbtTxInf'].includes(name),
    }).parse(xml).Document;
    expect(doc.xmlns).toBe(PAIN_008_NAMESPACE);
    const { GrpHdr, PmtInf } = doc.CstmrDrctDbtInitn;
    const transactions = PmtInf.flatMap((p: { DrctDbtTxInf: unknown[] }) => p.DrctDbtTxInf);
    expect(Number(GrpHdr.NbOfTxs)).toBe(transactions.length);
    expect(Number(GrpHdr.CtrlSum).toFixed(2)).toBe(
      transactions.reduce((s: number, t: { InstdAmt: { '#text': string } }) => s + Number(t.InstdAmt['#text']), 0).toFixed(2),
    );
    const first = PmtInf.find((p: { PmtTpInf: { SeqTp: string } }) => p.PmtTpInf.SeqTp === 'FRST');
    expect(first).toMatchObject({
      PmtMtd: 'DD',
      ReqdColltnDt: '2026-12-31',
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: 'CORE' } },
      CdtrSchmeId: { Id: { PrvtId: { Othr: { Id: 'FR12ZZZ123456' } } } },
    });
    const al23 = transactions.find((t: { PmtId: { EndToEndId: string } }) => t.PmtId.EndToEndId === 'AL-23');
    expect(al23).toMatchObject({
      InstdAmt: { Ccy: 'EUR', '#text': '40.20' },
      DrctDbtTx: { MndtRltdInf: { MndtId: expect.stringMatching(/^PF-/), DtOfSgntr: '2026-11-02' } },
      DbtrAcct: { Id: { IBAN: 'FR1420041010050500013M02606' } },
    });
    expect(await payability()).toMatchObject({
      payable: false,
      reason: 'Montant prélevé le 31/12/2026 sur le compte FR14 …2606 : vous n’avez rien à faire.',
    });
  });

  it('is confirmed from its collection date, each debit then a « Prélèvement » payment', async () => {
    const [batch] = (await call(agent, 'sepa.batches', {})).value;
    expect(await call(agent, 'sepa.confirm', { id: batch.id })).toMatchObject({ ok: false, error: { type: 'validation' } });
    clock.advanceMinutes(31 * 24 * 60);
    agent = await logIn('agent', 'Mairie2015');
    expect((await call(agent, 'sepa.confirm', { id: batch.id })).value.confirmed).toBe(batch.debitCount);
    expect(await al23Remaining()).toBe(0);
    expect((await call(agent, 'mandates.list', { familyId: dupont })).value[0]).toMatchObject({
      nextSequence: 'RCUR',
      lastCollectedOn: '2026-12-31',
    });
  });

  it('takes a rejected debit back: the invoice is due again, the family is told, the mandate is FRST again', async () => {
    const debit = await core.db('sepa_debits as d').join('invoices as i', 'i.id', 'd.invoice_id').where('i.number', 'AL-23').first('d.id');
    expect(await call(agent, 'sepa.reject', { debitId: debit.id, reasonCode: 'AM04' })).toMatchObject({ ok: true });
    expect(await al23Remaining()).toBe(4020);
    const mail = await core.db('email_outbox').where({ subject: 'Prélèvement rejeté — facture AL-23' }).first();
    expect(mail.text_body).toContain('rejeté par votre banque (motif AM04)');
    expect((await call(agent, 'mandates.list', { familyId: dupont })).value[0]).toMatchObject({
      nextSequence: 'FRST',
      lastCollectedOn: null,
    });
    expect(await call(agent, 'sepa.reject', { debitId: debit.id, reasonCode: 'AM04' })).toMatchObject({
      ok: false,
      error: { type: 'conflict' },
    });
    // The family pays it itself now, as the e-mail says: online again, and never in another batch.
    expect(await payability()).toMatchObject({ payable: true, invoice: { number: 'AL-23', remainingCents: 4020 } });
    expect(await call(agent, 'sepa.prepare', { collectionDate: '2027-01-29' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Aucune facture à prélever') },
    });
  });
});

describe('a debit in a batch not yet confirmed', () => {
  it('keeps its invoice from being paid, cancelled or its mandate revoked until it is withdrawn from the batch', async () => {
    // 31 December: MARTIN signs a mandate in November; GP-64 (issued 5 November, due 31 December) goes in January's batch.
    const invoice = await core.db('invoices').where({ number: 'GP-64' }).first('id', 'family_id');
    const mandate = (
      await call(agent, 'mandates.record', {
        familyId: invoice.family_id,
        signedOn: '2026-11-01',
        holder: 'Marie Martin',
        iban: 'FR76 3000 6000 0112 3456 7890 189',
        bic: 'AGRIFRPPXXX',
      })
    ).value;
    const batch = (await call(agent, 'sepa.prepare', { collectionDate: '2027-01-15' })).value;
    const debits = (await call(agent, 'sepa.debits', { id: batch.id })).value;
    expect(debits.map((d: { invoiceNumber: string }) => d.invoiceNumber)).toEqual(['GP-64']);
    const inBatch = {
      ok: false,
      error: { type: 'conflict', message: expect.stringContaining(`dans le lot de prélèvement ${batch.messageId} du 15/01/2027`) },
    };
    const cheque = {
      familyId: invoice.family_id,
      type: 'cheque',
      amountCents: 9199,
      paidOn: '2026-12-31',
      reference: 'Chèque n° 1',
      invoiceIds: [invoice.id],
    };
    expect(await call(agent, 'payments.record', cheque)).toMatchObject(inBatch);
    expect(await call(agent, 'invoices.cancel', { invoiceId: invoice.id, reason: 'Erreur de pointage' })).toMatchObject(inBatch);
    expect(await call(agent, 'mandates.revoke', { id: mandate.id })).toMatchObject(inBatch);

    expect(await call(agent, 'sepa.withdraw', { debitId: debits[0].id })).toMatchObject({ ok: true });
    expect(await call(agent, 'sepa.withdraw', { debitId: debits[0].id })).toMatchObject({ ok: false, error: { type: 'conflict' } });
    // Withdrawn, it may be presented again; paid at the counter meanwhile, it is not.
    expect(await call(agent, 'payments.record', cheque)).toMatchObject({ ok: true });
    expect(await call(agent, 'sepa.prepare', { collectionDate: '2027-01-20' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Aucune facture à prélever') },
    });
  });

  it('never debits an invoice issued before the mandate was signed, nor says it will', async () => {
    const unpaid = await core
      .db('invoices as i')
      .where({ 'i.kind': 'invoice', 'i.status': 'issued' })
      .whereNotIn('i.family_id', core.db('sepa_mandates').select('family_id'))
      .whereNotExists(core.db('payment_allocations as pa').whereRaw('pa.invoice_id = i.id').select(core.db.raw('1')))
      .first('i.id', 'i.family_id', 'i.number');
    const signed = await call(agent, 'mandates.record', {
      familyId: unpaid.family_id,
      signedOn: '2026-12-30',
      holder: 'Un parent',
      iban: 'FR76 3000 6000 0112 3456 7890 189',
      bic: 'AGRIFRPPXXX',
    });
    expect(signed.ok).toBe(true);
    expect((await debitNotices(core.db, [unpaid.id], '2026-12-31')).size).toBe(0);
    const payable = await onlinePayability(
      core.db,
      unpaid.family_id,
      unpaid.number,
      '2026-12-31',
      await payfipSettings(core.db, TEST_PORTAL_BASE_URL),
    );
    expect(payable).not.toMatchObject({ reason: expect.stringContaining('prélevé') });
  });
});
