import type { FamilyChildDetail } from '../../shared/core/families/family-child-view';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { yesNo } from '../../shared/domain/labels';
import { DataTable } from './data-table';
import { FamilyLayout, type HeaderInfo } from './layout';
import { FORM, INFO, IconNav, PERSON } from './home-icons';
import { PendingRequests } from './request-pages';
import type { FamilyRequestRow } from '../../shared/core/requests/family-requests';

/** The « Agenda sur mon téléphone » card: whether an address is live, and the new one right after it is made. */
export interface CalendarCardState {
  since: string | null;
  /** Shown once, right after it was made: only its hash is kept. */
  feedUrl?: string;
  revoked?: boolean;
}

function CalendarCard({
  childId,
  firstName,
  csrfToken,
  state,
}: {
  childId: number;
  firstName: string;
  csrfToken: string;
  state: CalendarCardState;
}) {
  const webcal = state.feedUrl?.replace(/^https?:/, 'webcal:');
  return (
    <section className="card" aria-labelledby="calendar-title">
      <h2 id="calendar-title">Agenda sur mon téléphone</h2>
      <p>
        Abonnez l’agenda de votre téléphone ou de votre ordinateur aux journées de {firstName} : réservations, absences, fermetures,
        vacances scolaires et jours fériés, mis à jour par votre application d’agenda. Seul le prénom de l’enfant y figure.
      </p>
      {state.feedUrl ? (
        <div className="notice" role="status">
          <p>
            Voici l’adresse de l’agenda de {firstName}. Copiez-la maintenant dans votre application d’agenda (« Ajouter un calendrier par
            URL » ou « S’abonner ») : pour votre sécurité, elle ne sera plus affichée.
          </p>
          <div className="field">
            <label htmlFor="feed-url">Adresse de l’agenda</label>
            <input id="feed-url" type="text" readOnly value={state.feedUrl} aria-describedby="feed-url-note" />
            <p className="field-note" id="feed-url-note">
              Toute personne qui connaît cette adresse voit ces journées : ne la partagez qu’avec qui doit les voir.
            </p>
          </div>
          <p>
            <a href={webcal}>S’abonner sur ce téléphone</a>
          </p>
        </div>
      ) : null}
      {state.revoked ? (
        <p className="notice" role="status">
          L’adresse de l’agenda est révoquée : les agendas abonnés ne reçoivent plus les journées de {firstName}.
        </p>
      ) : null}
      {!state.feedUrl && state.since ? (
        <p>Une adresse d’agenda est active depuis le {formatShortFrenchDate(state.since.slice(0, 10))}.</p>
      ) : null}
      <form method="post" action={`/mes-enfants/${childId}/agenda`} className="inline-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" aria-describedby={state.since ? 'calendar-new-note' : undefined}>
          {state.since ? 'Créer une nouvelle adresse' : 'Créer l’adresse de l’agenda'}
        </button>
        {state.since ? (
          <p className="note" id="calendar-new-note">
            L’adresse précédente cessera de fonctionner.
          </p>
        ) : null}
      </form>
      {state.since ? (
        <form method="post" action={`/mes-enfants/${childId}/agenda/revoquer`} className="inline-form">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit">Révoquer l’adresse</button>
        </form>
      ) : null}
    </section>
  );
}

interface PageBase {
  header: HeaderInfo;
  csrfToken: string;
}

/** A child's record (manual « Mes enfants » b): information, health data, authorised persons. */
export function ChildPage({
  header,
  csrfToken,
  child,
  pendingRequests,
  notice,
  calendar,
}: PageBase & { child: FamilyChildDetail; pendingRequests: FamilyRequestRow[]; notice?: string; calendar: CalendarCardState }) {
  const info = child.information;
  return (
    <FamilyLayout title={`${child.firstName} ${child.lastName}`} header={header} active="/mes-enfants" csrfToken={csrfToken}>
      <p>
        <a href="/mes-enfants">← Mes enfants</a>
      </p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <div className="layout-with-icons">
        <IconNav
          label="Demandes de modification de la fiche enfant"
          items={[
            { href: `/mes-enfants/${child.id}/planning`, icon: FORM, label: 'Planning' },
            { href: `/mes-enfants/${child.id}/inscriptions`, icon: FORM, label: 'Inscriptions en cours' },
            { href: `/mes-enfants/${child.id}/personnes-autorisees`, icon: PERSON, label: 'Personnes autorisées' },
            { href: `/mes-enfants/${child.id}/demande/informations`, icon: INFO, label: "Informations de l'enfant" },
            { href: `/mes-enfants/${child.id}/demande/sanitaire`, icon: FORM, label: 'Données sanitaires' },
            { href: `/mes-enfants/${child.id}/vaccinations`, icon: FORM, label: 'Vaccinations' },
          ]}
        />
        <div>
          <section className="card" aria-labelledby="child-info-title">
            <h2 id="child-info-title">Informations enfant</h2>
            <dl className="pairs two-columns">
              {(
                [
                  ['Date de naissance', formatShortFrenchDate(child.birthDate)],
                  ['École', child.school],
                  ['Classe', child.grade],
                  ['Appareil dentaire', yesNo(info.dentalAppliance)],
                  ['Lunettes', yesNo(info.glasses)],
                  ['Appareil auditif', yesNo(info.hearingAid)],
                  ['Autorisation photo', yesNo(info.photoAllowed)],
                  ['Autorisation de sortie', yesNo(info.outingsAllowed)],
                  ['Peut partir seul', yesNo(info.mayLeaveAlone)],
                  ['Assurance', info.insurance],
                  ["Assurance valable jusqu'au", formatShortFrenchDate(info.insuranceValidTo)],
                  ['Autres informations', info.other],
                ] as const
              ).map(([label, value]) => (
                <div key={label} className="pair">
                  <dt>{label} :</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section className="card" aria-labelledby="child-health-title">
            <h2 id="child-health-title">Données sanitaires</h2>
            <dl className="pairs two-columns">
              {(
                [
                  ['Médecin', child.health.doctor],
                  ['Allergies', child.health.allergies || 'Aucune'],
                  ['Régime alimentaire', child.health.diet],
                  ['PAI', child.health.hasPai ? `Oui — ${child.health.paiDetails}` : 'Non'],
                ] as const
              ).map(([label, value]) => (
                <div key={label} className="pair">
                  <dt>{label} :</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            <h3>Vaccinations</h3>
            <DataTable
              caption="Vaccinations"
              rows={child.vaccinations}
              rowKey={(v) => v.vaccine}
              empty="Aucune vaccination enregistrée."
              columns={[
                { header: 'Vaccin', cell: (v) => v.vaccine },
                { header: 'Date', cell: (v) => formatShortFrenchDate(v.vaccinatedOn) },
                { header: 'Rappel', cell: (v) => formatShortFrenchDate(v.boosterDueOn) },
              ]}
            />
          </section>
          <section className="card" aria-labelledby="child-persons-title">
            <h2 id="child-persons-title">Personnes autorisées à venir chercher l'enfant</h2>
            <DataTable
              caption="Personnes autorisées"
              rows={child.authorizedPersons}
              rowKey={(p) => `${p.name}-${p.phone}`}
              empty="Aucune personne autorisée enregistrée."
              columns={[
                { header: 'Nom', cell: (p) => p.name },
                { header: 'Lien', cell: (p) => p.relationship },
                { header: 'Téléphone', cell: (p) => p.phone },
                { header: 'À prévenir en cas d’urgence', cell: (p) => yesNo(p.emergencyContact) },
              ]}
            />
          </section>
          <PendingRequests requests={pendingRequests} csrfToken={csrfToken} />
          <CalendarCard childId={child.id} firstName={child.firstName} csrfToken={csrfToken} state={calendar} />
        </div>
      </div>
    </FamilyLayout>
  );
}
