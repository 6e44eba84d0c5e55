import type { FamilyChildEnrolments, FamilyEnrolment } from '../../shared/core/enrolments/family-enrolments';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { ofName } from '../../shared/domain/french-grammar';
import { ChildViewTabs } from './child-view-tabs';
import { FamilyLayout, type HeaderInfo } from './layout';

const WEEKDAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const STATE_LABELS: Record<FamilyEnrolment['state'], string> = { current: 'En cours', coming: 'À venir' };

/** « lundi, mardi, jeudi et vendredi », or what it means when there is none. */
function regularDaysText(weekdays: number[]): string {
  if (weekdays.length === 0) return 'Aucun : jours réservés un à un';
  const names = weekdays.map((d) => WEEKDAY_NAMES[d]!);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}`;
}

/**
 * « Inscriptions en cours »: every current and coming enrolment of a child — structure, service,
 * period, regular days, state — one card each, which reads the same at 375 px and on a desktop.
 */
export function EnrolmentsPage({ header, csrfToken, view }: { header: HeaderInfo; csrfToken: string; view: FamilyChildEnrolments }) {
  const name = `${view.child.firstName} ${view.child.lastName}`;
  return (
    <FamilyLayout title={`Inscriptions en cours ${ofName(name)}`} header={header} active="/mes-enfants" csrfToken={csrfToken}>
      <p>
        <a href={`/mes-enfants/${view.child.id}`}>← Fiche {ofName(name)}</a>
      </p>
      <ChildViewTabs childId={view.child.id} active="inscriptions" />
      {view.enrolments.length === 0 ? (
        <p>{name} n’est inscrit(e) à aucune prestation en cours ou à venir. Pour une inscription, adressez-vous à la commune.</p>
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
    </FamilyLayout>
  );
}
