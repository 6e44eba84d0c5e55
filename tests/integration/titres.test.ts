import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertStaffUser } from '../../shared/core/accounts/staff-auth';
import { accountStatement } from '../../shared/core/billing/statement';
import { onlinePayability, payfipSettings } from '../../shared/core/payfip/online-payment';
import { PES_ALLER_NAMESPACE } from '../../shared/core/billing/titres/pes-ormc';
import { createTestCore, TEST_NOW, TEST_PORTAL_BASE_URL, type TestCore } from '../support/test-app';
import { TestClock } from '../support/test-clock';

// The demo billed September (due 30 November); on 31 December its unpaid invoices are past the
// online-payment window (30 days) and go to the trésorerie as titres.
let core: TestCore;
let clock: TestClock;
let agent: string;
let admin: string;
beforeAll(async () => {
  clock = new TestClock(TEST_NOW);
  core = await createTestCore({ clock });
  await insertStaffUser(
    core.db,
    { username: 'regisseur', displayName: 'Régisseur principal', password: 'Regie-2026x', role: 'admin' },
    TEST_NOW,
  );
  clock.advanceMinutes(31 * 24 * 60);
  agent = await logIn('agent', 'Mairie2015');
  admin = await logIn('regisseur', 'Regie-2026x');
});
afterAll(async () => {
  await core?.destroy();
});

async function logIn(username: string, password: string) {
  const login = await core.dispatch({ name: 'auth.login', input: { username, password }, sessionToken: null, source: 'test' });
  return login.sessionToken!;
}
const call = async (session: string, name: string, input: unknown): Promise<any> =>
  (await core.dispatch({ name, input, sessionToken: session, source: 'test' })).response;

/** The régie's invoices past the online window, three of them. */
async function chosen() {
  const rows = (await call(agent, 'unpaid.list', { age: 'past_online_window', pageSize: 100 })).value.rows;
  const regieName = rows[0].regie;
  const regie = await core.db('regies').where({ name: regieName }).first('id');
  return {
    regieId: regie.id as number,
    invoiceIds: rows
      .filter((r: { regie: string }) => r.regie === regieName)
      .slice(0, 3)
      .map((r: { id: number }) => r.id),
  };
}

describe('a bordereau of titres (PES V2, PESORMC)', () => {
  it('refuses to be issued while the commune’s identifiers or a service’s codes are missing, and says which', async () => {
    // A commune that has not set them yet (the demo has).
    await core.db('commune_settings').update({ pes_id_post: '', pes_siret: '' });
    await core.db('services').update({ pes_product_code: '' });
    const input = await chosen();
    const preview = (await call(agent, 'titres.preview', input)).value;
    expect(preview.pieces).toHaveLength(3);
    expect(preview.missing).toEqual(
      expect.arrayContaining([
        'le code du poste comptable (IdPost)',
        'le SIRET de la commune (IdColl)',
        expect.stringMatching(/^le code produit de la prestation « .+ »$/),
      ]),
    );
    const refused = await call(agent, 'titres.issue', input);
    expect(refused).toMatchObject({
      ok: false,
      error: { type: 'validation', message: expect.stringContaining('il manque le code du poste comptable') },
    });
    expect(Number((await core.db('titre_bordereaux').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('takes the identifiers from an admin only', async () => {
    const services = (await core.db('services').select('id')).map((s) => ({ serviceId: s.id, productCode: 'PERI', nature: '7067' }));
    const settings = { idPost: '018000', siret: '21180233600017', codCol: '233', codBud: '01', sigle: 'MAIRIE ST MARTIN', services };
    expect(await call(agent, 'settings.pes', settings)).toMatchObject({ ok: false, error: { type: 'forbidden' } });
    expect(await call(admin, 'settings.pes', { ...settings, siret: '123' })).toMatchObject({ ok: false, error: { type: 'validation' } });
    expect(await call(admin, 'settings.pes', settings)).toMatchObject({ ok: true });
    expect((await call(agent, 'settings.pesGet', {})).value).toMatchObject({
      idPost: '018000',
      siret: '21180233600017',
      services: expect.arrayContaining([expect.objectContaining({ productCode: 'PERI', nature: '7067' })]),
    });
  });

  it('is issued once, numbered 1 in its exercice, even when two agents issue it at once', async () => {
    const input = await chosen();
    const [a, b] = await Promise.all([call(agent, 'titres.issue', input), call(agent, 'titres.issue', input)]);
    const issued = [a, b].filter((r) => r.ok);
    expect(issued).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ error: { type: 'conflict' } });
    expect(issued[0].value).toMatchObject({ exer: '2026', number: 1, pieceCount: 3, fileName: 'PESORMC_21180233600017_2026_000001.xml' });
    expect((await call(agent, 'titres.preview', input)).value.pieces).toEqual([]); // never titred twice
  });

  it('writes a PESORMC file the trésorerie reads: structure, mandatory elements, sums, the debtors', async () => {
    const [bordereau] = (await call(agent, 'titres.list', {})).value;
    const file = (await call(agent, 'titres.file', { id: bordereau.id })).value;
    const bytes = Buffer.from(file.base64, 'base64');
    const xml = bytes.toString('latin1');
    expect(xml.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>')).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['Piece', 'LigneDePiece'].includes(name),
    }).parse(xml);
    const root = parsed['n:PES_Aller'];
    expect(root['xmlns:n']).toBe(PES_ALLER_NAMESPACE);
    expect(root.Enveloppe.Parametres).toEqual({ Version: { V: '2' }, TypFic: { V: 'PESORMC' }, NomFic: { V: file.fileName } });
    expect(root.EnTetePES).toEqual({
      DteStr: { V: '2026-12-31' },
      IdPost: { V: '018000' },
      IdColl: { V: '21180233600017' },
      CodCol: { V: '233' },
      CodBud: { V: '01' },
    });
    const { BlocBordereau: head, Piece: pieces } = root.PES_RecetteAller.Bordereau;
    expect(head).toMatchObject({ Exer: { V: '2026' }, IdBord: { V: '1' }, TypBord: { V: '06' }, NbrPce: { V: '3' } });
    let bordereauCents = 0;
    for (const piece of pieces) {
      expect(piece.BlocPiece).toMatchObject({ IdPce: { V: expect.any(String) }, TypPce: { V: '15' }, NatPce: { V: '01' } });
      let pieceCents = 0;
      for (const line of piece.LigneDePiece) {
        const info = line.BlocLignePiece.InfoLignePiece;
        for (const key of ['IdLigne', 'CodProdLoc', 'Nature', 'Majo', 'TvaIntraCom', 'MtHT']) expect(info[key]?.V, key).toBeDefined();
        expect(info.MtHT.V).toMatch(/^\d+\.\d\d$/);
        pieceCents += Math.round(Number(info.MtHT.V) * 100);
        expect(line.Tiers.InfoTiers).toMatchObject({
          CatTiers: { V: '01' },
          NatJur: { V: '01' },
          TypTiers: { V: '01' },
          Nom: { V: expect.any(String) },
        });
        expect(line.Tiers.Adresse).toMatchObject({
          TypAdr: { V: '1' },
          Adr2: { V: expect.any(String) },
          CP: { V: expect.stringMatching(/^\d{5}$/) },
          Ville: { V: expect.any(String) },
          CodRes: { V: '0' },
        });
      }
      const invoice = await core
        .db('titre_pieces as tp')
        .join('invoices as i', 'i.id', 'tp.invoice_id')
        .where({ 'i.number': piece.BlocPiece.NumeroFacture.V })
        .first('tp.amount_cents');
      expect(pieceCents).toBe(Number(invoice.amount_cents));
      bordereauCents += pieceCents;
    }
    expect(Math.round(Number(head.MtBordHt.V) * 100)).toBe(bordereauCents);
    expect(bordereauCents).toBe(bordereau.totalCents);
    // Downloaded again, the very same bytes.
    expect((await call(agent, 'titres.file', { id: bordereau.id })).value.base64).toBe(file.base64);
  });

  it('settles each invoice « Titre émis (ORMC n°X) », takes it out of PayFiP and refuses an avoir here', async () => {
    const piece = await core
      .db('titre_pieces as tp')
      .join('invoices as i', 'i.id', 'tp.invoice_id')
      .first('i.id', 'i.number', 'i.family_id', 'tp.ormc_number');
    const statement = await accountStatement(core.db, piece.family_id, '2026-2027', '2026-12-31');
    expect(statement.payments.map((p) => p.typeLabel)).toContain(`Titre émis (ORMC n°${piece.ormc_number})`);
    expect(statement.invoices.find((i) => i.number === piece.number)).toMatchObject({ remainingCents: 0, overdue: false });
    const settings = await payfipSettings(core.db, TEST_PORTAL_BASE_URL);
    const payability = await onlinePayability(core.db, piece.family_id, piece.number, '2026-12-31', settings);
    expect(payability).toMatchObject({
      payable: false,
      reason: expect.stringContaining(`transmise à la trésorerie (titre ORMC n° ${piece.ormc_number})`),
    });
    expect(await call(agent, 'invoices.cancel', { invoiceId: piece.id, reason: 'Erreur' })).toMatchObject({
      ok: false,
      error: { type: 'conflict', message: expect.stringContaining('son annulation se demande à la trésorerie') },
    });
  });
});
