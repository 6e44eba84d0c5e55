import type { Knex } from 'knex';
import { formatLongFrenchDate } from '../../domain/french-dates';
import { OperationError } from '../errors';

/** Who issues the attestations: the commune, with its SIRET, and who signs for it. */
export interface AttestationIssuer {
  name: string;
  address: string[];
  siret: string;
  contact: string;
  city: string;
  signatoryName: string;
  signatoryTitle: string;
}

/**
 * The commune as the attestations name it. The tax administration asks for the structure's
 * SIRET: without it there is no attestation, and the message says who can fix it.
 */
export async function attestationIssuer(db: Knex): Promise<AttestationIssuer> {
  const row = await db('commune_settings')
    .where({ id: 1 })
    .first('name', 'address', 'postal_code', 'city', 'phone', 'email', 'pes_siret', 'signatory_name', 'signatory_title');
  if (!row || !/^\d{14}$/.test(row.pes_siret ?? ''))
    throw new OperationError(
      'validation',
      'L’attestation ne peut pas encore être établie : le SIRET de la commune n’est pas renseigné (Paramètres, « Titres pour la trésorerie »). Contactez la mairie.',
    );
  return {
    name: String(row.name),
    address: [row.address, [row.postal_code, row.city].filter(Boolean).join(' ')].filter(Boolean),
    siret: String(row.pes_siret),
    contact: [row.phone, row.email].filter(Boolean).join(' — '),
    city: String(row.city ?? ''),
    signatoryName: String(row.signatory_name ?? ''),
    signatoryTitle: String(row.signatory_title || 'Le Maire'),
  };
}

/** The letterhead: the commune, its address, its SIRET and how to reach it. */
export function issuerBlock(issuer: AttestationIssuer) {
  return [
    { text: issuer.name, style: 'commune' },
    ...issuer.address.map((line) => ({ text: line })),
    { text: `SIRET ${issuer.siret.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, '$1 $2 $3 $4')}` },
    issuer.contact ? { text: issuer.contact, margin: [0, 0, 0, 12] } : { text: '', margin: [0, 0, 0, 12] },
  ];
}

/** « Fait à …, le … », the signatory's title and name, and room to sign. */
export function signatureBlock(issuer: AttestationIssuer, issuedOn: string) {
  return [
    { text: `Fait${issuer.city ? ` à ${issuer.city}` : ''}, le ${formatLongFrenchDate(issuedOn)}, pour servir et valoir ce que de droit.` },
    { text: issuer.signatoryTitle, margin: [260, 16, 0, 0] },
    issuer.signatoryName ? { text: issuer.signatoryName, bold: true, margin: [260, 2, 0, 0] } : '',
    { text: '(signature et cachet)', italics: true, fontSize: 8, color: '#555555', margin: [260, 30, 0, 0] },
  ];
}
