import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Clock } from '../shared/core/clock';
import { soapBody, type XmlNode } from '../shared/core/payfip/soap-client';
import { isoDateInTimeZone } from '../shared/domain/french-dates';
import { formatEuros } from '../shared/domain/money';
import { PAYFIP_SIMULATOR_PREFIX } from '../shared/domain/payfip';
import { renderPage } from './views/render';
import { XMLBuilder } from 'fast-xml-parser';

/**
 * A stand-in for PayFiP, built into the demo portal so that the whole round trip can be tried
 * and tested without the State's service: its SOAP web service (creerPaiementSecurise,
 * recupererDetailPaiementSecurise), its payment page for an operation id, and the older URL
 * mode's page. It checks parameters as PayFiP does and answers in PayFiP's formats. Never
 * mounted in production.
 */
const SIMULATOR_PREFIX = PAYFIP_SIMULATOR_PREFIX;

interface Operation {
  idOp: string;
  params: Record<string, string>;
  createdAt: number;
  result?: { resultrans: string; numauto: string; dattrans: string; heurtrans: string };
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
const envelope = (body: Record<string, unknown>) =>
  `<?xml version="1.0" encoding="UTF-8"?>${builder.build({
    'soap:Envelope': { '@_xmlns:soap': 'http://schemas.xmlsoap.org/soap/envelope/', 'soap:Body': body },
  })}`;
const NS = 'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';
const fault = (code: string, libelle: string) =>
  envelope({
    'soap:Fault': {
      faultcode: 'soap:Server',
      faultstring: libelle,
      detail: { 'ns2:FonctionnelleErreur': { '@_xmlns:ns2': NS, code, descriptif: libelle, libelle } },
    },
  });

/** The parameter checks PayFiP applies to a payment request; a French reason or null. */
export function invalidPaymentParams(p: Record<string, string>, ws: boolean): string | null {
  if (!/^\d{6}$/.test(p.numcli ?? '')) return 'numcli invalide (6 chiffres)';
  if (!/^\d{4}$/.test(p.exer ?? '')) return 'exer invalide (4 chiffres)';
  if (!/^[A-Za-z0-9]{6,30}$/.test(p.refdet ?? '')) return 'refdet invalide (6 à 30 lettres ou chiffres)';
  if (!/^[1-9]\d{0,9}$/.test(p.montant ?? '')) return 'montant invalide (centimes)';
  if (!/^[A-Za-z0-9 ]{0,100}$/.test(p.objet ?? '')) return 'objet invalide';
  if ((p.mel ?? '').length < 6 || (p.mel ?? '').length > 80 || !(p.mel ?? '').includes('@')) return 'mel invalide';
  if (!(ws ? ['T', 'X', 'W'] : ['T', 'X', 'A']).includes(p.saisie ?? '')) return 'saisie invalide';
  if (ws && (!/^https?:\/\//.test(p.urlnotif ?? '') || !/^https?:\/\//.test(p.urlredirect ?? '')))
    return 'urlnotif ou urlredirect invalide';
  if (!ws && !/^https?:\/\//.test(p.urlcl ?? '')) return 'urlcl invalide';
  return null;
}

async function readText(ctx: Context, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function SimulatorPage(props: { title: string; children: React.ReactNode }) {
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — PayFiP (simulateur)`}</title>
        <link rel="stylesheet" href="/static/portal.css" />
      </head>
      <body>
        <header className="site-header">
          <p className="brand">PayFiP — simulateur de démonstration</p>
        </header>
        <main id="contenu">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

function PaymentSummary({ params }: { params: Record<string, string> }) {
  return (
    <dl className="pairs">
      <dt>N° client de la collectivité :</dt>
      <dd>{params.numcli}</dd>
      <dt>Référence de la dette :</dt>
      <dd>{params.refdet}</dd>
      <dt>Exercice :</dt>
      <dd>{params.exer}</dd>
      <dt>Objet :</dt>
      <dd>{params.objet}</dd>
      <dt>Montant :</dt>
      <dd>{formatEuros(Number(params.montant))}</dd>
      <dt>Adresse électronique :</dt>
      <dd>{params.mel}</dd>
    </dl>
  );
}

function DecisionButtons({ action, hidden }: { action: string; hidden: Record<string, string> }) {
  return (
    <div className="actions">
      {[
        ['P', 'Payer'],
        ['R', 'Refuser (carte refusée)'],
        ['A', 'Abandonner'],
      ].map(([code, label]) => (
        <form key={code} method="post" action={action}>
          {Object.entries(hidden).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <input type="hidden" name="resultrans" value={code} />
          <button type="submit" className={code === 'P' ? 'primary' : undefined}>
            {label}
          </button>
        </form>
      ))}
    </div>
  );
}

export function payfipSimulatorRoutes(clock: Clock, portalOrigins: () => Promise<string[]>): Router {
  const operations = new Map<string, Operation>();
  /** The simulator posts notifications and sends browsers back to the portal it is part of, and nowhere else. */
  const toPortal = async (...addresses: Array<string | undefined>) => {
    const origins = await portalOrigins();
    return addresses.every((address) => {
      try {
        return origins.includes(new URL(address ?? '').origin);
      } catch {
        return false;
      }
    });
  };
  const router = new Router({ prefix: SIMULATOR_PREFIX });
  let authorisations = 0;
  const result = (resultrans: string) => {
    const now = clock.now();
    const day = isoDateInTimeZone(now);
    const time = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(now)
      .replace(':', '');
    authorisations += 1;
    return {
      resultrans,
      numauto: resultrans === 'P' ? `SIM${String(authorisations).padStart(6, '0')}` : '',
      dattrans: day.split('-').reverse().join(''),
      heurtrans: time,
    };
  };

  router.post('/services/securite', async (ctx) => {
    ctx.type = 'text/xml; charset=utf-8';
    let body: XmlNode;
    try {
      body = soapBody(await readText(ctx));
    } catch {
      ctx.status = 500;
      ctx.body = fault('S1', 'Requête SOAP illisible');
      return;
    }
    const create = body.creerPaiementSecurise?.arg0;
    const detail = body.recupererDetailPaiementSecurise?.arg0;
    if (create) {
      const params = Object.fromEntries(Object.entries(create as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]));
      const problem =
        invalidPaymentParams(params, true) ??
        ((await toPortal(params.urlnotif, params.urlredirect)) ? null : 'urlnotif et urlredirect doivent mener au portail de la commune');
      if (problem) {
        ctx.status = 500;
        ctx.body = fault('P2', problem);
        return;
      }
      const idOp = randomUUID();
      // A demo service on a public port: operations older than an hour are forgotten.
      for (const [key, old] of operations) if (clock.now().getTime() - old.createdAt > 3600_000) operations.delete(key);
      operations.set(idOp, { idOp, params, createdAt: clock.now().getTime() });
      ctx.body = envelope({ 'ns2:creerPaiementSecuriseResponse': { '@_xmlns:ns2': NS, return: { idOp } } });
      return;
    }
    if (detail) {
      const op = operations.get(String(detail.idOp ?? ''));
      if (!op) {
        ctx.status = 500;
        ctx.body = fault('P1', 'Opération inconnue');
        return;
      }
      if (!op.result) {
        ctx.status = 500;
        ctx.body = fault('P5', 'Paiement non terminé');
        return;
      }
      const { exer, mel, montant, numcli, objet, refdet, saisie } = op.params;
      ctx.body = envelope({
        'ns2:recupererDetailPaiementSecuriseResponse': {
          '@_xmlns:ns2': NS,
          return: { ...op.result, exer, idOp: op.idOp, mel, montant, numcli, objet, refdet, saisie },
        },
      });
      return;
    }
    ctx.status = 500;
    ctx.body = fault('S2', 'Opération non prise en charge');
  });

  router.get('/tpa/paiementws.web', (ctx) => {
    const op = operations.get(String(ctx.query.idop ?? ''));
    if (!op || op.result || clock.now().getTime() - op.createdAt > 15 * 60_000) {
      ctx.status = 404;
      ctx.body = renderPage(
        <SimulatorPage title="Opération inconnue ou expirée">
          <p>Cette opération n’existe pas, est expirée ou a déjà été traitée.</p>
        </SimulatorPage>,
      );
      return;
    }
    ctx.body = renderPage(
      <SimulatorPage title="Paiement d’une facture">
        <PaymentSummary params={op.params} />
        <DecisionButtons action={`${SIMULATOR_PREFIX}/tpa/paiementws.web`} hidden={{ idop: op.idOp }} />
      </SimulatorPage>,
    );
  });

  router.post('/tpa/paiementws.web', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, string>;
    const op = operations.get(String(body.idop ?? ''));
    if (!op || op.result || !['P', 'R', 'A'].includes(body.resultrans)) {
      ctx.status = 400;
      ctx.body = 'Opération inconnue ou déjà traitée.';
      return;
    }
    op.result = result(body.resultrans);
    // PayFiP notifies the collectivity's server, then sends the family back.
    await fetch(op.params.urlnotif, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ idop: op.idOp }),
      signal: AbortSignal.timeout(3000),
    }).catch((error) => console.warn('[simulateur PayFiP] notification non remise :', (error as Error).message));
    ctx.status = 303;
    ctx.redirect(op.params.urlredirect);
  });

  router.get('/tpa/paiement.web', async (ctx) => {
    const params = Object.fromEntries(
      ['numcli', 'exer', 'refdet', 'objet', 'montant', 'mel', 'urlcl', 'saisie'].map((k) => [k, String(ctx.query[k] ?? '')]),
    );
    const problem =
      invalidPaymentParams(params, false) ?? ((await toPortal(params.urlcl)) ? null : 'urlcl doit mener au portail de la commune');
    if (problem) {
      ctx.status = 400;
      ctx.body = renderPage(
        <SimulatorPage title="Paramètres refusés">
          <p>{`Paramètre refusé par PayFiP : ${problem}.`}</p>
        </SimulatorPage>,
      );
      return;
    }
    ctx.body = renderPage(
      <SimulatorPage title="Paiement d’une facture">
        <PaymentSummary params={params} />
        <DecisionButtons action={`${SIMULATOR_PREFIX}/tpa/paiement.web`} hidden={params} />
      </SimulatorPage>,
    );
  });

  router.post('/tpa/paiement.web', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, string>;
    const params = Object.fromEntries(
      ['numcli', 'exer', 'refdet', 'objet', 'montant', 'mel', 'urlcl', 'saisie'].map((k) => [k, String(body[k] ?? '')]),
    );
    if (invalidPaymentParams(params, false) || !(await toPortal(params.urlcl)) || !['P', 'R', 'A'].includes(body.resultrans)) {
      ctx.status = 400;
      ctx.body = 'Paramètres refusés.';
      return;
    }
    const { urlcl, ...rest } = params;
    const query = new URLSearchParams({ ...rest, ...result(body.resultrans) });
    ctx.status = 303;
    ctx.redirect(`${urlcl}${urlcl.includes('?') ? '&' : '?'}${query.toString()}`);
  });

  return router;
}
