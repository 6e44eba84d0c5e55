import type { ReactNode } from 'react';

export interface Column<Row> {
  header: string;
  /** The header as shown, when it differs from the text (a line break allowed in « Date.demande »). */
  headerContent?: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/**
 * A table with a caption for screen readers and an empty-state sentence instead of an empty
 * grid. On a phone each row becomes a card of « header : value » lines (portal.css, .stack), so
 * every amount is on screen: the ARIA roles keep it a table for screen readers once the CSS
 * display changes, and each cell carries its column's header (data-label). Wider, the region
 * scrolls, and takes the focus so that a keyboard can scroll it.
 */
export function DataTable<Row>(props: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  empty: string;
  footer?: ReactNode;
  rowKey: (row: Row) => string | number;
}) {
  if (props.rows.length === 0) return <p>{props.empty}</p>;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a named group, not a region: the card around it is often the landmark of the same name.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus, so that a keyboard can scroll it (WCAG 2.1.1, axe's scrollable-region-focusable).
    <div className="table-scroll stack" tabIndex={0} role="group" aria-label={props.caption}>
      {/* biome-ignore lint/a11y/noRedundantRoles: the roles keep the table a table once a phone's CSS displays it as cards. */}
      <table role="table">
        <caption className="visually-hidden">{props.caption}</caption>
        {/* biome-ignore lint/a11y/noRedundantRoles: see the table's. */}
        <thead role="rowgroup">
          {/* biome-ignore lint/a11y/noRedundantRoles: see the table's. */}
          <tr role="row">
            {props.columns.map((c) => (
              // biome-ignore lint/a11y/noRedundantRoles: see the table's.
              <th key={c.header} scope="col" role="columnheader" className={c.numeric ? 'num' : undefined}>
                {c.headerContent ?? c.header}
              </th>
            ))}
          </tr>
        </thead>
        {/* biome-ignore lint/a11y/noRedundantRoles: see the table's. */}
        <tbody role="rowgroup">
          {props.rows.map((row) => (
            // biome-ignore lint/a11y/noRedundantRoles: see the table's.
            <tr key={props.rowKey(row)} role="row">
              {props.columns.map((c) => (
                // biome-ignore lint/a11y/noRedundantRoles: see the table's.
                <td key={c.header} role="cell" data-label={c.header} className={c.numeric ? 'num' : undefined}>
                  <span className="cell-value">{c.cell(row)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {/* biome-ignore lint/a11y/noRedundantRoles: see the table's. */}
        {props.footer ? <tfoot role="rowgroup">{props.footer}</tfoot> : null}
      </table>
    </div>
  );
}
