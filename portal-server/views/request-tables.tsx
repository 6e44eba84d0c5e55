import type { ReactNode } from 'react';
import { PENDING_SHOWN, type FamilyRequestRow, type RequestCell } from '../../shared/core/requests/family-requests';
import { requestColumns } from '../../shared/core/requests/request-cells';
import { formatShortFrenchDate } from '../../shared/domain/french-dates';
import { REQUEST_CATEGORY_LABELS } from '../../shared/domain/labels';
import { DataTable, type Column } from './data-table';

export const requestDay = (iso: string | null) => (iso ? formatShortFrenchDate(iso.slice(0, 10)) : '');

/** A cell as the family reads it: one line, or one line per item of a list (the persons, the vaccines). */
export function CellValue({ value }: { value: RequestCell['value'] }) {
  if (typeof value === 'string') return <>{value}</>;
  if (value.length === 0) return <>Aucune</>;
  // Lines, not a list: the cell's value sits in a <span> (a phone shows « header : value »).
  return value.map((line, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: two identical lines (two DTP injections) are two items.
    <span key={i} className="cell-line">
      {line}
    </span>
  ));
}

/** Said when a list reached its bound: the oldest pending requests come first, the rest by type. */
export function MorePending({ count }: { count: number }) {
  if (count < PENDING_SHOWN) return null;
  return (
    <p className="field-note">
      Seules les {PENDING_SHOWN} plus anciennes demandes en attente sont affichées : choisissez un type de demande ci-dessus, ou attendez la
      réponse de la commune, pour voir les suivantes.
    </p>
  );
}

/** « Informations responsable, demande du 30/11/2026 »: how a button or a list names a request. */
export function requestName(r: FamilyRequestRow): string {
  return `${r.categoryLabel}${r.childName ? ` — ${r.childName}` : ''}, demande du ${requestDay(r.createdAt)}`;
}

/** « Date.demande » may break after its dot, so that a type's thirteen columns fit a desktop. */
function breakableHeader(header: string): ReactNode {
  const parts = header.split(/(?<=\.)(?=.)/);
  return parts.map((part, i) => (
    <span key={part}>
      {i > 0 ? <wbr /> : null}
      {part}
    </span>
  ));
}

/** One table per type of request, each with that type's columns, then the outcome's own. */
export function RequestTablesByType(props: {
  outcome: string;
  rows: FamilyRequestRow[];
  empty: string;
  trailing: Column<FamilyRequestRow>[];
}): ReactNode {
  if (props.rows.length === 0) return <p>{props.empty}</p>;
  const byCategory = new Map<string, FamilyRequestRow[]>();
  for (const row of props.rows) {
    const list = byCategory.get(row.category);
    if (list) list.push(row);
    else byCategory.set(row.category, [row]);
  }
  // The types in the order of the filters above them (the manual's), whatever the order of the requests.
  const order = Object.keys(REQUEST_CATEGORY_LABELS);
  const types = [...byCategory.entries()].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  return types.map(([category, rows]) => {
    const label = rows[0]!.categoryLabel;
    const own: Column<FamilyRequestRow>[] = [
      ...requestColumns(category, rows).map((c) => ({
        header: c.header,
        cell: (r: FamilyRequestRow) => <CellValue value={r.cells.find((x) => x.key === c.key)?.value ?? ''} />,
      })),
      { header: 'Date.demande', cell: (r) => requestDay(r.createdAt) },
      ...props.trailing,
    ];
    const columns = own.map((c) => ({ ...c, headerContent: breakableHeader(c.header) }));
    return (
      <div key={category} className="request-type">
        <h3>{label}</h3>
        <DataTable caption={`${props.outcome} — ${label}`} rows={rows} rowKey={(r) => r.id} empty={props.empty} columns={columns} />
      </div>
    );
  });
}
