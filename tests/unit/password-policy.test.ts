import { describe, expect, it } from 'vitest';
import { passwordRuleFailures } from '../../shared/domain/password-policy';
import { isCommonPassword } from '../../shared/core/accounts/common-passwords';

const failures = (password: string, login = 'jean.dupont') => passwordRuleFailures(password, login, isCommonPassword).map((f) => f.message);

describe('the manual’s password rules, and ours', () => {
  it('accepts the demo passwords', () => {
    expect(failures('Bonbons2015')).toEqual([]);
    expect(failures('Cantine2015', 'marie.martin')).toEqual([]);
  });

  it.each([
    ['Bon2015', 'Le mot de passe doit contenir au moins 8 caractères.'],
    ['bonbons2015', 'Le mot de passe doit contenir au moins 1 majuscule.'],
    ['BONBONS2015', 'Le mot de passe doit contenir au moins 1 minuscule.'],
    ['Bonbonsdeux', 'Le mot de passe doit contenir au moins 1 caractère numérique.'],
    [`Aa1${'x'.repeat(126)}`, 'Le mot de passe ne doit pas dépasser 128 caractères.'],
    ['Jean.Dupont2015', 'Le mot de passe ne doit pas contenir votre identifiant.'],
    ['Azerty123', 'Ce mot de passe est trop courant : choisissez-en un autre.'],
    ['Password2024!', 'Ce mot de passe est trop courant : choisissez-en un autre.'],
  ])('refuses « %s »: %s', (password, message) => {
    expect(failures(password)).toEqual([message]);
  });

  it('names every rule a password breaks', () => {
    expect(failures('abc')).toEqual([
      'Le mot de passe doit contenir au moins 8 caractères.',
      'Le mot de passe doit contenir au moins 1 majuscule.',
      'Le mot de passe doit contenir au moins 1 caractère numérique.',
    ]);
  });

  it('counts accented letters as letters', () => {
    expect(failures('Éléphant2015')).toEqual([]);
  });
});
