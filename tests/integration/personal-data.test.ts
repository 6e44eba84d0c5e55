import { beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../support/pdf-text';
import { useStaffCore } from '../support/staff-core';

// M. DUPONT asks the town hall for everything it holds about his family (RGPD, droit d'accès).
const fixture = useStaffCore();
let dupont: number;
let martin: number;

beforeAll(async () => {
  dupont = Number((await fixture.core.db('families').where({ family_number: '1001001010331' }).first('id')).id);
  martin = Number((await fixture.core.db('portal_accounts').where({ login: 'marie.martin' }).first('family_id')).family_id);
});

const exported = async (format: 'json' | 'pdf') => {
  const answer = await fixture.staff('families.personalData', { familyId: dupont, format });
  expect(answer.ok).toBe(true);
  return { fileName: answer.value.fileName as string, bytes: Buffer.from(answer.value.base64, 'base64') };
};

describe('a family’s personal data, on request', () => {
  it('exports as JSON every kind of record about the family, its children’s health included, and none of another family', async () => {
    const { fileName, bytes } = await exported('json');
    expect(fileName).toBe('donnees-famille-1001001010331.json');
    const data = JSON.parse(bytes.toString('utf8'));
    const section = (title: string) => data.sections.find((s: any) => s.title === title).rows;
    expect(section('Famille')).toHaveLength(1);
    expect(
      section('Enfants')
        .map((c: any) => c.first_name)
        .sort(),
    ).toEqual(['HUGO', 'LÉA']);
    expect(JSON.stringify(section('Données sanitaires'))).toContain('arachide'); // HUGO's PAI
    expect(section('Planning (réservations, présences, absences)').length).toBeGreaterThan(10);
    expect(section('Comptes du portail')[0].login).toBe('jean.dupont');
    const text = bytes.toString('utf8');
    expect(text).not.toMatch(/password_hash|token_hash|search_text|scrypt/);
    const martinChild = await fixture.core.db('children').where({ family_id: martin }).first('first_name');
    expect(section('Enfants').some((c: any) => c.first_name === martinChild.first_name)).toBe(false);
    const trace = await fixture.core.db('audit_log').where({ action: 'family.personalData', family_id: dupont }).first('details_json');
    expect(JSON.parse(trace.details_json).format).toBe('json');
  });

  it('exports the same as a readable PDF, section by section', async () => {
    const { fileName, bytes } = await exported('pdf');
    expect(fileName).toBe('donnees-famille-1001001010331.pdf');
    const text = await pdfText(bytes);
    for (const expected of [
      'Données détenues sur la famille n° 1001001010331',
      'Responsable et conjoint',
      'Données sanitaires',
      'jean.dupont',
      'arachide',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('refuses a family that does not exist', async () => {
    expect((await fixture.staff('families.personalData', { familyId: 999_999, format: 'json' })).error.message).toBe(
      'Famille introuvable.',
    );
  });
});
