import type { z } from '../../../contracts/zod-fr';
import type { PesSettingsView, pesSettingsInput, TitreBordereauView, TitresPreview, titresInput } from '../../../contracts/billing';
import type { DbRow } from '../../../db/db-row';
import { isUniqueViolation } from '../../../db/unique-violation';
import { audit } from '../../audit/audit-log';
import { today } from '../../clock';
import { OperationError } from '../../errors';
import type { StaffCtx } from '../../operation';
import { responsableOf } from '../../families/responsable-join';
import { insertPayment } from '../payments';
import { linkDaysAfterDue, unpaidInvoicesQuery } from '../unpaid';
import { type PesPiece, pesOrmcFile } from './pes-ormc';

/** « 2026-000007-003 »: the ORMC number a family reads on its statement (exercice, bordereau, pièce). */
export function ormcNumber(exer: string, bordereau: number, piece: number): string {
  return `${exer}-${String(bordereau).padStart(6, '0')}-${String(piece).padStart(3, '0')}`;
}

/** The chosen invoices of the régie that may become titres: unpaid, past the online-payment window, never titred. */
async function titrable(ctx: StaffCtx, input: z.output<typeof titresInput>): Promise<DbRow[]> {
  const linkDays = await linkDaysAfterDue(ctx.db);
  return ctx.db
    .from(
      unpaidInvoicesQuery(ctx.db, today(ctx.clock), linkDays)
        .whereIn('i.id', input.invoiceIds)
        .where('i.regie_id', input.regieId)
        .whereNotExists(ctx.db('titre_pieces as tp').whereRaw('tp.invoice_id = i.id').select(ctx.db.raw('1')))
        .join('families as f', 'f.id', 'i.family_id')
        .leftJoin('family_adults as a', responsableOf('f.id'))
        .select(
          'i.id',
          'i.number',
          'i.family_id',
          'i.period_month',
          'i.total_cents',
          'f.family_number',
          'a.civility',
          'a.last_name',
          'a.first_name',
          'a.address',
          'a.postal_code',
          'a.city',
          ctx.db.raw('i.total_cents - coalesce(p.paid_cents, 0) as remaining'),
        )
        .as('u'),
    )
    .where('age', 'past_online_window')
    .orderBy('id')
    .select('*');
}

/** What the export still needs, in French: the commune's identifiers, each service's codes, each debtor's address. */
async function missingForExport(ctx: StaffCtx, rows: DbRow[]): Promise<string[]> {
  const settings = await ctx.db('commune_settings').where({ id: 1 }).first();
  const missing: string[] = [];
  if (!/^\d{6}$/.test(settings?.pes_id_post ?? '')) missing.push('le code du poste comptable (IdPost)');
  if (!/^\d{14}$/.test(settings?.pes_siret ?? '')) missing.push('le SIRET de la commune (IdColl)');
  if (!settings?.pes_cod_col) missing.push('le code collectivité (CodCol)');
  if (!settings?.pes_cod_bud) missing.push('le code budget (CodBud)');
  if (!settings?.pes_sigle) missing.push('le sigle de l’émetteur');
  const ids = rows.map((r) => Number(r.id));
  if (ids.length) {
    const services: DbRow[] = await ctx
      .db('invoice_lines as l')
      .join('services as s', 's.id', 'l.service_id')
      .whereIn('l.invoice_id', ids)
      .distinct('s.name', 's.pes_product_code', 's.pes_nature');
    for (const s of services) {
      if (!s.pes_product_code) missing.push(`le code produit de la prestation « ${s.name} »`);
      if (!s.pes_nature) missing.push(`la nature budgétaire de la prestation « ${s.name} »`);
    }
  }
  for (const r of rows) {
    if (!r.last_name || !r.address || !/^\d{5}$/.test(r.postal_code ?? '') || !r.city) {
      missing.push(`l’adresse complète du débiteur de la facture ${r.number} (nom, adresse, code postal, ville)`);
    }
  }
  return missing;
}

/** A pièce's lines: one per service of the invoice; an invoice partly paid is titred for what is left, in one line. */
async function pieceLines(ctx: StaffCtx, row: DbRow) {
  const lines: DbRow[] = await ctx
    .db('invoice_lines as l')
    .leftJoin('services as s', 's.id', 'l.service_id')
    .where('l.invoice_id', row.id)
    .groupBy('s.id', 's.name', 's.pes_product_code', 's.pes_nature')
    .orderBy('s.id')
    .select('s.name', 's.pes_product_code', 's.pes_nature', ctx.db.raw('sum(l.amount_cents) as cents'));
  const remaining = Number(row.remaining);
  const positive = lines.filter((l) => Number(l.cents) > 0);
  const full = Number(row.total_cents) === remaining && positive.length === lines.length;
  return full
    ? positive.map((l) => ({
        label: `${l.name} ${row.period_month ?? ''}`.trim(),
        productCode: l.pes_product_code,
        nature: l.pes_nature,
        amountCents: Number(l.cents),
      }))
    : [
        {
          label: `Solde de la facture ${row.number}`,
          productCode: lines[0]?.pes_product_code ?? '',
          nature: lines[0]?.pes_nature ?? '',
          amountCents: remaining,
        },
      ];
}

export async function previewTitres(ctx: StaffCtx, input: z.output<typeof titresInput>): Promise<TitresPreview> {
  const rows = await titrable(ctx, input);
  const pieces = [];
  for (const row of rows) {
    pieces.push({
      invoiceId: Number(row.id),
      invoiceNumber: row.number,
      family: `${[row.last_name, row.first_name].filter(Boolean).join(' ')} (${row.family_number})`,
      amountCents: Number(row.remaining),
      lines: (await pieceLines(ctx, row)).length,
    });
  }
  const missing = await missingForExport(ctx, rows);
  const ignored = input.invoiceIds.length - rows.length;
  if (ignored > 0)
    missing.push(
      `${ignored} facture(s) choisie(s) ne sont pas à titrer (réglées, déjà titrées, d’une autre régie ou encore payables en ligne)`,
    );
  return { exer: today(ctx.clock).slice(0, 4), missing, pieces, totalCents: pieces.reduce((s, p) => s + p.amountCents, 0) };
}

/**
 * Issues the bordereau in the call's one transaction: the exercice's next number (a counter row
 * moved here, so no gap), one pièce per invoice (a unique index: never titred twice), each
 * invoice settled by a « Titre émis (ORMC n°X) » payment, and the PESORMC file kept as written.
 */
export async function issueTitres(ctx: StaffCtx, input: z.output<typeof titresInput>): Promise<TitreBordereauView & { base64: string }> {
  const rows = await titrable(ctx, input);
  const missing = await missingForExport(ctx, rows);
  if (rows.length !== new Set(input.invoiceIds).size) {
    throw new OperationError(
      'conflict',
      'Certaines factures choisies ne sont plus à titrer (réglées, déjà titrées ou encore payables en ligne) : préparez à nouveau le bordereau.',
    );
  }
  if (missing.length) throw new OperationError('validation', `Le fichier PES ne peut pas être émis : il manque ${missing.join(' ; ')}.`);
  const issuedOn = today(ctx.clock);
  const exer = issuedOn.slice(0, 4);
  await ctx.db('pes_counters').insert({ exer, last_number: 0 }).onConflict('exer').ignore();
  await ctx.db('pes_counters').where({ exer }).increment('last_number', 1);
  const number = Number((await ctx.db('pes_counters').where({ exer }).first('last_number')).last_number);
  const settings = await ctx.db('commune_settings').where({ id: 1 }).first();
  const regie = await ctx.db('regies').where({ id: input.regieId }).first('name');
  const pieces: PesPiece[] = [];
  for (const [i, row] of rows.entries()) {
    pieces.push({
      number: i + 1,
      invoiceNumber: row.number,
      object: `Facture ${row.number} ${regie?.name ?? ''} ${row.period_month ?? ''}`.trim(),
      lines: await pieceLines(ctx, row),
      debtor: {
        reference: row.family_number,
        civility: row.civility ?? '',
        lastName: row.last_name,
        firstName: row.first_name ?? '',
        address: row.address,
        postalCode: row.postal_code,
        city: row.city,
      },
    });
  }
  const fileName = `PESORMC_${settings.pes_siret}_${exer}_${String(number).padStart(6, '0')}.xml`;
  const file = pesOrmcFile({
    fileName,
    issuedOn,
    exer,
    number,
    issuer: { sigle: settings.pes_sigle, address: [settings.address, settings.postal_code, settings.city].filter(Boolean).join(' ') },
    header: { idPost: settings.pes_id_post, siret: settings.pes_siret, codCol: settings.pes_cod_col, codBud: settings.pes_cod_bud },
    pieces,
  });
  const totalCents = pieces.reduce((sum, p) => sum + p.lines.reduce((s, l) => s + l.amountCents, 0), 0);
  const [inserted] = await ctx
    .db('titre_bordereaux')
    .insert({
      regie_id: input.regieId,
      exer,
      number,
      issued_on: issuedOn,
      piece_count: pieces.length,
      total_cents: totalCents,
      file_name: fileName,
      xml_base64: file.toString('base64'),
      created_by: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      created_at: ctx.clock.now().toISOString(),
    })
    .returning('id');
  const bordereauId = Number(typeof inserted === 'object' ? inserted.id : inserted);
  for (const [i, row] of rows.entries()) {
    const ormc = ormcNumber(exer, number, i + 1);
    try {
      await ctx.db('titre_pieces').insert({
        bordereau_id: bordereauId,
        invoice_id: row.id,
        piece_number: i + 1,
        amount_cents: Number(row.remaining),
        ormc_number: ormc,
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new OperationError('conflict', `La facture ${row.number} vient d’être titrée par un autre poste.`);
      throw error;
    }
    await insertPayment(ctx, {
      familyId: Number(row.family_id),
      type: 'titre',
      amountCents: Number(row.remaining),
      paidOn: issuedOn,
      reference: `Bordereau ${exer}-${number}`,
      ormcNumber: ormc,
      status: 'confirmed',
      recordedBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
      invoiceIds: [Number(row.id)],
    });
  }
  await audit(ctx, {
    action: 'titres.issue',
    entity: 'titre_bordereau',
    entityId: bordereauId,
    details: { exer, number, invoices: rows.map((r) => r.number), totalCents },
  });
  return {
    id: bordereauId,
    exer,
    number,
    regie: regie?.name ?? '',
    issuedOn,
    pieceCount: pieces.length,
    totalCents,
    fileName,
    base64: file.toString('base64'),
  };
}

/** A bordereau's file, exactly as it was issued. */
export async function titreFile(ctx: StaffCtx, id: number): Promise<{ fileName: string; base64: string }> {
  const row = await ctx.db('titre_bordereaux').where({ id }).first('file_name', 'xml_base64');
  if (!row) throw new OperationError('not_found', 'Ce bordereau de titres n’existe pas.');
  return { fileName: row.file_name, base64: row.xml_base64 };
}

export async function listTitreBordereaux(ctx: StaffCtx): Promise<TitreBordereauView[]> {
  const rows: DbRow[] = await ctx
    .db('titre_bordereaux as b')
    .join('regies as r', 'r.id', 'b.regie_id')
    .orderBy('b.id', 'desc')
    .limit(50)
    .select('b.*', 'r.name as regie');
  return rows.map((r) => ({
    id: Number(r.id),
    exer: r.exer,
    number: Number(r.number),
    regie: r.regie,
    issuedOn: r.issued_on,
    pieceCount: Number(r.piece_count),
    totalCents: Number(r.total_cents),
    fileName: r.file_name,
  }));
}

/** Admins set the identifiers the trésorerie gives the commune and each service's codes. */
export async function updatePesSettings(ctx: StaffCtx, input: z.output<typeof pesSettingsInput>) {
  await ctx.db('commune_settings').where({ id: 1 }).update({
    pes_id_post: input.idPost,
    pes_siret: input.siret,
    pes_cod_col: input.codCol,
    pes_cod_bud: input.codBud,
    pes_sigle: input.sigle,
  });
  for (const s of input.services) {
    const updated = await ctx.db('services').where({ id: s.serviceId }).update({ pes_product_code: s.productCode, pes_nature: s.nature });
    if (!updated) throw new OperationError('not_found', `La prestation n° ${s.serviceId} n’existe pas.`);
  }
  await audit(ctx, { action: 'settings.pes', entity: 'commune_settings', entityId: 1, details: input });
  return { saved: true as const };
}

/** The PES settings as the admin's form shows them. */
export async function pesSettings(ctx: StaffCtx): Promise<PesSettingsView> {
  const s = await ctx.db('commune_settings').where({ id: 1 }).first('pes_id_post', 'pes_siret', 'pes_cod_col', 'pes_cod_bud', 'pes_sigle');
  const services: DbRow[] = await ctx
    .db('services')
    .orderBy([{ column: 'position' }, { column: 'id' }])
    .select('id', 'name', 'pes_product_code', 'pes_nature');
  return {
    idPost: s?.pes_id_post ?? '',
    siret: s?.pes_siret ?? '',
    codCol: s?.pes_cod_col ?? '',
    codBud: s?.pes_cod_bud ?? '',
    sigle: s?.pes_sigle ?? '',
    services: services.map((r) => ({ serviceId: Number(r.id), name: r.name, productCode: r.pes_product_code, nature: r.pes_nature })),
  };
}
