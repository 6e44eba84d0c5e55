import { XMLBuilder } from 'fast-xml-parser';

// A PES V2 file of type PESORMC (titres de recette handed to the trésorerie), as DESIGN.md's
// public-finance section describes it: every value in an attribute « V », ISO-8859-1, amounts in
// euros with two decimals, the bordereau's total the sum of its pièces, each the sum of its lines.

export const PES_ALLER_NAMESPACE = 'http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller';

export interface PesLine {
  label: string;
  productCode: string;
  nature: string;
  amountCents: number;
}

export interface PesDebtor {
  reference: string;
  civility: string;
  lastName: string;
  firstName: string;
  address: string;
  postalCode: string;
  city: string;
}

export interface PesPiece {
  number: number;
  invoiceNumber: string;
  object: string;
  lines: PesLine[];
  debtor: PesDebtor;
}

export interface PesBordereau {
  fileName: string;
  issuedOn: string;
  exer: string;
  number: number;
  issuer: { sigle: string; address: string };
  header: { idPost: string; siret: string; codCol: string; codBud: string };
  pieces: PesPiece[];
}

/** Characters ISO-8859-1 lacks, as the trésorerie's systems expect them written. */
const LATIN1_REPLACEMENTS: Record<string, string> = {
  œ: 'oe',
  Œ: 'OE',
  '’': "'",
  '‘': "'",
  '€': 'EUR',
  '–': '-',
  '—': '-',
  '…': '...',
  '\u202f': ' ',
};

/** A value as ISO-8859-1 can carry it: known replacements, then anything else outside it dropped. */
export function latin1Text(value: string, max: number): string {
  const replaced = [...value].map((c) => LATIN1_REPLACEMENTS[c] ?? c).join('');
  return replaced.replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '').slice(0, max);
}

const euros = (cents: number) => (cents / 100).toFixed(2);
const v = (value: string | number) => ({ '@_V': String(value) });

/** The civility as PES writes it (« M », « MME »), empty when unknown. */
function civility(value: string): string {
  return /^mme|madame/i.test(value) ? 'MME' : /^m\.?$|^monsieur/i.test(value) ? 'M' : '';
}

function tiers(debtor: PesDebtor) {
  return {
    InfoTiers: {
      RefTiers: v(latin1Text(debtor.reference, 15)),
      CatTiers: v('01'), // personne physique
      NatJur: v('01'), // particulier
      TypTiers: v('01'), // débiteur
      ...(civility(debtor.civility) ? { Civilite: v(civility(debtor.civility)) } : {}),
      Nom: v(latin1Text(debtor.lastName, 38)),
      ...(debtor.firstName ? { Prenom: v(latin1Text(debtor.firstName, 38)) } : {}),
    },
    Adresse: {
      TypAdr: v('1'), // adresse principale
      Adr2: v(latin1Text(debtor.address, 38)),
      CP: v(latin1Text(debtor.postalCode, 5)),
      Ville: v(latin1Text(debtor.city, 38)),
      CodRes: v('0'), // résident en France
    },
  };
}

export function pieceTotalCents(piece: PesPiece): number {
  return piece.lines.reduce((sum, line) => sum + line.amountCents, 0);
}

/** The file's bytes, ISO-8859-1 encoded. */
export function pesOrmcFile(bordereau: PesBordereau): Buffer {
  const total = bordereau.pieces.reduce((sum, piece) => sum + pieceTotalCents(piece), 0);
  const document = {
    'n:PES_Aller': {
      '@_xmlns:n': PES_ALLER_NAMESPACE,
      Enveloppe: {
        Parametres: { Version: v(2), TypFic: v('PESORMC'), NomFic: v(latin1Text(bordereau.fileName, 100)) },
        Emetteur: { Sigle: v(latin1Text(bordereau.issuer.sigle, 40)), Adresse: v(latin1Text(bordereau.issuer.address, 100)) },
      },
      EnTetePES: {
        DteStr: v(bordereau.issuedOn),
        IdPost: v(bordereau.header.idPost),
        IdColl: v(bordereau.header.siret),
        CodCol: v(bordereau.header.codCol),
        CodBud: v(bordereau.header.codBud),
      },
      PES_RecetteAller: {
        EnTeteRecette: { IdVer: v(2) },
        Bordereau: {
          BlocBordereau: {
            Exer: v(bordereau.exer),
            IdBord: v(bordereau.number),
            DteBordEm: v(bordereau.issuedOn),
            TypBord: v('06'), // bordereau de titres de recette (ORMC)
            NbrPce: v(bordereau.pieces.length),
            MtBordHt: v(euros(total)),
          },
          Piece: bordereau.pieces.map((piece) => ({
            BlocPiece: {
              IdPce: v(piece.number),
              TypPce: v('15'), // titre ordinaire
              NatPce: v('01'), // titre de recette
              ObjPce: v(latin1Text(piece.object, 160)),
              NumeroFacture: v(latin1Text(piece.invoiceNumber, 20)),
            },
            LigneDePiece: piece.lines.map((line, i) => ({
              BlocLignePiece: {
                InfoLignePiece: {
                  IdLigne: v(i + 1),
                  ObjLignePce: v(latin1Text(line.label, 160)),
                  CodProdLoc: v(latin1Text(line.productCode, 4)),
                  Nature: v(latin1Text(line.nature, 10)),
                  Majo: v(0),
                  TvaIntraCom: v(0),
                  MtHT: v(euros(line.amountCents)),
                },
              },
              Tiers: tiers(piece.debtor),
            })),
          })),
        },
      },
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true, format: true });
  const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>\n${builder.build(document)}`;
  return Buffer.from(xml, 'latin1');
}
