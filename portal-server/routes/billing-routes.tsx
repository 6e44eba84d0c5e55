import Router from '@koa/router';
import type { Context } from 'koa';
import { today } from '../../shared/core/clock';
import { familyInvoice } from '../../shared/core/billing/family-invoice';
import { invoicesPdf } from '../../shared/core/billing/invoice-pdf';
import { sessionHeader } from './page-header';
import { pdfFileName } from '../../shared/core/pdf/pdf-maker';
import {
  familyReturn,
  handlePayfipNotification,
  handleUrlModeReturn,
  onlinePayability,
  payfipSettings,
  startOnlinePayment,
} from '../../shared/core/payfip/online-payment';
import { payfipRefdet } from '../../shared/domain/payfip';
import { paymentReceiptPdf } from '../../shared/core/billing/payment-receipt';
import { InvoicePage, PaymentResultPage, type OnlinePayment } from '../views/invoice-pages';
import { renderPage } from '../views/render';
import type { PortalDeps, PortalState } from '../portal-context';
import { sourceOf } from '../security';
import { requireCsrf, requireFamily } from './guards';
import { familyNotFound } from './family-not-found';

type PortalContext = Context & { state: PortalState; params: Record<string, string> };

/** An invoice number from the URL: « AL-36 » and nothing else reaches a query. */
const invoiceNumberParam = (value: string | undefined) => (value && /^[A-Za-z0-9]{1,10}-\d{1,9}$/.test(value) ? value : null);

/**
 * « Relevé de compte » continued: one invoice, its PDF, and online payment through PayFiP —
 * the family's payment request, PayFiP's server-to-server notification and the two returns.
 */
export function billingRoutes(deps: PortalDeps): Router<PortalState> {
  const { db, reader, clock } = deps;
  const router = new Router<PortalState>();

  const notFound = (ctx: PortalContext) => familyNotFound(deps, ctx, 'Cette facture');

  async function renderInvoice(ctx: PortalContext, number: string, error?: string) {
    const { actor, csrfToken } = ctx.state.session!;
    const invoice = await familyInvoice(reader, actor.familyId, number);
    if (!invoice) return notFound(ctx);
    const settings = await payfipSettings(reader, deps.portalBaseUrl);
    const payability = await onlinePayability(reader, actor.familyId, number, today(clock), settings);
    const payment: OnlinePayment = payability?.payable
      ? {
          payable: true,
          amountCents: payability.invoice.remainingCents,
          numcli: payability.invoice.numcli,
          refdet: payfipRefdet(payability.invoice.prefix, payability.invoice.sequence),
          linkEndsOn: payability.invoice.linkEndsOn,
        }
      : { payable: false, reason: payability?.reason ?? '' };
    // The payment form leads to PayFiP's page: allow its address as a form target.
    const target = settings.mode === 'url' ? settings.urlModeUrl : settings.paymentPageUrl;
    if (/^https:\/\//.test(target)) {
      const policy = ctx.response.get('Content-Security-Policy');
      if (policy) ctx.set('Content-Security-Policy', policy.replace("form-action 'self'", `form-action 'self' ${new URL(target).origin}`));
    }
    if (error) ctx.status = 422;
    ctx.body = renderPage(
      <InvoicePage header={sessionHeader(ctx, clock)} csrfToken={csrfToken} invoice={invoice} payment={payment} error={error} />,
    );
  }

  router.get('/factures/:number', requireFamily, async (ctx) => {
    const number = invoiceNumberParam(ctx.params.number);
    if (!number) return notFound(ctx);
    await renderInvoice(ctx, number);
  });

  // Manual a): « L'icône permet l'impression de la facture » — a PDF of the family's own invoice only.
  router.get('/factures/:number/pdf', requireFamily, async (ctx) => {
    const { actor } = ctx.state.session!;
    const number = invoiceNumberParam(ctx.params.number);
    const row = number ? await reader('invoices').where({ number, family_id: actor.familyId }).first('id', 'kind') : null;
    if (!row) return notFound(ctx);
    const { pdf } = await invoicesPdf(reader, [row.id], deps.portalBaseUrl);
    ctx.type = 'application/pdf';
    ctx.set('Content-Disposition', `inline; filename="${pdfFileName(row.kind === 'credit_note' ? 'avoir' : 'facture', number!)}"`);
    ctx.body = pdf;
  });

  // Issue 15: « the family can download a receipt of each payment from its statement » — its own payments only.
  router.get('/reglements/:id/recu', requireFamily, async (ctx) => {
    const { actor } = ctx.state.session!;
    const id = /^\d{1,9}$/.test(ctx.params.id) ? Number(ctx.params.id) : null;
    // What a family downloads is a copy: the original was handed over at the counter.
    const receipt = id === null ? null : await paymentReceiptPdf(reader, id, { familyId: actor.familyId, copy: true });
    if (!receipt) return familyNotFound(deps, ctx, 'Ce règlement');
    ctx.type = 'application/pdf';
    ctx.set('Content-Disposition', `inline; filename="${receipt.fileName}"`);
    ctx.body = receipt.pdf;
  });

  router.post('/factures/:number/payer', requireFamily, requireCsrf, async (ctx) => {
    const { actor } = ctx.state.session!;
    const number = invoiceNumberParam(ctx.params.number);
    if (!number) return notFound(ctx);
    const started = await startOnlinePayment(db, clock, {
      familyId: actor.familyId,
      invoiceNumber: number,
      fallbackBaseUrl: deps.portalBaseUrl,
      source: sourceOf(ctx),
    });
    if (!started) return notFound(ctx);
    if ('error' in started) return renderInvoice(ctx, number, started.error);
    ctx.status = 303;
    ctx.redirect(started.redirect);
  });

  // PayFiP's « urlredirect » (web-service mode): the result is asked of PayFiP, never read from the browser.
  router.get('/factures/:number/paiement/:tx', requireFamily, async (ctx) => {
    const { actor, csrfToken } = ctx.state.session!;
    const number = invoiceNumberParam(ctx.params.number);
    const txId = /^\d{1,9}$/.test(ctx.params.tx) ? Number(ctx.params.tx) : null;
    const outcome =
      number && txId
        ? await familyReturn(db, clock, {
            familyId: actor.familyId,
            invoiceNumber: number,
            txId,
            fallbackBaseUrl: deps.portalBaseUrl,
            source: sourceOf(ctx),
          })
        : null;
    if (!outcome) return notFound(ctx);
    ctx.body = renderPage(
      <PaymentResultPage header={sessionHeader(ctx, clock)} csrfToken={csrfToken} outcome={outcome} invoiceNumber={number} />,
    );
  });
  // A return posted from PayFiP's site carries no SameSite=Lax cookie: continue as a GET, which does.
  router.post('/factures/:number/paiement/:tx', (ctx) => {
    ctx.status = 303;
    ctx.redirect(ctx.path);
  });

  // PayFiP's « urlnotif »: server to server, no session and no form token; it only makes us ask PayFiP.
  router.post('/payfip/notification', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const idOp = String(body.idop ?? body.idOp ?? '');
    await handlePayfipNotification(db, clock, idOp, deps.portalBaseUrl, sourceOf(ctx));
    ctx.type = 'text/plain';
    ctx.body = 'OK';
  });

  // The URL mode's « urlcl »: the return carries the result itself, unsigned, under the attempt's token (see handleUrlModeReturn).
  const urlModeReturn = async (ctx: PortalContext, token: string, params: Record<string, unknown>) => {
    const fields = Object.fromEntries(
      ['numcli', 'exer', 'refdet', 'montant', 'resultrans', 'numauto', 'dattrans', 'heurtrans'].map((k) => [
        k,
        typeof params[k] === 'string' ? (params[k] as string).slice(0, 100) : '',
      ]),
    );
    const { outcome, invoiceNumber, familyId } = await handleUrlModeReturn(db, clock, token, fields, sourceOf(ctx));
    if (outcome === 'throttled') ctx.status = 429;
    else if (outcome === 'unmatched') ctx.status = 404;
    const session = ctx.state.session;
    const own = session && session.actor.familyId === familyId;
    ctx.body = renderPage(
      own ? (
        <PaymentResultPage
          header={sessionHeader(ctx, clock)}
          csrfToken={session.csrfToken}
          outcome={outcome}
          invoiceNumber={invoiceNumber}
        />
      ) : (
        <PaymentResultPage outcome={outcome} invoiceNumber={null} />
      ),
    );
  };
  router.get('/payfip/retour/:token', (ctx) => urlModeReturn(ctx, ctx.params.token, ctx.query as Record<string, unknown>));
  router.post('/payfip/retour/:token', (ctx) => urlModeReturn(ctx, ctx.params.token, (ctx.request.body ?? {}) as Record<string, unknown>));
  // A return without a token (an address from before tokens, or a forgery) names no attempt.
  router.all('/payfip/retour', (ctx) => urlModeReturn(ctx, '', {}));

  return router;
}
