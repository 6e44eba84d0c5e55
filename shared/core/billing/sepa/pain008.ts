import { XMLBuilder } from 'fast-xml-parser';

// A SEPA Core direct-debit initiation, pain.008.001.02 (ISO 20022), as banks take it: one
// payment information block per sequence type (FRST, RCUR), one transaction per invoice whose
// end-to-end id is the invoice number, text in the SEPA character set, amounts in euros.

export const PAIN_008_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02';

export interface Pain008Debit {
  endToEndId: string;
  amountCents: number;
  rum: string;
  signedOn: string;
  sequence: 'FRST' | 'RCUR';
  debtorName: string;
  debtorIban: string;
  debtorBic: string;
  remittance: string;
}

export interface Pain008Batch {
  messageId: string;
  createdAt: string;
  collectionDate: string;
  creditor: { name: string; iban: string; bic: string; ics: string };
  debits: Pain008Debit[];
}

/** The SEPA character set: Latin letters, digits and « / - ? : ( ) . , ' + » and space; accents dropped to their letter. */
export function sepaText(value: string, max: number): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œŒ]/g, (c) => (c === 'œ' ? 'oe' : 'OE'))
    .replace(/[’‘]/g, "'")
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

const euros = (cents: number) => (cents / 100).toFixed(2);
const sum = (debits: Pain008Debit[]) => debits.reduce((total, d) => total + d.amountCents, 0);

export function pain008File(batch: Pain008Batch): Buffer {
  const sequences = (['FRST', 'RCUR'] as const).filter((s) => batch.debits.some((d) => d.sequence === s));
  const document = {
    Document: {
      '@_xmlns': PAIN_008_NAMESPACE,
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      CstmrDrctDbtInitn: {
        GrpHdr: {
          MsgId: batch.messageId,
          CreDtTm: batch.createdAt.slice(0, 19),
          NbOfTxs: batch.debits.length,
          CtrlSum: euros(sum(batch.debits)),
          InitgPty: { Nm: sepaText(batch.creditor.name, 70) },
        },
        PmtInf: sequences.map((sequence) => {
          const debits = batch.debits.filter((d) => d.sequence === sequence);
          return {
            PmtInfId: `${batch.messageId}-${sequence}`,
            PmtMtd: 'DD',
            BtchBookg: 'true',
            NbOfTxs: debits.length,
            CtrlSum: euros(sum(debits)),
            PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: 'CORE' }, SeqTp: sequence },
            ReqdColltnDt: batch.collectionDate,
            Cdtr: { Nm: sepaText(batch.creditor.name, 70) },
            CdtrAcct: { Id: { IBAN: batch.creditor.iban } },
            CdtrAgt: { FinInstnId: { BIC: batch.creditor.bic } },
            ChrgBr: 'SLEV',
            CdtrSchmeId: { Id: { PrvtId: { Othr: { Id: batch.creditor.ics, SchmeNm: { Prtry: 'SEPA' } } } } },
            DrctDbtTxInf: debits.map((d) => ({
              PmtId: { EndToEndId: sepaText(d.endToEndId, 35) },
              InstdAmt: { '@_Ccy': 'EUR', '#text': euros(d.amountCents) },
              DrctDbtTx: { MndtRltdInf: { MndtId: sepaText(d.rum, 35), DtOfSgntr: d.signedOn } },
              DbtrAgt: { FinInstnId: { BIC: d.debtorBic } },
              Dbtr: { Nm: sepaText(d.debtorName, 70) },
              DbtrAcct: { Id: { IBAN: d.debtorIban } },
              RmtInf: { Ustrd: sepaText(d.remittance, 140) },
            })),
          };
        }),
      },
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', format: true });
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document)}`, 'utf8');
}
