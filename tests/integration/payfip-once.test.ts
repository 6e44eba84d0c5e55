import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleUrlModeReturn, startOnlinePayment } from '../../shared/core/payfip/online-payment';
import { createTestCore, TEST_NOW, TEST_PORTAL_BASE_URL, type TestCore } from '../support/test-app';
import { TestClock } from '../support/test-clock';

// Today in tests: Monday 30 November 2026. MARTIN's GP-64 (91.99 €) is unpaid and payable online until 30 January 2027.
let core: TestCore;
let clock: TestClock;
let martin: number;

beforeAll(async () => {
  clock = new TestClock(TEST_NOW);
  core = await createTestCore({ clock });
  await core.db('commune_settings').update({ payfip_mode: 'url', payfip_url_mode_url: 'https://www.payfip.gouv.fr/tpa/paiement.web' });
  martin = (await core.db('invoices').where({ number: 'GP-64' }).first('family_id')).family_id;
});
afterAll(async () => {
  await core?.destroy();
});

const pay = () =>
  startOnlinePayment(core.db, clock, { familyId: martin, invoiceNumber: 'GP-64', fallbackBaseUrl: TEST_PORTAL_BASE_URL, source: 'test' });
const tokenOf = (outcome: Awaited<ReturnType<typeof pay>>) => {
  const redirect = outcome && 'redirect' in outcome ? outcome.redirect : '';
  return /retour%2F([A-Za-z0-9_-]{32})/.exec(redirect)?.[1] ?? '';
};
/** What PayFiP appends to « urlcl » after the family's choice. */
const answer = (resultrans: 'P' | 'A' | 'R', numauto = '') => ({
  numcli: '018110',
  exer: '2026',
  refdet: 'GP000064',
  montant: '9199',
  resultrans,
  numauto,
  dattrans: '30112026',
  heurtrans: '1010',
});
const paymentsOfGp64 = () =>
  core
    .db('payments')
    .where({ family_id: martin })
    .where('reference', 'like', 'PayFiP%')
    .orderBy('id')
    .select('amount_cents', 'refund_due_cents');

describe('six simultaneous « Payer » on one invoice', () => {
  it('open one PayFiP attempt, and every click is sent to that same payment', async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => pay()));
    const pending = await core.db('payfip_transactions').where({ refdet: 'GP000064', status: 'pending' }).select('return_token');
    expect(pending).toHaveLength(1);
    expect(outcomes.map(tokenOf)).toEqual(Array(6).fill(pending[0].return_token));
  });
});

describe('an unsigned return (URL mode)', () => {
  it('counts only with its attempt’s token: a forged « abandoned » cannot discard the family’s genuine payment', async () => {
    const token = (await core.db('payfip_transactions').where({ refdet: 'GP000064', status: 'pending' }).first('return_token'))
      .return_token;
    const forged = await handleUrlModeReturn(core.db, clock, 'A'.repeat(32), answer('A'), '203.0.113.9');
    expect(forged.outcome).toBe('unmatched');
    const genuine = await handleUrlModeReturn(core.db, clock, token, answer('P', '000042'), '198.51.100.7');
    expect(genuine.outcome).toBe('to_confirm');
    // An « abandoned » arriving afterwards, even with the token, changes nothing.
    expect((await handleUrlModeReturn(core.db, clock, token, answer('A'), '198.51.100.7')).outcome).toBe('to_confirm');
    expect(await paymentsOfGp64()).toEqual([{ amount_cents: 9199, refund_due_cents: 0 }]);
  });

  it('stops an address that keeps naming no attempt', async () => {
    const outcomes = [];
    for (let i = 0; i < 11; i += 1)
      outcomes.push((await handleUrlModeReturn(core.db, clock, `${i}`.padStart(32, 'x'), answer('A'), '192.0.2.66')).outcome);
    expect(outcomes.slice(0, 9).every((o) => o === 'unmatched')).toBe(true);
    expect(outcomes.at(-1)).toBe('throttled');
    // A return with its attempt's token still counts from that address: a family is never stopped.
    const token = (await core.db('payfip_transactions').where({ refdet: 'GP000064', status: 'paid' }).first('return_token')).return_token;
    expect((await handleUrlModeReturn(core.db, clock, token, answer('P', '000042'), '192.0.2.66')).outcome).toBe('to_confirm');
  });
});

describe('a payment that arrives for an invoice already settled', () => {
  it('is recorded, and kept for an agent as a refund to make rather than silent credit', async () => {
    // MARTIN's payment is rejected (absent from the trésorerie's statement): GP-64 is due again.
    const payment = await core.db('payments').where({ family_id: martin }).where('reference', 'like', 'PayFiP%').first('id');
    await core.db('payment_allocations').where({ payment_id: payment.id }).delete();
    await core.db('payments').where({ id: payment.id }).update({ status: 'rejected' });
    const first = tokenOf(await pay());
    clock.advanceMinutes(30); // the family left PayFiP's page open and comes back later: a new attempt
    const second = tokenOf(await pay());
    expect(second).not.toBe(first);
    expect((await handleUrlModeReturn(core.db, clock, second, answer('P', '000043'), '198.51.100.7')).outcome).toBe('to_confirm');
    // The first page is paid too, later: the card was debited twice.
    expect((await handleUrlModeReturn(core.db, clock, first, answer('P', '000044'), '198.51.100.7')).outcome).toBe('to_confirm');
    expect(await paymentsOfGp64()).toEqual([
      { amount_cents: 9199, refund_due_cents: 0 },
      { amount_cents: 9199, refund_due_cents: 0 },
      { amount_cents: 9199, refund_due_cents: 9199 },
    ]);
    const agent = await core.dispatch({
      name: 'auth.login',
      input: { username: 'agent', password: 'Mairie2015' },
      sessionToken: null,
      source: 'test',
    });
    const refunds = await core.dispatch({
      name: 'payments.list',
      input: { status: 'refund_due' },
      sessionToken: agent.sessionToken!,
      source: 'test',
    });
    expect(refunds.response).toMatchObject({ ok: true, value: { total: 1, rows: [{ amountCents: 9199, refundDueCents: 9199 }] } });
    expect(Number((await core.db('audit_log').where({ action: 'payfip.refund_due' }).count({ n: '*' }).first())?.n)).toBe(1);
  });
});
