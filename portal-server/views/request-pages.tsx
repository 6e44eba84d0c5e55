import type { SectionSpec, SectionValues } from '../../shared/contracts/record-sections';
import type { FamilyRequestRow } from '../../shared/core/requests/family-requests';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { FamilyLayout, type HeaderInfo } from './layout';
import { SectionForm, type FieldErrors } from './section-form';

interface PageBase { header: HeaderInfo; csrfToken: string }
const day = (iso: string) => formatShortFrenchDate(iso.slice(0, 10));

/** « Votre demande apparaîtra en bas de page »: the pending requests, each one withdrawable. */
export function PendingRequests({ requests, csrfToken }: { requests: FamilyRequestRow[]; csrfToken: string }) {
  return (
    <section className="card" aria-labelledby="pending-requests-title">
      <h2 id="pending-requests-title">Demandes en attente</h2>
      {requests.length === 0 ? <p>Aucune demande en attente.</p> : (
        <ul className="request-list">
          {requests.map((r) => (
            <li key={r.id}>
              {r.categoryLabel}{r.childName ? ` — ${r.childName}` : ''}, demandée le {day(r.createdAt)}{' '}
              <form method="post" action={`/demandes/${r.id}/retirer`} className="inline-form">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button type="submit" aria-label={`Retirer la demande ${r.categoryLabel} du ${day(r.createdAt)}`}>Retirer</button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function SectionRequestPage(props: PageBase & {
  spec: SectionSpec; values: SectionValues; errors: FieldErrors; message?: string; pendingKeys: Set<string>; action: string;
  back: { href: string; label: string }; subject?: string; pendingRequests: FamilyRequestRow[];
}) {
  return (
    <FamilyLayout title={props.subject ? `${props.spec.title} — ${props.subject}` : props.spec.title} header={props.header} active={props.back.href.startsWith('/mes-enfants') ? '/mes-enfants' : '/mon-compte'} csrfToken={props.csrfToken}>
      <p><a href={props.back.href}>← {props.back.label}</a></p>
      <p>Modifiez vos données puis cliquez sur <strong>Enregistrer</strong> : la demande est transmise à la commune, qui l'acceptera ou la refusera.</p>
      <section className="card">
        <SectionForm spec={props.spec} values={props.values} errors={props.errors} pending={props.pendingKeys} action={props.action} csrfToken={props.csrfToken} message={props.message} />
      </section>
      <PendingRequests requests={props.pendingRequests} csrfToken={props.csrfToken} />
    </FamilyLayout>
  );
}

export interface PersonRow { lastName: string; firstName: string; relationship: string; phone: string; emergencyContact: boolean }

/** « Personnes autorisées à venir chercher l'enfant »: the list as it is, and room for more. */
export function PersonsRequestPage(props: PageBase & { childId: number; childName: string; persons: PersonRow[]; errors: FieldErrors; message?: string; pendingRequests: FamilyRequestRow[] }) {
  const rows = [...props.persons, ...Array.from({ length: Math.max(0, Math.min(8, props.persons.length + 2) - props.persons.length) }, () => ({ lastName: '', firstName: '', relationship: '', phone: '', emergencyContact: false }))];
  return (
    <FamilyLayout title={`Personnes autorisées — ${props.childName}`} header={props.header} active="/mes-enfants" csrfToken={props.csrfToken}>
      <p><a href={`/mes-enfants/${props.childId}`}>← {props.childName}</a></p>
      <p>Indiquez les personnes autorisées à venir chercher l'enfant. Laissez une ligne vide pour retirer une personne.</p>
      <form method="post" action={`/mes-enfants/${props.childId}/personnes-autorisees`} noValidate className="card persons">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.message ? <p className="error" role="alert">{props.message}</p> : null}
        {rows.map((p, i) => (
          <fieldset key={i}>
            <legend>Personne {i + 1}</legend>
            <div className="form-grid">
              {([['lastName', 'Nom'], ['firstName', 'Prénom'], ['relationship', 'Lien avec l’enfant'], ['phone', 'Téléphone']] as const).map(([key, label]) => {
                const error = props.errors[`persons.${i}.${key}`];
                return (
                  <div className="field" key={key}>
                    <label htmlFor={`p${i}-${key}`}>{label}</label>
                    <input id={`p${i}-${key}`} name={`persons[${i}][${key}]`} type={key === 'phone' ? 'tel' : 'text'} defaultValue={p[key]} maxLength={80}
                      aria-invalid={error ? true : undefined} aria-describedby={error ? `p${i}-${key}-error` : undefined} />
                    {error ? <p className="field-error" id={`p${i}-${key}-error`}>{error}</p> : null}
                  </div>
                );
              })}
              <div className="field checkbox">
                <input type="checkbox" id={`p${i}-emergency`} name={`persons[${i}][emergencyContact]`} defaultChecked={p.emergencyContact} />
                <label htmlFor={`p${i}-emergency`}>À prévenir en cas d’urgence</label>
              </div>
            </div>
          </fieldset>
        ))}
        <button type="submit" className="primary">Enregistrer</button>
      </form>
      <PendingRequests requests={props.pendingRequests} csrfToken={props.csrfToken} />
    </FamilyLayout>
  );
}

/** « Ajouter un enfant »: a child to be enrolled soon; the commune then contacts the family. */
export function AddChildPage(props: PageBase & { values: Record<string, string>; errors: FieldErrors; message?: string; pendingRequests: FamilyRequestRow[] }) {
  const field = (key: string, label: string, type = 'text', extra: Record<string, unknown> = {}) => {
    const error = props.errors[key];
    return (
      <div className="field">
        <label htmlFor={`c-${key}`}>{label}</label>
        <input id={`c-${key}`} name={key} type={type} defaultValue={props.values[key] ?? ''} aria-invalid={error ? true : undefined} aria-describedby={error ? `c-${key}-error` : undefined} {...extra} />
        {error ? <p className="field-error" id={`c-${key}-error`}>{error}</p> : null}
      </div>
    );
  };
  return (
    <FamilyLayout title="Ajouter un enfant" header={props.header} active="/mes-enfants" csrfToken={props.csrfToken}>
      <p><a href="/mes-enfants">← Mes enfants</a></p>
      <p>Complétez les informations de l'enfant et cliquez sur <strong>Enregistrer</strong> : la commune pourra ensuite vous contacter pour remplir la fiche d'inscription.</p>
      <form method="post" action="/mes-enfants/ajouter" noValidate className="card">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.message ? <p className="error" role="alert">{props.message}</p> : null}
        <div className="form-grid">
          {field('lastName', 'Nom', 'text', { required: true, maxLength: 80, autoComplete: 'family-name' })}
          {field('firstName', 'Prénom', 'text', { required: true, maxLength: 80 })}
          {field('birthDate', 'Date de naissance', 'date', { required: true })}
          <div className="field">
            <label htmlFor="c-sex">Sexe</label>
            <select id="c-sex" name="sex" defaultValue={props.values.sex ?? ''}>
              <option value="">(non renseigné)</option><option value="F">Fille</option><option value="M">Garçon</option>
            </select>
          </div>
          {field('school', 'École', 'text', { maxLength: 120 })}
          {field('grade', 'Classe', 'text', { maxLength: 20 })}
        </div>
        <div className="field">
          <label htmlFor="c-comment">Commentaire pour la commune</label>
          <textarea id="c-comment" name="comment" rows={3} maxLength={500} defaultValue={props.values.comment ?? ''} />
        </div>
        <button type="submit" className="primary">Enregistrer</button>
      </form>
      <PendingRequests requests={props.pendingRequests} csrfToken={props.csrfToken} />
    </FamilyLayout>
  );
}

export interface VaccinationRow { vaccine: string; vaccinatedOn: string | null; boosterDueOn: string | null }

/** The vaccinations of the child's health data: the list as it is, and room for more. */
export function VaccinationsRequestPage(props: PageBase & { childId: number; childName: string; vaccinations: VaccinationRow[]; errors: FieldErrors; message?: string; pendingRequests: FamilyRequestRow[] }) {
  const rows = [...props.vaccinations, ...Array.from({ length: Math.max(0, Math.min(20, props.vaccinations.length + 2) - props.vaccinations.length) }, () => ({ vaccine: '', vaccinatedOn: null, boosterDueOn: null }))];
  return (
    <FamilyLayout title={`Vaccinations — ${props.childName}`} header={props.header} active="/mes-enfants" csrfToken={props.csrfToken}>
      <p><a href={`/mes-enfants/${props.childId}`}>← {props.childName}</a></p>
      <p>Indiquez les vaccinations de l'enfant. Laissez une ligne vide pour retirer un vaccin.</p>
      <form method="post" action={`/mes-enfants/${props.childId}/vaccinations`} noValidate className="card persons">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.message ? <p className="error" role="alert">{props.message}</p> : null}
        {rows.map((v, i) => (
          <fieldset key={i}>
            <legend>Vaccin {i + 1}</legend>
            <div className="form-grid">
              {([['vaccine', 'Vaccin', 'text'], ['vaccinatedOn', 'Date du vaccin', 'date'], ['boosterDueOn', 'Date du rappel', 'date']] as const).map(([key, label, type]) => {
                const error = props.errors[`vaccinations.${i}.${key}`];
                return (
                  <div className="field" key={key}>
                    <label htmlFor={`v${i}-${key}`}>{label}</label>
                    <input id={`v${i}-${key}`} name={`vaccinations[${i}][${key}]`} type={type} defaultValue={v[key] ?? ''} maxLength={80}
                      aria-invalid={error ? true : undefined} aria-describedby={error ? `v${i}-${key}-error` : undefined} />
                    {error ? <p className="field-error" id={`v${i}-${key}-error`}>{error}</p> : null}
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
        <button type="submit" className="primary">Enregistrer</button>
      </form>
      <PendingRequests requests={props.pendingRequests} csrfToken={props.csrfToken} />
    </FamilyLayout>
  );
}
