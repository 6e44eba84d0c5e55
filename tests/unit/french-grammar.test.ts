import { describe, expect, it } from 'vitest';
import { ofName } from '../../shared/domain/french-grammar';

describe('a child’s name after « de »', () => {
  it('is elided before a vowel or a mute h, accented capitals included', () => {
    expect(`Fiche ${ofName('INÈS DUPONT')}`).toBe("Fiche d'INÈS DUPONT");
    expect(`Fiche ${ofName('ÉLODIE MARTIN')}`).toBe("Fiche d'ÉLODIE MARTIN");
    expect(`Planning ${ofName('HUGO DUPONT')}`).toBe("Planning d'HUGO DUPONT");
    expect(`Fiche ${ofName('LÉA DUPONT')}`).toBe('Fiche de LÉA DUPONT');
  });
});
