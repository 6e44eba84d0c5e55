import type { ChildMonth } from '../../shared/core/planning/child-month';
import { planningMonthHtml } from './planning-grid-html';
import { ofName } from '../../shared/domain/french-grammar';
import { renderToStaticMarkup } from 'react-dom/server';
import { monthName } from '../../shared/domain/french-dates';
import { ATTENDANCE_MARKS, DAY_MARKS, PLANNING_STATES } from '../../shared/domain/planning-legend';
import { FORM, INFO, IconNav, PERSON } from './home-icons';
import { FamilyLayout, type HeaderInfo } from './layout';
import { ChildViewTabs } from './child-view-tabs';
import { ABSENCE_DETAILS_MAX, ABSENCE_REASONS } from '../../shared/domain/labels';

const monthTitle = (month: string) => `${monthName(Number(month.slice(5, 7)))} ${month.slice(0, 4)}`;

/** The legend: the same on every planning page, so rendered (by React, escaping included) once. */
function Legend() {
  return (
    <>
      <h2 id="legend-title">Légende</h2>
      <ul>
        {Object.entries(PLANNING_STATES).map(([key, s]) => (
          <li key={key}>
            <span className={`swatch st-${key}`} aria-hidden="true">
              {s.code}
            </span>{' '}
            {s.label}
          </li>
        ))}
        {Object.entries(DAY_MARKS).map(([key, label]) => (
          <li key={key}>
            <span className={`swatch mk-${key}`} aria-hidden="true">
              {key}
            </span>{' '}
            {label}
          </li>
        ))}
        {Object.entries(ATTENDANCE_MARKS).map(([key, m]) => (
          <li key={key}>
            <span className="swatch" aria-hidden="true">
              {m.symbol}
            </span>{' '}
            {m.label}
          </li>
        ))}
      </ul>
    </>
  );
}
let legend: string | undefined;
const legendHtml = () => (legend ??= renderToStaticMarkup(<Legend />));

/** The manual's « Agenda » of a child for a month, with its whole legend and month-to-month navigation. */
export interface BookingResult {
  serviceName: string;
  date: string;
  result: string;
  message: string;
}

/** What the family typed in the booking form, shown again when the form is refused. */
export interface PlanningFormValues {
  motif: string;
  precisions: string;
  repeter: boolean;
  confirmation: boolean;
}

export function PlanningPage({
  header,
  csrfToken,
  month,
  results,
  error,
  selected,
  entered,
  communeEmail,
}: {
  header: HeaderInfo;
  csrfToken: string;
  month: ChildMonth;
  results?: BookingResult[];
  error?: string;
  selected?: Set<string>;
  entered?: PlanningFormValues;
  communeEmail: string;
}) {
  const name = `${month.child.firstName} ${month.child.lastName}`;
  const id = month.child.id;
  return (
    <FamilyLayout title={`Planning ${ofName(name)}`} header={header} active="/mes-enfants" csrfToken={csrfToken} script="planning.js" wide>
      <div className="layout-with-icons icons-on-top">
        <IconNav
          label="Demandes de modification de la fiche enfant"
          items={[
            { href: `/mes-enfants/${id}`, icon: INFO, label: "Fiche de l'enfant" },
            { href: `/mes-enfants/${id}/inscriptions`, icon: FORM, label: 'Inscriptions en cours' },
            { href: `/mes-enfants/${id}/personnes-autorisees`, icon: PERSON, label: 'Personnes autorisées' },
            { href: `/mes-enfants/${id}/demande/informations`, icon: INFO, label: "Informations de l'enfant" },
            { href: `/mes-enfants/${id}/vaccinations`, icon: FORM, label: 'Vaccinations' },
            { href: `/mes-enfants/${id}/demande/sanitaire`, icon: FORM, label: 'Données sanitaires' },
          ]}
        />
        <div>
          <ChildViewTabs childId={id} active="agenda" />
          <nav className="month-nav" aria-label="Changer de mois">
            <a href={`/mes-enfants/${id}/planning?mois=${month.previousMonth}`}>← {monthTitle(month.previousMonth)}</a>
            <h2>{monthTitle(month.month)}</h2>
            <a href={`/mes-enfants/${id}/planning?mois=${month.nextMonth}`}>{monthTitle(month.nextMonth)} →</a>
          </nav>
          {results && results.length > 0 ? (
            <section className="card" role="status" aria-labelledby="results-title">
              <h2 id="results-title">Résultat de votre demande</h2>
              <ul>
                {results.map((r) => (
                  <li key={`${r.serviceName}-${r.date}`}>
                    <strong>
                      {r.serviceName}, {r.date.split('-').reverse().join('/')}
                    </strong>{' '}
                    : {r.message}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {error ? (
            <p className="error" role="alert">
              {error}
            </p>
          ) : null}
          {month.rows.length === 0 ? (
            <p>{name} n'est inscrit(e) à aucune prestation ce mois-ci.</p>
          ) : (
            <form
              method="post"
              action={`/mes-enfants/${id}/planning?mois=${month.month}`}
              encType="multipart/form-data"
              data-booking-form=""
            >
              <input type="hidden" name="_csrf" value={csrfToken} />
              {/* The form's first button, which the browser clicks on Enter (it was « Demande de Réserve »): it asks for
                  nothing, so the form only comes back whole, asking to choose. planning.js makes Enter in each part do
                  what that part says, and Enter on a day of the grid do nothing. */}
              <button type="submit" name="action" value="" hidden tabIndex={-1} aria-hidden="true" />
              <p>
                Cochez les jours voulus dans le planning (souris, doigt ou clavier), puis choisissez « Demande de Réserve », « Annuler ma
                réservation » ou « Déclarer une absence ».
              </p>
              <section className="planning-month" aria-label={`Planning ${ofName(name)}, ${monthTitle(month.month)}`}>
                {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the month's days, escaped by planningMonthHtml (a fifth of the page's CPU under React). */}
                <div dangerouslySetInnerHTML={{ __html: planningMonthHtml(month, selected) }} />
              </section>
              <div className="booking-actions">
                <fieldset className="card" data-enter-submits="reserve">
                  <legend>Demande de Réserve</legend>
                  <div className="field checkbox">
                    <input type="checkbox" id="repeter" name="repeter" defaultChecked={entered?.repeter} />
                    <label htmlFor="repeter">Répéter chaque semaine jusqu'aux prochaines vacances</label>
                  </div>
                  <button type="submit" name="action" value="reserve" className="primary">
                    Demande de Réserve
                  </button>
                </fieldset>
                <fieldset className="card" data-enter-submits="cancel">
                  <legend>Annuler ma réservation</legend>
                  <p className="field-note" id="annulation-note">
                    Jusqu'au délai d'annulation de la prestation, la réservation est annulée sans frais. Passé ce délai, déclarez une
                    absence : la journée sera facturée, sauf sur certificat médical.
                  </p>
                  <button type="submit" name="action" value="cancel" aria-describedby="annulation-note">
                    Annuler ma réservation
                  </button>
                </fieldset>
                <fieldset className="card" data-enter-submits="absence">
                  <legend>Déclarer une absence</legend>
                  <div className="field">
                    <label htmlFor="motif">Raison de l'absence</label>
                    <select
                      id="motif"
                      name="motif"
                      defaultValue={(ABSENCE_REASONS as readonly string[]).includes(entered?.motif ?? '') ? entered!.motif : ''}
                    >
                      <option value="">(choisissez)</option>
                      {ABSENCE_REASONS.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="precisions">Précisions (facultatif)</label>
                    <input
                      id="precisions"
                      name="precisions"
                      type="text"
                      maxLength={ABSENCE_DETAILS_MAX}
                      defaultValue={entered?.precisions}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor="certificat">Certificat médical (PDF ou photo, 5 Mo au maximum)</label>
                    <input
                      id="certificat"
                      name="certificat"
                      type="file"
                      accept="application/pdf,image/jpeg,image/png"
                      aria-describedby="certificat-note"
                    />
                  </div>
                  <div className="field checkbox">
                    <input type="checkbox" id="confirmation" name="confirmation" defaultChecked={entered?.confirmation} />
                    <label htmlFor="confirmation">Je confirme la déclaration d'absence</label>
                  </div>
                  <p className="field-note" id="certificat-note">
                    Vous devez toujours fournir une attestation en cas de raison médicale, sinon l'annulation ne sera pas validée :
                    joignez-la ci-dessus, transmettez-la par courriel à <a href={`mailto:${communeEmail}`}>{communeEmail}</a> ou déposez-la
                    à l'accueil périscolaire.
                  </p>
                  <button type="submit" name="action" value="absence" className="primary">
                    Déclarer une absence
                  </button>
                </fieldset>
              </div>
            </form>
          )}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the legend is constant markup, rendered by React once per process and kept (legendHtml). */}
          <section className="card legend" aria-labelledby="legend-title" dangerouslySetInnerHTML={{ __html: legendHtml() }} />
        </div>
      </div>
    </FamilyLayout>
  );
}
