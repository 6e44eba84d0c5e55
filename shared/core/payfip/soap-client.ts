import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** The namespace of PayFiP's « PaiementSecuriseService » (web-service mode). */
export const PAYFIP_NAMESPACE =
  'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';

/** PayFiP answered with a SOAP fault, or could not be reached: its message is for the log. */
export class PayfipError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });
// Every value stays a string: « 018110 » keeps its leading zero, amounts stay exact.
export const soapParser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, trimValues: true });

/** A SOAP 1.1 envelope around one operation whose parameters are in `arg0`. */
export function soapRequest(operation: string, arg0: Record<string, string>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({
    'soapenv:Envelope': {
      '@_xmlns:soapenv': 'http://schemas.xmlsoap.org/soap/envelope/',
      '@_xmlns:pai': PAYFIP_NAMESPACE,
      'soapenv:Body': { [`pai:${operation}`]: { arg0 } },
    },
  })}`;
}

/** An element of a parsed SOAP message: its children by name, as fast-xml-parser gives them. */
// biome-ignore lint/suspicious/noExplicitAny: parsed XML has whatever shape the sender gave it; each reader checks the fields it takes.
export type XmlNode = Record<string, any>;

/** The Body of a SOAP envelope, namespace prefixes removed. */
export function soapBody(xml: string): XmlNode {
  const parsed = soapParser.parse(xml) as XmlNode;
  const body = parsed?.Envelope?.Body;
  if (!body || typeof body !== 'object') throw new PayfipError('soap', 'Réponse SOAP illisible.');
  return body;
}

async function call(url: string, operation: string, arg0: Record<string, string>): Promise<Record<string, string>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '' },
      body: soapRequest(operation, arg0),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new PayfipError('unreachable', `PayFiP injoignable : ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: XmlNode;
  try {
    body = soapBody(text);
  } catch {
    throw new PayfipError('soap', `Réponse PayFiP illisible (HTTP ${response.status}).`);
  }
  if (body.Fault) {
    const detail = body.Fault.detail ? Object.values(body.Fault.detail as XmlNode)[0] : undefined;
    const code = typeof detail === 'object' && detail ? String(detail.code ?? 'fault') : 'fault';
    const label =
      typeof detail === 'object' && detail ? String(detail.libelle ?? body.Fault.faultstring ?? '') : String(body.Fault.faultstring ?? '');
    throw new PayfipError(code, label || 'Erreur PayFiP.');
  }
  const result = body[`${operation}Response`]?.return;
  if (!result || typeof result !== 'object') throw new PayfipError('soap', `Réponse PayFiP sans « return » (HTTP ${response.status}).`);
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

export interface CreatePaymentParams {
  exer: string;
  mel: string;
  montant: string;
  numcli: string;
  objet: string;
  refdet: string;
  saisie: string;
  urlnotif: string;
  urlredirect: string;
}

/** creerPaiementSecurise: registers the payment with PayFiP and returns its operation id. */
export async function creerPaiementSecurise(url: string, params: CreatePaymentParams): Promise<string> {
  const result = await call(url, 'creerPaiementSecurise', { ...params });
  if (!result.idOp) throw new PayfipError('soap', 'PayFiP n’a pas rendu d’identifiant d’opération.');
  return result.idOp;
}

export interface PaymentDetail {
  dattrans: string;
  exer: string;
  heurtrans: string;
  idOp: string;
  mel: string;
  montant: string;
  numauto: string;
  numcli: string;
  objet: string;
  refdet: string;
  resultrans: string;
  saisie: string;
}

/** recupererDetailPaiementSecurise: PayFiP's own account of what happened to an operation. */
export async function recupererDetailPaiementSecurise(url: string, idOp: string): Promise<PaymentDetail> {
  const r = await call(url, 'recupererDetailPaiementSecurise', { idOp });
  const field = (k: string) => r[k] ?? '';
  return {
    dattrans: field('dattrans'),
    exer: field('exer'),
    heurtrans: field('heurtrans'),
    idOp: field('idOp'),
    mel: field('mel'),
    montant: field('montant'),
    numauto: field('numauto'),
    numcli: field('numcli'),
    objet: field('objet'),
    refdet: field('refdet'),
    resultrans: field('resultrans'),
    saisie: field('saisie'),
  };
}
