import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useStaffCore } from '../support/staff-core';

// « Exporter »: every grid gives the rows of its current filter and sort, all pages, as CSV
// (UTF-8 with BOM, semicolons) and XLSX with dates and amounts typed as such.
const fixture = useStaffCore();
const staff = fixture.staff;
const csvLines = (base64: string) => Buffer.from(base64, 'base64').toString('utf8').split('\r\n').filter(Boolean);

describe('an agent exports a grid', () => {
  it('gives every family of the filter, in the grid’s order, as a French CSV', async () => {
    const filter = { sortField: 'familyNumber', sortDirection: 'desc', search: '' };
    const shown = [];
    for (let page = 0; ; page += 1) {
      const answer = await staff('families.list', { ...filter, page, pageSize: 25 });
      shown.push(...answer.value.rows);
      if (shown.length >= answer.value.total) break;
    }
    const exported = await staff('exports.grid', { grid: 'families', filter: { ...filter, page: 2, pageSize: 25 }, format: 'csv' });
    expect(exported.ok).toBe(true);
    expect(exported.value.fileName).toBe('familles-2026-11-30.csv');
    const bytes = Buffer.from(exported.value.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const lines = csvLines(exported.value.base64);
    expect(lines[0]).toBe('\uFEFFN° Famille;Responsable;Conjoint;Commune;Téléphone;Courriel;Enfants;Modifiée le');
    expect(lines).toHaveLength(shown.length + 1); // all pages, not the one on screen
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual(shown.map((r: any) => r.familyNumber));
    expect(lines.find((l) => l.startsWith('1001001010331;'))).toMatch(
      /^1001001010331;DUPONT JEAN;[^;]*;[^;]*;[^;]*;[^;]*;2;\d\d\/\d\d\/\d{4}$/,
    );
  });

  it('types dates and amounts in the XLSX, as the invoices grid shows them', async () => {
    const filter = { month: '2026-10', sort: 'number', direction: 'asc', status: 'all' };
    const listed = await staff('invoices.list', { ...filter, pageSize: 100 });
    const exported = await staff('exports.grid', { grid: 'invoices', filter, format: 'xlsx' });
    expect(exported.value.rows).toBe(listed.value.total);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(exported.value.base64, 'base64') as never);
    const sheet = workbook.getWorksheet('Factures')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'N° Facture',
      'Nature',
      'N° Famille',
      'Famille',
      'Régie',
      'Mois',
      'Date facture',
      'Date échéance',
      'Montant',
      'Réglé',
      'Reste à payer',
    ]);
    expect(sheet.rowCount).toBe(listed.value.total + 1);
    const first = listed.value.rows[0];
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(first.number);
    expect(row.getCell(7).value).toEqual(new Date(`${first.issuedOn}T00:00:00Z`));
    expect(row.getCell(9).value).toBe(first.totalCents / 100);
    expect(row.getCell(9).numFmt).toBe('#,##0.00 "€"');
  });

  it('writes decimal commas and dd/mm/yyyy in the CSV of payments, over the period asked', async () => {
    const exported = await staff('exports.grid', { grid: 'payments', filter: { from: '2026-09-01', to: '2026-11-30' }, format: 'csv' });
    const journal = await staff('payments.journal', { from: '2026-09-01', to: '2026-11-30', pageSize: 1 });
    const lines = csvLines(exported.value.base64);
    expect(lines).toHaveLength(journal.value.total + 1);
    expect(lines[1]).toMatch(/^\d\d\/\d\d\/2026;\d+;[^;]+;[^;]+;[^;]*;-?\d+,\d\d;/);
  });

  it('never lets a cell run as a formula when the file is opened', async () => {
    const martin = await fixture.core.db('families').where({ family_number: '1001001010332' }).first('id');
    await fixture.core.db('family_adults').where({ family_id: martin.id, role: 'responsable' }).update({ city: '=HYPERLINK("http://x")' });
    const exported = await staff('exports.grid', { grid: 'families', filter: { search: '1001001010332' }, format: 'csv' });
    const line = csvLines(exported.value.base64)[1]!;
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('refuses a filter the grid would refuse, with its message', async () => {
    const refused = await staff('exports.grid', { grid: 'payments', filter: { from: '2020-01-01', to: '2026-11-30' }, format: 'csv' });
    expect(refused.ok).toBe(false);
    expect(refused.error.message).toContain('Deux ans au plus par recherche.');
    const unknown = await staff('exports.grid', { grid: 'passwords', filter: {}, format: 'csv' });
    expect(unknown.ok).toBe(false);
  });
});
