import escapeHtml from 'escape-html';
import type { ChildMonth, PlanningCell } from '../../shared/core/planning/child-month';
import { ATTENDANCE_MARKS, DAY_MARKS, PLANNING_STATES } from '../../shared/domain/planning-legend';

/**
 * The planning grid's rows as HTML: one row per service, one cell per day. It is the portal's
 * busiest markup (up to a hundred cells, each with its hidden label and checkbox), and React's
 * server renderer spent more on it than the page's queries (issue 8). Built as a string here,
 * every value from the database goes through escapeHtml; the rest are the legend's constants,
 * ISO dates and numeric ids.
 */
export function planningRowsHtml(month: ChildMonth, selected?: Set<string>): string {
  let html = '';
  for (const row of month.rows) {
    const serviceName = `${row.structure} ${row.service}`;
    html += `<tr><th scope="row">${escapeHtml(serviceName)}</th><td>${escapeHtml(row.responsable)}</td>`;
    row.cells.forEach((cell, i) => {
      const day = month.days[i]!;
      html += cellHtml(cell, day.weekend, row.serviceId, serviceName, day.header, selected?.has(`${row.serviceId}|${cell.date}`) ?? false);
    });
    html += '</tr>';
  }
  return html;
}

/** What a screen reader says of a cell: its state, its mark and its attendance, in words. */
export function cellLabel(cell: PlanningCell): string {
  return [
    cell.state ? PLANNING_STATES[cell.state].label : '',
    cell.mark ? DAY_MARKS[cell.mark] : '',
    cell.attendance === 'present' ? 'présent' : cell.attendance === 'presentBooked' ? 'présent sur la journée réservée' : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function cellHtml(cell: PlanningCell, weekend: boolean, serviceId: number, serviceName: string, header: string, checked: boolean): string {
  const label = cellLabel(cell);
  const classes = [cell.state ? `st-${cell.state}` : '', cell.mark ? `mk-${cell.mark}` : '', weekend ? 'weekend' : '']
    .filter(Boolean)
    .join(' ');
  const visible = [
    cell.state ? PLANNING_STATES[cell.state].code : '',
    cell.mark ?? '',
    cell.attendance ? ATTENDANCE_MARKS[cell.attendance].symbol : '',
  ]
    .filter(Boolean)
    .join(' ');
  let html = '<td';
  if (classes) html += ` class="${classes}"`;
  if (label) html += ` title="${escapeHtml(label)}"`;
  html += '>';
  if (visible) html += `<span aria-hidden="true">${escapeHtml(visible)}</span>`;
  if (label) html += `<span class="visually-hidden">${escapeHtml(label)}</span>`;
  if (cell.selectable) {
    const id = `j-${serviceId}-${cell.date}`;
    html +=
      `<input type="checkbox" id="${id}" class="day-check" name="jours"${checked ? ' checked=""' : ''} value="${serviceId}|${cell.date}"/>` +
      `<label for="${id}" class="visually-hidden">Choisir ${escapeHtml(serviceName)}, ${escapeHtml(header)}</label>`;
  }
  return `${html}</td>`;
}
