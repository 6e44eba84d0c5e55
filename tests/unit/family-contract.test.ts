import { describe, expect, it } from 'vitest';
import { familyInput } from '../../shared/contracts/families';
import { validationError } from '../../shared/core/validation';

describe('the family form refuses bad input in French', () => {
  it('names each wrong field', () => {
    const result = familyInput.safeParse({
      responsable: {
        civility: 'Monsieur',
        lastName: ' ',
        firstName: 'Jean',
        email: 'pas-une-adresse',
        postalCode: '184',
        phoneMobile: '12 34',
      },
    });
    expect(result.success).toBe(false);
    const error = validationError(result.error!);
    expect(error.fields).toMatchObject({
      'responsable.lastName': 'Le nom est obligatoire.',
      'responsable.email': 'Adresse e-mail invalide.',
      'responsable.postalCode': 'Code postal invalide (5 chiffres).',
      'responsable.phoneMobile': expect.stringContaining('Numéro de téléphone invalide'),
    });
    expect(error.message).toBe('Saisie invalide : 4 champs à corriger.');
  });

  it('accepts the manual family and fills the optional fields', () => {
    const result = familyInput.parse({
      situation: 'Séparé',
      responsable: {
        civility: 'Monsieur',
        lastName: 'Dupont',
        firstName: 'Jean',
        phoneHome: '01 02 03 04 05',
        email: 'jean.dupont@wanadoo.fr',
        emailAllowed: true,
      },
    });
    expect(result.responsable.profession).toBe('');
    expect(result.conjoint).toBeNull();
  });

  it('refuses a civility that is not one', () => {
    const result = familyInput.safeParse({ responsable: { civility: 'Docteur', lastName: 'A', firstName: 'B' } });
    expect(validationError(result.error!).fields?.['responsable.civility']).toBe('Choisissez la civilité (Monsieur ou Madame).');
  });
});
