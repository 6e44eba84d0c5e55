import { describe, expect, it } from 'vitest';
import type { ChildMonth } from '../../shared/core/planning/child-month';
import { planningRowsHtml } from '../../portal-server/views/planning-grid-html';

const month: ChildMonth = {
  child: { id: 7, firstName: 'HUGO', lastName: 'DUPONT' },
  month: '2026-12',
  previousMonth: '2026-11',
  nextMonth: '2027-01',
  days: [
    { date: '2026-12-01', header: 'Ma 01', weekend: false },
    { date: '2026-12-05', header: 'Sa 05', weekend: true },
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
      ],
    },
  ],
};

describe('the planning grid’s rows', () => {
  it('escape every name an agent typed', () => {
    const html = planningRowsHtml(month);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html).toContain('<th scope="row">Garderie &lt;b&gt;&quot;Les Petits&quot;&lt;/b&gt; Matin &amp; soir d&#39;hiver</th>');
  });

  it('give each day its state in words, its codes for the eye and a labelled checkbox when it can be asked for', () => {
    const html = planningRowsHtml(month, new Set(['3|2026-12-01']));
    expect(html).toContain(
      '<td class="st-reserved" title="Réserve"><span aria-hidden="true">R ○</span><span class="visually-hidden">Réserve</span>',
    );
    expect(html).toContain('<input type="checkbox" id="j-3-2026-12-01" class="day-check" name="jours" checked="" value="3|2026-12-01"/>');
    expect(html).toContain(
      '<label for="j-3-2026-12-01" class="visually-hidden">Choisir Garderie &lt;b&gt;&quot;Les Petits&quot;&lt;/b&gt; Matin &amp; soir d&#39;hiver, Ma 01</label>',
    );
    expect(html).toContain('<td class="weekend"></td></tr>');
    expect(planningRowsHtml(month)).not.toContain('checked');
  });
});
