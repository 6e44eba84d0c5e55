import type { Knex } from 'knex';
import { sharePayment, underSixOnFirstJanuary } from '../../domain/childcare-tax-credit';
import { formatShortFrenchDate } from '../../domain/french-dates';
import { formatEuros } from '../../domain/money';
import { type Clock, today } from '../clock';
import { OperationError } from '../errors';
import { responsableOf } from '../families/responsable-join';
import type { PdfSpec } from '../pdf/pdf-maker';
import { attestationIssuer, issuerBlock, signatureBlock, type AttestationIssuer } from './attestation-issuer';

/** Families ask for the year just over, and sometimes the two before (a lost paper, a late declaration). */
export const ATTESTATION_YEARS_BACK = 3;

/** The calendar years whose attestation fiscale can be printed today: from 1 January of the next year. */
export function childcareAttestationYears(clock: Clock): number[] {
  const current = Number(today(clock).slice(0, 4));
  return Array.from({ length: ATTESTATION_YEARS_BACK }, (_, i) => current - 1 - i);
}

export function checkAttestationYear(clock: Clock, year: number): void {
  const years = childcareAttestationYears(clock);
  if (!years.includes(year))
    throw new OperationError(
      'validation',
      `L’attestation fiscale d’une année est établie à partir du 1er janvier suivant : années disponibles ${years[years.length - 1]} à ${years[0]}.`,
    );
}

export interface ChildcareService {
  service: string;
  /** Paid for care: what the tax credit counts. */
  careCents: number;
  /** Paid for meals: shown apart, never counted. */
  mealCents: number;
}
export interface ChildcareChild {
  childId: number;
  firstName: string;
  lastName: string;
  birthDate: string;
  services: ChildcareService[];
  careCents: number;
  mealCents: number;
}

/**
 * The allocations a year's attestation counts: confirmed payments of that year, never one that
 * was cancelled (whenever the cancellation was recorded: it counts in no year) nor the
 * cancellation itself; only on invoices still standing (money on an invoice an avoir cancelled
 * is the account's credit, not care paid, and its days are billed again on a new invoice);
 * titres are the Trésor public's to attest.
 */
export function attestedPayments(db: Knex, year: number) {
  return db('payment_allocations as pa')
    .join('payments as p', 'p.id', 'pa.payment_id')
    .join('invoices as i', 'i.id', 'pa.invoice_id')
    .where('p.status', 'confirmed')
    .whereNot('p.type', 'titre')
    .whereNull('p.cancels_payment_id')
    .whereNotExists((q) => q.select(db.raw('1')).from('payments as c').whereRaw('c.cancels_payment_id = p.id'))
    .where({ 'i.kind': 'invoice', 'i.status': 'issued' })
    .whereBetween('p.paid_on', [`${year}-01-01`, `${year}-12-31`]);
}

/**
 * What each family paid during `year` for the care of its children under 6 on 1 January:
 * the payments attestedPayments counts, each shared
 * between the lines of the invoices it paid in proportion to them. Meals (services billed by the
 * meal) are kept apart. Titres handed to the trésorerie are not payments to the commune: the
 * Trésor public attests what it collected. For many families at once, in a bounded number of queries.
 */
export async function childcarePaid(db: Knex, familyIds: number[], year: number): Promise<Map<number, ChildcareChild[]>> {
  const byFamily = new Map<number, ChildcareChild[]>();
  if (!familyIds.length) return byFamily;
  const paid = await attestedPayments(db, year)
    .whereIn('p.family_id', familyIds)
    .groupBy('p.family_id', 'pa.invoice_id')
    .select('p.family_id', 'pa.invoice_id', db.raw('sum(pa.amount_cents) as paid_cents'));
  const invoiceIds = paid.map((p) => Number(p.invoice_id));
  const lines: Array<Record<string, unknown>> = [];
  for (let i = 0; i < invoiceIds.length; i += 500) {
    lines.push(
      ...(await db('invoice_lines as l')
        .join('children as c', 'c.id', 'l.child_id')
        .leftJoin('services as s', 's.id', 'l.service_id')
        .whereIn('l.invoice_id', invoiceIds.slice(i, i + 500))
        .orderBy('l.id')
        .select(
          'l.invoice_id',
          'l.child_id',
          'l.service_id',
          'l.amount_cents',
          's.unit',
          's.name as service',
          'c.first_name',
          'c.last_name',
          'c.birth_date',
        )),
    );
  }
  const linesOf = new Map<number, Array<Record<string, unknown>>>();
  for (const line of lines) linesOf.set(Number(line.invoice_id), [...(linesOf.get(Number(line.invoice_id)) ?? []), line]);
  const children = new Map<number, ChildcareChild & { familyId: number; byService: Map<string, ChildcareService> }>();
  for (const payment of paid) {
    const invoiceLines = linesOf.get(Number(payment.invoice_id)) ?? [];
    const shares = sharePayment(
      Number(payment.paid_cents),
      invoiceLines.map((line, index) => ({ key: index, amountCents: Number(line.amount_cents) })),
    );
    for (const [index, cents] of shares) {
      const line = invoiceLines[index]!;
      if (!underSixOnFirstJanuary(line.birth_date as string, year)) continue;
      const childId = Number(line.child_id);
      let child = children.get(childId);
      if (!child) {
        child = {
          familyId: Number(payment.family_id),
          childId,
          firstName: String(line.first_name),
          lastName: String(line.last_name),
          birthDate: String(line.birth_date),
          services: [],
          careCents: 0,
          mealCents: 0,
          byService: new Map(),
        };
        children.set(childId, child);
      }
      const name = String(line.service ?? 'Autres prestations');
      const service = child.byService.get(name) ?? { service: name, careCents: 0, mealCents: 0 };
      child.byService.set(name, service);
      if (line.unit === 'meal') {
        service.mealCents += cents;
        child.mealCents += cents;
      } else {
        service.careCents += cents;
        child.careCents += cents;
      }
    }
  }
  for (const { familyId, byService, ...child } of children.values()) {
    const services = [...byService.values()].filter((s) => s.careCents || s.mealCents);
    if (!services.length) continue;
    byFamily.set(familyId, [...(byFamily.get(familyId) ?? []), { ...child, services }]);
  }
  for (const list of byFamily.values())
    list.sort((a, b) => a.birthDate.localeCompare(b.birthDate) || a.firstName.localeCompare(b.firstName));
  return byFamily;
}

export interface ChildcareAttestation {
  year: number;
  familyNumber: string;
  payer: string;
  address: string[];
  children: ChildcareChild[];
  careCents: number;
  mealCents: number;
}

/** The families' attestations of `year`, in the order of `familyIds`; families with nothing to attest are left out. */
export async function childcareAttestations(db: Knex, familyIds: number[], year: number): Promise<ChildcareAttestation[]> {
  const paid = await childcarePaid(db, familyIds, year);
  const withAmounts = familyIds.filter((id) => paid.has(id));
  if (!withAmounts.length) return [];
  const families = await db('families as f')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .whereIn('f.id', withAmounts)
    .select('f.id', 'f.family_number', 'a.last_name', 'a.first_name', 'a.address', 'a.postal_code', 'a.city');
  const byId = new Map(families.map((f) => [Number(f.id), f]));
  return withAmounts.map((id) => {
    const family = byId.get(id)!;
    const children = paid.get(id)!;
    return {
      year,
      familyNumber: String(family.family_number),
      payer: [family.last_name, family.first_name].filter(Boolean).join(' '),
      address: [family.address, [family.postal_code, family.city].filter(Boolean).join(' ')].filter(Boolean),
      children,
      careCents: children.reduce((sum, c) => sum + c.careCents, 0),
      mealCents: children.reduce((sum, c) => sum + c.mealCents, 0),
    };
  });
}

/** One attestation as pdfmake content: the issuer, the statement, the amounts per child and service, the signature. */
export function childcareAttestationContent(attestation: ChildcareAttestation, issuer: AttestationIssuer, issuedOn: string) {
  const right = (cents: number) => ({ text: formatEuros(cents), alignment: 'right' });
  const { year } = attestation;
  return [
    ...issuerBlock(issuer),
    { text: `Attestation de frais de garde des jeunes enfants — année ${year}`, style: 'title' },
    { text: 'Article 200 quater B du code général des impôts', italics: true, margin: [0, 0, 0, 10] },
    {
      text: `${issuer.signatoryTitle}${issuer.signatoryName ? `, ${issuer.signatoryName},` : ''} atteste que ${attestation.payer} (famille n° ${attestation.familyNumber})${attestation.address.length ? `, demeurant ${attestation.address.join(', ')},` : ''} a réglé du 1er janvier au 31 décembre ${year} les sommes ci-dessous pour la garde hors du domicile de ses enfants âgés de moins de 6 ans au 1er janvier ${year}, accueillis par les services périscolaires et de loisirs de la commune.`,
      margin: [0, 0, 0, 10],
    },
    {
      table: {
        headerRows: 1,
        widths: ['*', 'auto', 'auto', 'auto'],
        body: [
          [
            { text: 'Enfant', bold: true },
            { text: 'Prestation', bold: true },
            { text: 'Frais de garde réglés', bold: true, alignment: 'right' },
            { text: 'Repas (non déductibles)', bold: true, alignment: 'right' },
          ],
          ...attestation.children.flatMap((child) =>
            child.services.map((service, index) => [
              index === 0 ? `${child.firstName} ${child.lastName}\nné(e) le ${formatShortFrenchDate(child.birthDate)}` : '',
              service.service,
              right(service.careCents),
              right(service.mealCents),
            ]),
          ),
          [{ text: 'Total', bold: true, colSpan: 2 }, '', { ...right(attestation.careCents), bold: true }, right(attestation.mealCents)],
        ],
      },
    },
    {
      text: `Montant à déclarer au titre des frais de garde des enfants de moins de 6 ans : ${formatEuros(attestation.careCents)}.`,
      bold: true,
      margin: [0, 10, 0, 4],
    },
    {
      text: 'Les frais de repas ne sont pas des frais de garde : ils sont indiqués à part et ne sont pas comptés. Les montants sont ceux réglés à la commune pendant l’année ; déduisez-en les aides que vous auriez reçues pour cette garde (aide de votre employeur, par exemple). Une facture transmise au Trésor public pour recouvrement n’y figure pas : le Trésor public atteste de son règlement.',
      fontSize: 8,
      margin: [0, 0, 0, 14],
    },
    ...signatureBlock(issuer, issuedOn),
  ];
}

const pdfSpec = (title: string, issuer: AttestationIssuer, content: unknown[]): PdfSpec => ({
  info: { title, author: issuer.name },
  pageSize: 'A4',
  pageMargins: [48, 48, 48, 56],
  content: content as PdfSpec['content'],
  styles: { commune: { fontSize: 13, bold: true }, title: { fontSize: 14, bold: true, margin: [0, 8, 0, 2] } },
  pageFooter: `${issuer.name} — attestation de frais de garde`,
});

/** The family's own attestation of `year`, as PDF content; null when nothing was paid for a child under 6. */
export async function familyChildcareAttestationSpec(
  db: Knex,
  clock: Clock,
  familyId: number,
  year: number,
): Promise<{ spec: PdfSpec; attestation: ChildcareAttestation } | null> {
  checkAttestationYear(clock, year);
  const issuer = await attestationIssuer(db);
  const [attestation] = await childcareAttestations(db, [familyId], year);
  if (!attestation) return null;
  const spec = pdfSpec(`Attestation de frais de garde ${year}`, issuer, childcareAttestationContent(attestation, issuer, today(clock)));
  return { spec, attestation };
}

/** Several families' attestations in one document, one page each (an agent's print run). */
export function childcareAttestationsSpec(attestations: ChildcareAttestation[], issuer: AttestationIssuer, issuedOn: string): PdfSpec {
  const content = attestations.flatMap((attestation, index) => {
    const page = childcareAttestationContent(attestation, issuer, issuedOn);
    return index === 0 ? page : [{ text: '', pageBreak: 'before' }, ...page];
  });
  return pdfSpec(`Attestations de frais de garde ${attestations[0]?.year ?? ''}`, issuer, content);
}
