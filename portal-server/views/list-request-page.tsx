import type { FamilyRequestRow } from '../../shared/core/requests/family-requests';
import { FamilyLayout, type HeaderInfo } from './layout';
import { PendingRequests } from './request-pages';
import type { FieldErrors } from './section-form';

export interface ListColumn {
  key: string;
  label: string;
  type: 'text' | 'tel' | 'date' | 'checkbox';
}

export type ListRow = Record<string, string | boolean | null>;

export interface ListRequestProps {
  header: HeaderInfo;
  csrfToken: string;
  title: string;
  intro: string;
  action: string;
  back: { href: string; label: string };
  /** Form field name of the list (« persons », « vaccinations »); rows are name[i][key]. */
  name: string;
  itemLabel: string;
  columns: ListColumn[];
  rows: ListRow[];
  max: number;
  errors: FieldErrors;
  message?: string;
  pendingRequests: FamilyRequestRow[];
}

/** A list the family asks to replace (authorised persons, vaccinations): the rows as they are, and room for two more. */
export function ListRequestPage(props: ListRequestProps) {
  const blank: ListRow = Object.fromEntries(props.columns.map((c) => [c.key, c.type === 'checkbox' ? false : '']));
  const rows = [
    ...props.rows,
    ...Array.from({ length: Math.max(0, Math.min(props.max, props.rows.length + 2) - props.rows.length) }, () => blank),
  ];
  return (
    <FamilyLayout title={props.title} header={props.header} active="/mes-enfants" csrfToken={props.csrfToken}>
      <p>
        <a href={props.back.href}>← {props.back.label}</a>
      </p>
      <p>{props.intro}</p>
      <form method="post" action={props.action} noValidate className="card persons">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.message ? (
          <p className="error" role="alert">
            {props.message}
          </p>
        ) : null}
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows of a form rendered once on the server, never reordered.
          <fieldset key={i}>
            <legend>
              {props.itemLabel} {i + 1}
            </legend>
            <div className="form-grid">
              {props.columns.map((column) => {
                const id = `${props.name}-${i}-${column.key}`;
                const error = props.errors[`${props.name}.${i}.${column.key}`];
                const name = `${props.name}[${i}][${column.key}]`;
                if (column.type === 'checkbox') {
                  return (
                    <div className="field checkbox" key={column.key}>
                      <input type="checkbox" id={id} name={name} defaultChecked={row[column.key] === true} />
                      <label htmlFor={id}>{column.label}</label>
                    </div>
                  );
                }
                return (
                  <div className="field" key={column.key}>
                    <label htmlFor={id}>{column.label}</label>
                    <input
                      id={id}
                      name={name}
                      type={column.type}
                      defaultValue={String(row[column.key] ?? '')}
                      maxLength={80}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                    />
                    {error ? (
                      <p className="field-error" id={`${id}-error`}>
                        {error}
                      </p>
                    ) : null}
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
        <button type="submit" className="primary">
          Enregistrer
        </button>
      </form>
      <PendingRequests requests={props.pendingRequests} csrfToken={props.csrfToken} />
    </FamilyLayout>
  );
}
