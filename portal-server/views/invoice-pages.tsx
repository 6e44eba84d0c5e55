import type { FamilyInvoice } from '../../shared/core/billing/family-invoice';
import type { AttemptOutcome } from '../../shared/core/payfip/online-payment';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { formatAmount, formatEuros } from '../../shared/domain/money';
import { DataTable } from './data-table';
import { FamilyLayout, PublicLayout, type HeaderInfo } from './layout';

export type OnlinePayment =
  | { payable: true; amountCents: number; numcli: string; refdet: string; linkEndsOn: string }
  | { payable: false; reason: string };

/** One invoice (« Relevé de compte », clicking a number): its lines, its PDF and the TIPI/PayFiP link. */
export function InvoicePage({
  header,
  csrfToken,
  invoice,
  payment,
  error,
}: {
  header: HeaderInfo;
  csrfToken: string;
  invoice: FamilyInvoice;
  payment: OnlinePayment;
  error?: string;
}) {
  const isCredit = invoice.kind === 'credit_note';
  const title = `${isCredit ? 'Avoir' : 'Facture'} ${invoice.number}`;
  const pdfHref = `/factures/${encodeURIComponent(invoice.number)}/pdf`;
  return (
    <FamilyLayout title={title} header={header} active="/releve-de-compte" csrfToken={csrfToken}>
      <p>
        <a href="/releve-de-compte">← Relevé de compte</a>
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <section className="card" aria-labelledby="invoice-title">
        <h2 id="invoice-title">{invoice.regie}</h2>
        <dl className="pairs">
          <dt>Date Facture :</dt>
          <dd>{formatShortFrenchDate(invoice.issuedOn)}</dd>
          <dt>Date Echéance :</dt>
          <dd>{formatShortFrenchDate(invoice.dueOn)}</dd>
          <dt>Période :</dt>
          <dd>{invoice.periodMonth.split('-').reverse().join('/')}</dd>
          {invoice.status === 'cancelled' ? (
            <>
              <dt>État :</dt>
              <dd>Annulée par un avoir</dd>
            </>
          ) : null}
        </dl>
        <DataTable
          caption={`Lignes ${isCredit ? 'de l’avoir' : 'de la facture'} ${invoice.number}`}
          rows={invoice.lines}
          rowKey={(l) => `${l.label}-${l.unitPriceCents}`}
          empty="Aucune ligne."
          columns={[
            {
              header: 'Prestation',
              cell: (l) => (
                <>
                  {l.label}
                  {l.details ? (
                    <>
                      <br />
                      <small>{l.details}</small>
                    </>
                  ) : null}
                </>
              ),
            },
            { header: 'Quantité', cell: (l) => l.quantity, numeric: true },
            { header: 'Prix unitaire', cell: (l) => formatAmount(l.unitPriceCents), numeric: true },
            { header: 'Montant', cell: (l) => formatAmount(l.amountCents), numeric: true },
          ]}
          footer={
            <>
              <tr>
                <th scope="row" colSpan={3}>
                  Total
                </th>
                <td className="num">{formatAmount(invoice.totalCents)}</td>
              </tr>
              {isCredit ? null : (
                <>
                  <tr>
                    <th scope="row" colSpan={3}>
                      Réglé
                    </th>
                    <td className="num">{formatAmount(invoice.paidCents)}</td>
                  </tr>
                  <tr>
                    <th scope="row" colSpan={3}>
                      Reste à payer
                    </th>
                    <td className="num">{formatAmount(invoice.status === 'issued' ? invoice.remainingCents : 0)}</td>
                  </tr>
                </>
              )}
            </>
          }
        />
        <p>
          <a href={pdfHref}>{`Imprimer ${isCredit ? 'l’avoir' : 'la facture'} ${invoice.number} (PDF)`}</a>
        </p>
      </section>
      {isCredit ? null : (
        <section className="card" aria-labelledby="pay-title">
          <h2 id="pay-title">{payment.payable ? 'Payer en ligne' : 'Règlement'}</h2>
          {payment.payable ? (
            <>
              <p>
                Réglez cette facture par carte bancaire sur PayFiP, le service de paiement sécurisé de la Direction générale des Finances
                publiques. Le lien est actif jusqu’au <strong>{formatShortFrenchDate(payment.linkEndsOn)}</strong> (30 jours après la date
                d’échéance).
              </p>
              <dl className="pairs">
                <dt>N° client de la commune :</dt>
                <dd>{payment.numcli}</dd>
                <dt>Référence de la facture :</dt>
                <dd>{payment.refdet}</dd>
                <dt>Montant :</dt>
                <dd>{formatEuros(payment.amountCents)}</dd>
              </dl>
              <form method="post" action={`/factures/${encodeURIComponent(invoice.number)}/payer`}>
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button type="submit" className="primary">{`Payer ${formatEuros(payment.amountCents)} avec PayFiP`}</button>
              </form>
            </>
          ) : (
            <p>{payment.reason}</p>
          )}
        </section>
      )}
    </FamilyLayout>
  );
}

const OUTCOME_TEXT: Record<AttemptOutcome, { title: string; text: string; ok: boolean }> = {
  paid: { title: 'Paiement enregistré', text: 'PayFiP confirme votre paiement : il est enregistré sur votre facture. Merci.', ok: true },
  to_confirm: {
    title: 'Paiement accepté, à confirmer',
    text: 'PayFiP indique que votre paiement est accepté. Il apparaît « à confirmer » sur votre relevé jusqu’à ce que la commune le rapproche du relevé de la trésorerie.',
    ok: true,
  },
  refused: { title: 'Paiement refusé', text: 'Le paiement a été refusé : rien n’a été débité et votre facture reste à payer.', ok: false },
  abandoned: {
    title: 'Paiement abandonné',
    text: 'Vous avez abandonné le paiement : rien n’a été débité et votre facture reste à payer.',
    ok: false,
  },
  pending: {
    title: 'Paiement en cours de vérification',
    text: 'Le résultat de votre paiement n’est pas encore connu de la commune. Il sera enregistré dès que PayFiP l’aura confirmé : consultez votre relevé de compte dans quelques minutes.',
    ok: true,
  },
  mismatch: {
    title: 'Paiement non reconnu',
    text: 'La réponse de PayFiP ne correspond pas au paiement demandé : rien n’a été enregistré. La commune a été avertie ; contactez la régie en cas de doute.',
    ok: false,
  },
  failed: { title: 'Paiement impossible', text: 'Le paiement n’a pas pu être lancé : rien n’a été débité.', ok: false },
  expired: {
    title: 'Paiement expiré',
    text: 'Cette tentative de paiement a expiré sans réponse de PayFiP : rien n’a été enregistré.',
    ok: false,
  },
  unmatched: {
    title: 'Retour de paiement inconnu',
    text: 'Ce retour ne correspond à aucun paiement en cours : rien n’a été enregistré.',
    ok: false,
  },
  throttled: {
    title: 'Trop de retours de paiement',
    text: 'Trop de retours de paiement inconnus sont venus de votre connexion : réessayez dans un quart d’heure. Un paiement réellement effectué est enregistré dès que la trésorerie le confirme.',
    ok: false,
  },
};

function OutcomeBody({ outcome, invoiceNumber }: { outcome: AttemptOutcome; invoiceNumber: string | null }) {
  const text = OUTCOME_TEXT[outcome];
  return (
    <>
      <p className={text.ok ? 'notice' : 'error'} role="status">
        {text.text}
      </p>
      <p>
        {invoiceNumber ? (
          <>
            <a href={`/factures/${encodeURIComponent(invoiceNumber)}`}>{`Voir la facture ${invoiceNumber}`}</a>
            {' — '}
          </>
        ) : null}
        <a href="/releve-de-compte">Relevé de compte</a>
      </p>
    </>
  );
}

/** Where PayFiP sends the family back: what the server learnt from PayFiP itself. */
export function PaymentResultPage({
  header,
  csrfToken,
  outcome,
  invoiceNumber,
}: {
  header?: HeaderInfo;
  csrfToken?: string;
  outcome: AttemptOutcome;
  invoiceNumber: string | null;
}) {
  const title = OUTCOME_TEXT[outcome].title;
  if (!header || !csrfToken) {
    return (
      <PublicLayout title={title}>
        <h1>{title}</h1>
        <OutcomeBody outcome={outcome} invoiceNumber={null} />
        <p>
          <a href="/connexion">Se connecter au Portail Famille</a>
        </p>
      </PublicLayout>
    );
  }
  return (
    <FamilyLayout title={title} header={header} active="/releve-de-compte" csrfToken={csrfToken}>
      <OutcomeBody outcome={outcome} invoiceNumber={invoiceNumber} />
    </FamilyLayout>
  );
}
