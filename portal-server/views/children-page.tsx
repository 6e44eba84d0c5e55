import type { ReminderPreference } from '../../shared/core/families/reminder-preference';
import type { FamilyChildRow } from '../../shared/core/families/family-account-view';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { DataTable } from './data-table';
import { FamilyLayout, type HeaderInfo } from './layout';
import { IconNav, PLUS } from './home-icons';
import { PendingRequests } from './request-pages';
import type { FamilyRequestRow } from '../../shared/core/requests/family-requests';

/** The manual's « Onglet Mes enfants »: the household's children. */
/** « Rappels par courriel »: the family's opt-in to booking-deadline reminders, applied at once. */
function ReminderCard({ csrfToken, reminders }: { csrfToken: string; reminders: ReminderPreference }) {
  return (
    <section className="card" aria-labelledby="reminders-title">
      <h2 id="reminders-title">Rappels par courriel</h2>
      <form method="post" action="/mes-enfants/rappels">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <div className="field checkbox">
          <input
            id="rappels"
            name="rappels"
            type="checkbox"
            value="oui"
            defaultChecked={reminders.wanted}
            aria-describedby="rappels-note"
          />
          <label htmlFor="rappels">Me prévenir par courriel quelques jours avant la date limite de réservation</label>
          <p className="field-note" id="rappels-note">
            Trois jours au plus avant la fermeture des réservations de chaque période (les vacances scolaires, le mois suivant), pour les
            services où vos enfants sont inscrits.
            {reminders.reachable
              ? ''
              : ' Votre fiche n’autorise pas les courriels (« Autorisation courriel » : Non, ou pas d’adresse) : demandez la modification dans Mon compte, sinon aucun rappel ne partira.'}
          </p>
        </div>
        <button type="submit">Enregistrer</button>
      </form>
    </section>
  );
}

export function ChildrenPage({
  header,
  csrfToken,
  familyChildren,
  pendingRequests,
  notice,
  reminders,
}: {
  header: HeaderInfo;
  csrfToken: string;
  familyChildren: FamilyChildRow[];
  pendingRequests: FamilyRequestRow[];
  notice?: string;
  reminders: ReminderPreference;
}) {
  return (
    <FamilyLayout title="Mes enfants" header={header} active="/mes-enfants" csrfToken={csrfToken}>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <div className="layout-with-icons">
        <IconNav label="Demandes" items={[{ href: '/mes-enfants/ajouter', icon: PLUS, label: 'Ajouter un enfant' }]} />
        <div>
          <p>Cliquez sur le nom d'un enfant pour voir son planning ; ses icônes permettent de demander une modification de sa fiche.</p>
          <section className="card" aria-labelledby="children-list-title">
            <h2 id="children-list-title">Mes enfants</h2>
            <DataTable
              caption="Mes enfants"
              rows={familyChildren}
              rowKey={(c) => c.id}
              empty="Aucun enfant n'est inscrit."
              columns={[
                {
                  header: 'Enfant',
                  cell: (c) => (
                    <a href={`/mes-enfants/${c.id}/planning`}>
                      {c.firstName} {c.lastName}
                    </a>
                  ),
                },
                { header: 'Date de naissance', cell: (c) => formatShortFrenchDate(c.birthDate) },
                { header: 'École', cell: (c) => c.school },
                { header: 'Classe', cell: (c) => c.grade },
              ]}
            />
          </section>
          <PendingRequests requests={pendingRequests} csrfToken={csrfToken} />
          <ReminderCard csrfToken={csrfToken} reminders={reminders} />
        </div>
      </div>
    </FamilyLayout>
  );
}
