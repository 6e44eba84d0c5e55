import { describe, expect, it } from 'vitest';
import {
  payfipDate,
  payfipLinkEndsOn,
  payfipMel,
  payfipObjet,
  payfipOutcome,
  payfipRefdet,
  payfipUrlModeAddress,
} from '../../shared/domain/payfip';
import { soapBody, soapRequest } from '../../shared/core/payfip/soap-client';

describe('PayFiP parameters', () => {
  it('makes a refdet of 6 to 30 letters and digits from the invoice number', () => {
    expect(payfipRefdet('AL', 36)).toBe('AL000036');
    expect(payfipRefdet('GP', 1234567)).toBe('GP1234567');
    expect(payfipRefdet('AL', 36)).toMatch(/^[A-Z0-9]{6,30}$/);
  });
  it('makes an objet without accents or punctuation, at most 100 characters', () => {
    expect(payfipObjet("Mairie de Saint-Martin-d'Auxigny facture AL-36")).toBe('Mairie de Saint Martin d Auxigny facture AL 36');
    expect(payfipObjet('é'.repeat(300))).toHaveLength(100);
  });
  it('accepts only a plausible e-mail address', () => {
    expect(payfipMel('jean.dupont@wanadoo.fr')).toBe('jean.dupont@wanadoo.fr');
    expect(payfipMel('a@b')).toBeNull();
    expect(payfipMel('')).toBeNull();
  });
  it('reads PayFiP results and dates', () => {
    expect(['P', 'V', 'R', 'Z', 'A', '', 'X'].map(payfipOutcome)).toEqual([
      'paid',
      'paid',
      'refused',
      'refused',
      'abandoned',
      'unknown',
      'unknown',
    ]);
    expect(payfipDate('30112026')).toBe('2026-11-30');
    expect(payfipDate('2026-11-30')).toBeNull();
  });
  it('keeps the link active until 30 days after the due date', () => {
    expect(payfipLinkEndsOn('2026-11-30', 30)).toBe('2026-12-30');
  });
  it('sends every URL-mode parameter, and only those', () => {
    const address = payfipUrlModeAddress('https://www.payfip.gouv.fr/tpa/paiement.web', {
      numcli: '018110',
      exer: '2026',
      refdet: 'AL000036',
      objet: 'Facture AL 36',
      montant: 12060,
      mel: 'jean.dupont@wanadoo.fr',
      urlcl: 'https://portail.example/payfip/retour',
      saisie: 'T',
    });
    const url = new URL(address);
    expect(url.origin + url.pathname).toBe('https://www.payfip.gouv.fr/tpa/paiement.web');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      numcli: '018110',
      exer: '2026',
      refdet: 'AL000036',
      objet: 'Facture AL 36',
      montant: '12060',
      mel: 'jean.dupont@wanadoo.fr',
      urlcl: 'https://portail.example/payfip/retour',
      saisie: 'T',
    });
  });
});

describe('PayFiP SOAP envelopes', () => {
  it('escapes values and reads them back as strings (leading zeros kept)', () => {
    const xml = soapRequest('creerPaiementSecurise', { numcli: '018110', objet: 'a < b & c' });
    expect(xml).toContain('<numcli>018110</numcli>');
    expect(xml).toContain('a &lt; b &amp; c');
    expect(soapBody(xml).creerPaiementSecurise.arg0).toEqual({ numcli: '018110', objet: 'a < b & c' });
  });
});
