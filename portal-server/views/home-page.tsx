import type { HomeView } from '../../shared/core/home/service';
import { formatLongFrenchDate, formatShortFrenchDate } from '../../shared/domain/french-dates';
import { formatAmount } from '../../shared/domain/money';
import { FamilyLayout } from './layout';
import { lowerFirst } from '../../shared/domain/labels';
import { DataTable } from './data-table';
import { HomeIcons } from './home-icons';

/** What the balance means, said in words beside it: owed, in the family's favour, or nothing. */
function balanceWords(balanceCents: number): string {
  if (balanceCents > 0) return ', à régler.';
  if (balanceCents < 0) return ' en votre faveur : il sera déduit de vos prochaines factures.';
  return ' : votre compte est à jour.';
}

/** The manual's « Onglet Accueil ». */
export function HomePage({ view, csrfToken }: { view: HomeView; csrfToken: string }) {
  const longToday = formatLongFrenchDate(view.today);
  const unpaidTotal = view.unpaidInvoices.reduce((sum, invoice) => sum + invoice.remainingCents, 0);
  return (
    <FamilyLayout title="Accueil" header={view} active="/accueil" csrfToken={csrfToken}>
      <div className="layout-with-icons">
        <HomeIcons />
        <div>
          {view.homeMessage ? <p className="commune-message">{view.homeMessage}</p> : null}
          <p>Bienvenue sur votre page d'accueil</p>
          <div className="grid">
            <section className="card" aria-labelledby="responsable-title">
              <h2 id="responsable-title">Responsable</h2>
              <dl className="pairs">
                <dt>Civilité :</dt>
                <dd>{view.responsable.civility}</dd>
                <dt>Nom :</dt>
                <dd>{view.responsable.lastName}</dd>
                <dt>N° Famille :</dt>
                <dd>{view.responsable.familyNumber}</dd>
                <dt>Prénom :</dt>
                <dd>{view.responsable.firstName}</dd>
              </dl>
            </section>
            <section className="card" aria-labelledby="operations-title">
              <h2 id="operations-title">Opérations en cours</h2>
              <p>
                À la date du <strong>{longToday}</strong>
              </p>
              <p>
                Votre compte présente un solde de <strong>{formatAmount(Math.abs(view.balanceCents))} €</strong>
                {balanceWords(view.balanceCents)}
              </p>
              {unpaidTotal > view.balanceCents ? (
                <p className="note">
                  Vos factures impayées s’élèvent à {formatAmount(unpaidTotal)} € : {formatAmount(unpaidTotal - view.balanceCents)} € déjà
                  réglés n’y sont pas encore affectés et seront déduits par la régie.
                </p>
              ) : null}
            </section>
          </div>
          <section className="card" aria-labelledby="unpaid-title">
            <h2 id="unpaid-title">Factures Impayées</h2>
            <p>
              Vos factures impayées à la date du <strong>{longToday}</strong> :
            </p>
            <DataTable
              caption="Factures impayées"
              rows={view.unpaidInvoices}
              rowKey={(invoice) => invoice.number}
              empty="Aucune facture impayée."
              columns={[
                { header: 'N° Facture', cell: (i) => i.number },
                { header: 'Date Facture', cell: (i) => formatShortFrenchDate(i.issuedOn) },
                { header: 'Date Echéance', cell: (i) => formatShortFrenchDate(i.dueOn) },
                { header: 'Montant', cell: (i) => formatAmount(i.remainingCents), numeric: true },
              ]}
              footer={
                <tr>
                  <th scope="row" colSpan={3}>
                    Total :
                  </th>
                  <td className="num">FACTURES = {formatAmount(unpaidTotal)}</td>
                </tr>
              }
            />
            {view.paymentsViaTreasury && view.treasuryName ? (
              <p className="note">
                Une facture non réglée à son échéance est transmise à la {lowerFirst(view.treasuryName)}, qui en assure ensuite le
                recouvrement : elle apparaît alors réglée par « Titre émis » dans votre relevé et n’est plus comptée dans ce solde. Pour ces
                sommes, adressez-vous à la {lowerFirst(view.treasuryName)} au{' '}
                <a href={`tel:${view.treasuryPhone.replace(/\s/g, '')}`}>{view.treasuryPhone}</a>.
              </p>
            ) : null}
          </section>
          <section className="card" aria-labelledby="children-title">
            <h2 id="children-title">Mes enfants</h2>
            <ul>
              {view.children.map((child) => (
                <li key={child.id}>
                  <a href={`/mes-enfants/${child.id}/planning`}>
                    {child.firstName} {child.lastName}
                  </a>
                  {' — '}
                  <a href={`/fiche-inscription/enfants/${child.id}.pdf`}>
                    Fiche d'inscription<span className="visually-hidden">{` de ${child.firstName} ${child.lastName}`}</span> (PDF)
                  </a>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </FamilyLayout>
  );
}
