import type { SectionSpec, SectionValues } from '../../shared/contracts/record-sections';
import type { FamilyRequestRow } from '../../shared/core/requests/family-requests';
import { FamilyLayout, type HeaderInfo } from './layout';
import { SectionForm, type FieldErrors } from './section-form';
import { CellValue, MorePending, requestName } from './request-tables';

interface PageBase {
  header: HeaderInfo;
  csrfToken: string;
}

/** « Votre demande apparaîtra en bas de page »: the pending requests, what each asks, each one withdrawable. */
export function PendingRequests({ requests, csrfToken }: { requests: FamilyRequestRow[]; csrfToken: string }) {
  return (
    <section className="card" aria-labelledby="pending-requests-title">
      <h2 id="pending-requests-title">Demandes en attente</h2>
      <MorePending count={requests.length} />
      {requests.length === 0 ? (
        <p>Aucune demande en attente.</p>
      ) : (
        <ul className="request-list">
          {requests.map((r) => (
            <li key={r.id}>
              <span className="request-name">{requestName(r)}</span>{' '}
              <form method="post" action={`/demandes/${r.id}/retirer`} className="inline-form">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button type="submit" aria-label={`Retirer la demande ${requestName(r)}`}>
                  Retirer
                </button>
              </form>
              <dl className="request-asked">
                {r.cells
                  .filter((c) => c.key !== 'child' && c.key !== 'name' && (Array.isArray(c.value) || c.value.length > 0))
                  .map((c) => (
                    <div key={c.key}>
                      <dt>{c.header} :</dt>
                      <dd>
                        <CellValue value={c.value} />
                      </dd>
                    </div>
                  ))}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function SectionRequestPage(
  props: PageBase & {
    spec: SectionSpec;
    values: SectionValues;
    errors: FieldErrors;
    message?: string;
    pendingKeys: Set<string>;
    action: string;
    back: { href: string; label: string };
    subject?: string;
    pendingRequests: FamilyRequestRow[];
  },
) {
  return (
    <FamilyLayout
      title={props.subject ? `${props.spec.title} — ${props.subject}` : props.spec.title}
      header={props.header}
      active={props.back.href.startsWith('/mes-enfants') ? '/mes-enfants' : '/mon-compte'}
      csrfToken={props.csrfToken}
    >
      <p>
        <a href={props.back.href}>← {props.back.label}</a>
      </p>
      <p>
        Modifiez vos données puis cliquez sur <strong>Enregistrer</strong> : la demande est transmise à la commune, qui l'acceptera ou la
        refusera.
      </p>
      <section className="card">
        <SectionForm
          spec={props.spec}
          values={props.values}
          errors={props.errors}
          pending={props.pendingKeys}
          action={props.action}
          csrfToken={props.csrfToken}
          message={props.message}
        />
      </section>
      <PendingRequests requests={props.pendingRequests} csrfToken={props.csrfToken} />
    </FamilyLayout>
  );
}

/** « Ajouter un enfant »: a child to be enrolled soon; the commune then contacts the family. */
export function AddChildPage(
  props: PageBase & { values: Record<string, string>; errors: FieldErrors; message?: string; pendingRequests: FamilyRequestRow[] },
) {
  const field = (key: string, label: string, type = 'text', extra: Record<string, unknown> = {}) => {
    const error = props.errors[key];
    return (
      <div className="field">
        <label htmlFor={`c-${key}`}>{label}</label>
        <input
          id={`c-${key}`}
          name={key}
          type={type}
          defaultValue={props.values[key] ?? ''}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `c-${key}-error` : undefined}
          {...extra}
        />
        {error ? (
          <p className="field-error" id={`c-${key}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <FamilyLayout title="Ajouter un enfant" header={props.header} active="/mes-enfants" csrfToken={props.csrfToken}>
      <p>
        <a href="/mes-enfants">← Mes enfants</a>
      </p>
      <p>
        Complétez les informations de l'enfant et cliquez sur <strong>Enregistrer</strong> : la commune pourra ensuite vous contacter pour
        remplir la fiche d'inscription.
      </p>
      <form method="post" action="/mes-enfants/ajouter" noValidate className="card">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.message ? (
          <p className="error" role="alert">
            {props.message}
          </p>
        ) : null}
        <div className="form-grid">
          {field('lastName', 'Nom', 'text', { required: true, maxLength: 80, autoComplete: 'family-name' })}
          {field('firstName', 'Prénom', 'text', { required: true, maxLength: 80 })}
          {field('birthDate', 'Date de naissance', 'date', { required: true })}
          <div className="field">
            <label htmlFor="c-sex">Sexe</label>
            <select id="c-sex" name="sex" defaultValue={props.values.sex ?? ''}>
              <option value="">(non renseigné)</option>
              <option value="F">Fille</option>
              <option value="M">Garçon</option>
            </select>
          </div>
          {field('school', 'École', 'text', { maxLength: 120 })}
          {field('grade', 'Classe', 'text', { maxLength: 20 })}
        </div>
        <div className="field">
          <label htmlFor="c-comment">Commentaire pour la commune</label>
          <textarea id="c-comment" name="comment" rows={3} maxLength={500} defaultValue={props.values.comment ?? ''} />
        </div>
        <button type="submit" className="primary">
          Enregistrer
        </button>
      </form>
      <PendingRequests requests={props.pendingRequests} csrfToken={props.csrfToken} />
    </FamilyLayout>
  );
}
