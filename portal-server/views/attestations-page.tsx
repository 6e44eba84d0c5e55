import type { FamilyChildRow } from '../../shared/core/families/family-account-view';
import { formatEuros } from '../../shared/domain/money';
import { FamilyLayout, type HeaderInfo } from './layout';

export interface FiscalYearLine {
  year: number;
  /** Paid that year for the care of children under 6; 0 when nothing. */
  careCents: number;
  mealCents: number;
  children: string[];
}

export interface PresenceForm {
  enfant: string;
  du: string;
  au: string;
}

/** « 2023, 2024 et 2025 » */
const listOfYears = (years: number[]) => {
  const sorted = [...years].sort((a, b) => a - b).map(String);
  return sorted.length > 1 ? `${sorted.slice(0, -1).join(', ')} et ${sorted[sorted.length - 1]}` : sorted.join('');
};

/** « Attestations »: the attestation fiscale of each past year, and an attestation de présence for a period. */
export function AttestationsPage(props: {
  header: HeaderInfo;
  csrfToken: string;
  fiscalYears: FiscalYearLine[];
  /** Why attestations cannot be printed yet (the commune's SIRET is missing), if so. */
  unavailable?: string;
  nextYear: { year: number; from: string };
  childOptions: FamilyChildRow[];
  presence: PresenceForm;
  errors?: Partial<Record<keyof PresenceForm, string>>;
  error?: string;
  /** Why the attestation fiscale asked for was not made: said in its own section. */
  fiscalError?: string;
}) {
  const e = props.errors ?? {};
  const paid = props.fiscalYears.filter((line) => line.careCents || line.mealCents);
  const nothing = props.fiscalYears.filter((line) => !line.careCents && !line.mealCents).map((line) => line.year);
  const describedBy = (id: keyof PresenceForm) => (e[id] ? `${id}-error` : undefined);
  return (
    <FamilyLayout title="Attestations" header={props.header} active="/releve-de-compte" csrfToken={props.csrfToken}>
      <p>
        <a href="/releve-de-compte">← Relevé de compte</a>
      </p>
      {props.unavailable ? (
        <p className="error" role="alert">
          {props.unavailable}
        </p>
      ) : null}
      <section className="card" aria-labelledby="fiscal-title">
        <h2 id="fiscal-title">Attestation fiscale — frais de garde</h2>
        {props.fiscalError && props.fiscalError !== props.unavailable ? (
          <p className="error" role="alert">
            {props.fiscalError}
          </p>
        ) : null}
        <p>
          Pour le crédit d’impôt des frais de garde des enfants de moins de 6 ans au 1er janvier&nbsp;: les sommes que vous avez réglées
          pendant l’année pour l’accueil périscolaire et de loisirs, les repas indiqués à part (ils ne comptent pas).
        </p>
        {paid.length ? (
          <ul className="paper-list">
            {paid.map((line) => (
              <li key={line.year}>
                <a href={`/attestations/fiscale/${line.year}.pdf`}>Attestation fiscale {line.year} (PDF)</a> — frais de garde réglés pour{' '}
                {line.children.join(', ')}&nbsp;: <strong>{formatEuros(line.careCents)}</strong>&nbsp;; repas, non déductibles&nbsp;:{' '}
                {formatEuros(line.mealCents)}
              </li>
            ))}
          </ul>
        ) : null}
        {nothing.length ? (
          <p>
            {nothing.length > 1 ? 'Années' : 'Année'} {listOfYears(nothing)}&nbsp;: aucune somme réglée pour la garde d’un enfant de moins
            de 6 ans au 1er janvier de l’année.
          </p>
        ) : null}
        <p className="note">
          L’attestation de l’année {props.nextYear.year} sera disponible à partir du {props.nextYear.from}.
        </p>
      </section>
      <section className="card" aria-labelledby="presence-title">
        <h2 id="presence-title">Attestation de présence</h2>
        {props.error ? (
          <p className="error" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="get" action="/attestations/presence" noValidate>
          <div className="field">
            <label htmlFor="enfant">Enfant</label>
            <select
              id="enfant"
              name="enfant"
              defaultValue={props.presence.enfant}
              aria-describedby={describedBy('enfant')}
              aria-invalid={e.enfant ? true : undefined}
            >
              {props.childOptions.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.firstName} {c.lastName}
                </option>
              ))}
            </select>
            {e.enfant ? (
              <p className="field-error" id="enfant-error">
                {e.enfant}
              </p>
            ) : null}
          </div>
          {(
            [
              ['du', 'Du'],
              ['au', 'Au'],
            ] as const
          ).map(([id, label]) => (
            <div className="field" key={id}>
              <label htmlFor={id}>{label}</label>
              <input
                id={id}
                name={id}
                type="date"
                defaultValue={props.presence[id]}
                required
                aria-describedby={describedBy(id)}
                aria-invalid={e[id] ? true : undefined}
              />
              {e[id] ? (
                <p className="field-error" id={`${id}-error`}>
                  {e[id]}
                </p>
              ) : null}
            </div>
          ))}
          <button type="submit" className="primary">
            Télécharger l’attestation de présence (PDF)
          </button>
        </form>
        <p className="note">Les journées où votre enfant a été pointé présent, mois par mois et service par service, un an au plus.</p>
      </section>
    </FamilyLayout>
  );
}
