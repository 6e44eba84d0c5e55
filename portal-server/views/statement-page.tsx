import type { AccountStatement } from '../../shared/core/billing/statement';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { formatAmount } from '../../shared/domain/money';
import { DataTable } from './data-table';
import { lowerFirst } from '../../shared/domain/labels';
import { FamilyLayout, type HeaderInfo } from './layout';

/** The manual's « Onglet Relevé de compte »: « Mes factures » and « Mes règlements » for a school year. */
export function StatementPage({
  header,
  csrfToken,
  statement,
  treasury,
}: {
  header: HeaderInfo;
  csrfToken: string;
  statement: AccountStatement;
  treasury: { name: string; phone: string };
}) {
  return (
    <FamilyLayout title="Relevé de compte" header={header} active="/releve-de-compte" csrfToken={csrfToken}>
      <form method="get" action="/releve-de-compte" className="year-form">
        <div className="field">
          <label htmlFor="annee">Année scolaire</label>
          <select id="annee" name="annee" defaultValue={statement.year}>
            {statement.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Afficher</button>
      </form>
      <section className="card" aria-labelledby="invoices-title">
        <h2 id="invoices-title">Mes factures</h2>
        <DataTable
          caption={`Mes factures ${statement.year}`}
          rows={statement.invoices}
          rowKey={(i) => i.number}
          empty="Aucune facture pour cette année scolaire."
          columns={[
            {
              header: 'N° Facture',
              cell: (i) => (
                <a href={`/factures/${encodeURIComponent(i.number)}`}>
                  {i.kind === 'credit_note' ? `${i.number} (avoir)` : i.status === 'cancelled' ? `${i.number} (annulée)` : i.number}
                </a>
              ),
            },
            { header: 'Date Facture', cell: (i) => formatShortFrenchDate(i.issuedOn) },
            {
              header: 'Date Echéance',
              cell: (i) =>
                i.overdue ? (
                  <>
                    {formatShortFrenchDate(i.dueOn)} <strong className="overdue">en retard</strong>
                  </>
                ) : (
                  formatShortFrenchDate(i.dueOn)
                ),
            },
            { header: 'Montant', cell: (i) => formatAmount(i.totalCents), numeric: true },
            { header: 'Réglé', cell: (i) => formatAmount(i.paidCents), numeric: true },
            { header: 'Reste à payer', cell: (i) => formatAmount(i.remainingCents), numeric: true },
            {
              header: 'Imprimer',
              cell: (i) => (
                <a href={`/factures/${encodeURIComponent(i.number)}/pdf`}>
                  Imprimer<span className="visually-hidden">{` ${i.kind === 'credit_note' ? 'l’avoir' : 'la facture'} ${i.number}`}</span>{' '}
                  (PDF)
                </a>
              ),
            },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="payments-title">
        <h2 id="payments-title">Mes règlements</h2>
        <DataTable
          caption={`Mes règlements ${statement.year}`}
          rows={statement.payments}
          rowKey={(p) => p.id}
          empty="Aucun règlement pour cette année scolaire."
          columns={[
            { header: 'Date', cell: (p) => formatShortFrenchDate(p.paidOn) },
            { header: 'Type', cell: (p) => p.typeLabel },
            { header: 'Référence', cell: (p) => p.reference },
            { header: 'Montant', cell: (p) => formatAmount(p.amountCents), numeric: true },
            {
              header: 'Reçu',
              cell: (p) => (
                <a href={`/reglements/${p.id}/recu`}>
                  Reçu<span className="visually-hidden">{` du règlement du ${formatShortFrenchDate(p.paidOn)}`}</span> (PDF)
                </a>
              ),
            },
          ]}
        />
      </section>
      <section className="card" aria-labelledby="balance-title">
        <h2 id="balance-title">Solde</h2>
        <dl className="pairs">
          <dt>Ancien Solde :</dt>
          <dd>{formatAmount(statement.previousBalanceCents)} €</dd>
          <dt>Total facturé :</dt>
          <dd>{formatAmount(statement.invoicedCents)} €</dd>
          <dt>Total réglé :</dt>
          <dd>{formatAmount(statement.paidCents)} €</dd>
          <dt>Solde du Compte pour l'année scolaire :</dt>
          <dd className="totals">{formatAmount(statement.balanceCents)} €</dd>
        </dl>
        {treasury.name ? (
          <p className="note">
            La commune ne gère pas directement les encaissements : vous pouvez trouver des règlements de type « Titre émis (ORMC n°X) ».
            Pour le suivi de ces règlements, adressez-vous à la {lowerFirst(treasury.name)} au{' '}
            <a href={`tel:${treasury.phone.replace(/\s/g, '')}`}>{treasury.phone}</a>.
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="papers-title">
        <h2 id="papers-title">Attestations</h2>
        <p>
          <a href="/attestations" className="action-link">
            Attestations fiscales et de présence
          </a>
        </p>
        <p className="note">Pour votre déclaration de revenus (frais de garde des enfants de moins de 6 ans), votre employeur ou la CAF.</p>
      </section>
    </FamilyLayout>
  );
}
