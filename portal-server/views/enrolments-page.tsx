import type { FamilyChildEnrolments, FamilyEnrolment } from '../../shared/core/enrolments/family-enrolments';
import { formatShortFrenchDate, weekdaysText } from '../../shared/domain/french-dates';
import { ofName } from '../../shared/domain/french-grammar';
import { ChildViewTabs } from './child-view-tabs';
import { FamilyLayout, type HeaderInfo } from './layout';
import type { FamilyRequestRow } from '../../shared/core/requests/family-requests';
import { PendingRequests } from './request-pages';

const STATE_LABELS: Record<FamilyEnrolment['state'], string> = { current: 'En cours', coming: 'À venir' };

/** The regular days, or what it means when there is none. */
const regularDaysText = (weekdays: number[]) => weekdaysText(weekdays) ?? 'Aucun : jours réservés un à un';

/**
 * « Inscriptions en cours »: every current and coming enrolment of a child — structure, service,
 * period, regular days, state — one card each, which reads the same at 375 px and on a desktop.
 */
/** What the family typed in the request form: shown again, whole, when it is refused. */
export interface EnrolmentFormValues {
  serviceId: string;
  startsOn: string;
  endsOn: string;
  weekdays: string[];
  comment: string;
}

export interface EnrolmentFormState {
  services: Array<{ id: number; label: string; weekdays: number[] }>;
  values: EnrolmentFormValues;
  errors: Record<string, string>;
  message?: string;
}

const WEEKDAY_CHOICES: Array<[number, string]> = [
  [1, 'Lundi'],
  [2, 'Mardi'],
  [3, 'Mercredi'],
  [4, 'Jeudi'],
  [5, 'Vendredi'],
  [6, 'Samedi'],
  [7, 'Dimanche'],
];

export function EnrolmentsPage({
  header,
  csrfToken,
  view,
  form,
  pendingRequests,
  notice,
}: {
  header: HeaderInfo;
  csrfToken: string;
  view: FamilyChildEnrolments;
  form: EnrolmentFormState;
  pendingRequests: FamilyRequestRow[];
  notice?: string;
}) {
  const name = `${view.child.firstName} ${view.child.lastName}`;
  return (
    <FamilyLayout
      title={`${form.message ? 'Erreur : ' : ''}Inscriptions en cours ${ofName(name)}`}
      header={header}
      active="/mes-enfants"
      csrfToken={csrfToken}
    >
      <p>
        <a href={`/mes-enfants/${view.child.id}`}>← Fiche {ofName(name)}</a>
      </p>
      <ChildViewTabs childId={view.child.id} active="inscriptions" />
      {notice ? (
        <p className="notice" role="status" id="avis">
          {notice}
        </p>
      ) : null}
      {view.enrolments.length === 0 ? (
        <p>{name} n’est inscrit(e) à aucune prestation en cours ou à venir : vous pouvez demander une inscription ci-dessous.</p>
      ) : (
        <ul className="enrolment-list">
          {view.enrolments.map((e) => (
            <li key={e.id} className="card">
              <h2>
                {e.structure} — {e.service}
              </h2>
              <dl className="pairs">
                <dt>Période</dt>
                <dd>
                  du {formatShortFrenchDate(e.startsOn)} au {formatShortFrenchDate(e.endsOn)}
                </dd>
                <dt>Jours réguliers</dt>
                <dd>{regularDaysText(e.regularWeekdays)}</dd>
                <dt>État</dt>
                <dd>{STATE_LABELS[e.state]}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <EnrolmentRequestForm childId={view.child.id} childName={name} csrfToken={csrfToken} form={form} />
      <PendingRequests requests={pendingRequests} csrfToken={csrfToken} />
    </FamilyLayout>
  );
}

/** « Demander une inscription »: a service, a period, the weekdays of every week, a comment for the commune. */
function EnrolmentRequestForm({
  childId,
  childName,
  csrfToken,
  form,
}: {
  childId: number;
  childName: string;
  csrfToken: string;
  form: EnrolmentFormState;
}) {
  const { values, errors } = form;
  const described = (key: string) => (errors[key] ? { 'aria-invalid': true, 'aria-describedby': `e-${key}-error` } : {});
  const fieldError = (key: string) =>
    errors[key] ? (
      <p className="field-error" id={`e-${key}-error`}>
        {errors[key]}
      </p>
    ) : null;
  return (
    // Sent to #demande: a form that comes back refused opens on its reason, not on the page's top.
    <form
      method="post"
      action={`/mes-enfants/${childId}/inscriptions#demande`}
      id="demande"
      noValidate
      className="card"
      aria-labelledby="enrolment-request-title"
    >
      <h2 id="enrolment-request-title">Demander une inscription</h2>
      <p>
        La commune examine la demande (places, pièces à fournir) et vous répond ici ; une fois acceptée, l’inscription et ses jours
        réguliers apparaissent dans l’agenda {ofName(childName)}.
      </p>
      <input type="hidden" name="_csrf" value={csrfToken} />
      {form.message ? (
        <p className="error" role="alert" tabIndex={-1}>
          {form.message}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="e-serviceId">Prestation</label>
        <select id="e-serviceId" name="serviceId" defaultValue={values.serviceId} {...described('serviceId')}>
          <option value="">(choisissez)</option>
          {form.services.map((s) => (
            <option key={s.id} value={String(s.id)}>
              {s.label}
            </option>
          ))}
        </select>
        {fieldError('serviceId')}
      </div>
      <div className="field">
        <label htmlFor="e-startsOn">Du</label>
        <input id="e-startsOn" name="startsOn" type="date" defaultValue={values.startsOn} {...described('startsOn')} />
        {fieldError('startsOn')}
      </div>
      <div className="field">
        <label htmlFor="e-endsOn">Au</label>
        <input id="e-endsOn" name="endsOn" type="date" defaultValue={values.endsOn} {...described('endsOn')} />
        {fieldError('endsOn')}
      </div>
      <fieldset className="field" aria-describedby={errors.weekdays ? 'e-weekdays-error' : undefined}>
        <legend>Jours réguliers (chaque semaine ; aucun : vous réserverez les jours un à un)</legend>
        {WEEKDAY_CHOICES.map(([day, label]) => (
          <div className="checkbox" key={day}>
            <input
              type="checkbox"
              id={`e-weekday-${day}`}
              name="weekdays"
              value={String(day)}
              defaultChecked={values.weekdays.includes(String(day))}
            />
            <label htmlFor={`e-weekday-${day}`}>{label}</label>
          </div>
        ))}
        {fieldError('weekdays')}
      </fieldset>
      <div className="field">
        <label htmlFor="e-comment">Commentaire pour la commune (facultatif)</label>
        <textarea id="e-comment" name="comment" maxLength={500} defaultValue={values.comment} {...described('comment')} />
        {fieldError('comment')}
      </div>
      <button type="submit" className="primary">
        Envoyer la demande d’inscription
      </button>
    </form>
  );
}
