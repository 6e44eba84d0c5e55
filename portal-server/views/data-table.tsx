import type { ReactNode } from 'react';

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/**
 * A table the keyboard can scroll on a phone (the region is focusable), with a caption for
 * screen readers and an empty-state sentence instead of an empty grid.
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
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus, so that a keyboard can scroll it (WCAG 2.1.1, axe's scrollable-region-focusable).
    <section className="table-scroll" tabIndex={0} aria-label={`${props.caption} (défilement horizontal)`}>
      <table>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td key={c.header} className={c.numeric ? 'num' : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {props.footer ? <tfoot>{props.footer}</tfoot> : null}
      </table>
    </section>
  );
}
