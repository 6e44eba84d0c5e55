import escapeHtml from 'escape-html';
import type { ChildMonth, PlanningCell } from '../../shared/core/planning/child-month';
import { formatLongFrenchDate } from '../../shared/domain/french-dates';
import { ATTENDANCE_MARKS, DAY_MARKS, PLANNING_STATES } from '../../shared/domain/planning-legend';

/** Grid rows the stylesheet can place a service on (portal.css, .r1 … .r20); more services are listed day by day everywhere. */
export const GRID_SERVICE_ROWS = 20;

/**
 * The month's planning as HTML, one markup for every screen: day by day (a heading, then one
 * line per service with its name, its state in words and codes, and its checkbox), which a phone
 * shows as a list a thumb can follow and a desktop's stylesheet lays out as the manual's grid —
 * services in rows, days in columns (CSS grid: each day's block is `display: contents`, each line
 * placed by its row and column classes). One set of checkboxes, so nothing is ever asked twice.
 * It is the portal's busiest markup, built as a string (issue 8): every value from the database
 * goes through escapeHtml; the rest are the legend's constants, ISO dates and numeric ids.
 */
export function planningMonthHtml(month: ChildMonth, selected?: Set<string>): string {
  const asGrid = month.rows.length <= GRID_SERVICE_ROWS;
  let html = `<div class="pm${asGrid ? ' pm-grid' : ''}">`;
  html += '<div class="pm-corner" aria-hidden="true">Structure<br/>Responsable</div>';
  month.rows.forEach((row, r) => {
    html +=
      `<div class="pm-service r${r + 1}" aria-hidden="true"><strong>${escapeHtml(`${row.structure} ${row.service}`)}</strong>` +
      `<span>${escapeHtml(row.responsable)}</span></div>`;
  });
  month.days.forEach((day, c) => {
    const cells = month.rows.map((row) => row.cells[c]!);
    const bare = cells.every((cell) => !cell.state && !cell.attendance && !cell.selectable);
    const mark = cells[0]?.mark ?? null;
    // A holiday or public holiday with nothing booked or to ask: a phone says so in one line.
    const onlyMark = bare && mark !== null && cells.every((cell) => cell.mark === mark);
    const empty = bare && cells.every((cell) => !cell.mark);
    const classes = ['pm-day', day.weekend ? 'weekend' : '', empty ? 'pm-quiet' : ''].filter(Boolean).join(' ');
    html += `<div class="${classes}">`;
    html +=
      `<h3 class="pm-date c${c + 1}${day.weekend ? ' weekend' : ''}" id="d-${day.date}"><span class="pm-long">${formatLongFrenchDate(day.date).replace(/ \d{4}$/, '')}</span>` +
      `<span class="pm-short" aria-hidden="true">${day.header.replace(' ', '<br/>')}</span></h3>`;
    if (onlyMark) html += `<p class="pm-daynote">${DAY_MARKS[mark]}</p>`;
    month.rows.forEach((row, r) => {
      const serviceName = `${row.structure} ${row.service}`;
      const checked = selected?.has(`${row.serviceId}|${day.date}`) ?? false;
      const place = `r${r + 1} c${c + 1}${day.weekend ? ' weekend' : ''}`;
      html += cellHtml(cells[r]!, `${place}${onlyMark ? ' pm-quiet' : ''}`, row.serviceId, serviceName, day.header, checked);
    });
    html += '</div>';
  });
  return `${html}</div>`;
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

function cellHtml(cell: PlanningCell, place: string, serviceId: number, serviceName: string, header: string, checked: boolean): string {
  const label = cellLabel(cell);
  const empty = !label && !cell.selectable && !cell.attendance;
  const classes = ['pm-cell', place, cell.state ? `st-${cell.state}` : '', cell.mark ? `mk-${cell.mark}` : '', empty ? 'pm-quiet' : '']
    .filter(Boolean)
    .join(' ');
  const visible = [
    cell.state ? PLANNING_STATES[cell.state].code : '',
    cell.mark ?? '',
    cell.attendance ? ATTENDANCE_MARKS[cell.attendance].symbol : '',
  ]
    .filter(Boolean)
    .join(' ');
  let html = `<div class="${classes}"${label ? ` title="${escapeHtml(label)}"` : ''}>`;
  html += `<span class="pm-name">${escapeHtml(serviceName)}</span>`;
  if (visible) html += `<span class="pm-code" aria-hidden="true">${escapeHtml(visible)}</span>`;
  if (label) html += `<span class="pm-words">${escapeHtml(label)}</span>`;
  if (cell.selectable) {
    const id = `j-${serviceId}-${cell.date}`;
    html +=
      `<input type="checkbox" id="${id}" class="day-check" name="jours"${checked ? ' checked=""' : ''} value="${serviceId}|${cell.date}"/>` +
      `<label for="${id}" class="visually-hidden">Choisir ${escapeHtml(serviceName)}, ${escapeHtml(header)}</label>`;
  }
  return `${html}</div>`;
}
