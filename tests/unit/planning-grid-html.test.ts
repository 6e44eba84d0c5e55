import { describe, expect, it } from 'vitest';
import type { ChildMonth } from '../../shared/core/planning/child-month';
import { planningMonthHtml } from '../../portal-server/views/planning-grid-html';

const month: ChildMonth = {
  child: { id: 7, firstName: 'HUGO', lastName: 'DUPONT' },
  month: '2026-12',
  previousMonth: '2026-11',
  nextMonth: '2027-01',
  days: [
    { date: '2026-12-01', header: 'Ma 01', weekend: false },
    { date: '2026-12-05', header: 'Sa 05', weekend: true },
    { date: '2026-12-21', header: 'Lu 21', weekend: false },
  ],
  rows: [
    {
      serviceId: 3,
      structure: 'Garderie <b>"Les Petits"</b>',
      service: "Matin & soir d'hiver",
      responsable: '<script>alert(1)</script>',
      cells: [
        { date: '2026-12-01', state: 'reserved', mark: null, attendance: 'booked', selectable: true },
        { date: '2026-12-05', state: null, mark: null, attendance: null, selectable: false },
        { date: '2026-12-21', state: null, mark: 'P', attendance: null, selectable: false },
      ],
    },
  ],
};

describe('the month’s planning markup', () => {
  it('escapes every name an agent typed', () => {
    const html = planningMonthHtml(month);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<span>&lt;script&gt;alert(1)&lt;/script&gt;</span>');
    expect(html).toContain('<span class="pm-name">Garderie &lt;b&gt;&quot;Les Petits&quot;&lt;/b&gt; Matin &amp; soir d&#39;hiver</span>');
  });

  it('gives each day its heading, and each service of the day its name, its state in words and codes, and a labelled checkbox', () => {
    const html = planningMonthHtml(month, new Set(['3|2026-12-01']));
    expect(html).toContain('<h3 class="pm-date c1" id="d-2026-12-01"><span class="pm-long">Mardi 1 Décembre</span>');
    expect(html).toContain(
      '<div class="pm-cell r1 c1 st-reserved" title="Réserve"><span class="pm-name">Garderie &lt;b&gt;&quot;Les Petits&quot;&lt;/b&gt; Matin &amp; soir d&#39;hiver</span><span class="pm-code" aria-hidden="true">R ○</span><span class="pm-words">Réserve</span>',
    );
    expect(html).toContain('<input type="checkbox" id="j-3-2026-12-01" class="day-check" name="jours" checked="" value="3|2026-12-01"/>');
    expect(html).toContain(
      '<label for="j-3-2026-12-01" class="visually-hidden">Choisir Garderie &lt;b&gt;&quot;Les Petits&quot;&lt;/b&gt; Matin &amp; soir d&#39;hiver, Ma 01</label>',
    );
    expect(planningMonthHtml(month)).not.toContain('checked');
    // One checkbox per day and service that can be asked for, whatever the screen: nothing is asked twice.
    expect(html.match(/type="checkbox"/g)).toHaveLength(1);
  });

  it('marks the days and lines with nothing to show or ask, which a phone leaves out', () => {
    const html = planningMonthHtml(month);
    expect(html).toContain('<div class="pm-day weekend pm-quiet">');
    expect(html).toContain('<div class="pm-cell r1 c2 weekend pm-quiet">');
    expect(html).toMatch(/^<div class="pm pm-grid">/);
    // A day of the holidays with nothing to ask: one line on a phone, each service's mark on a desktop.
    expect(html).toContain('<p class="pm-daynote">Petites vacances</p><div class="pm-cell r1 c3 pm-quiet mk-P" title="Petites vacances">');
  });
});
