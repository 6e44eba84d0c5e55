// PayFiP (formerly TIPI), the State's online payment service for public bills: the parameters
// it accepts and the answers it gives, as DESIGN.md's public-finance facts describe them.

/** « refdet »: 6 to 30 letters and digits, unique per invoice — « AL000036 » for AL-36. */
export function payfipRefdet(prefix: string, sequence: number): string {
  const letters = prefix
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase();
  return `${letters}${String(sequence).padStart(6, '0')}`.slice(0, 30);
}

/** « objet »: letters, digits and spaces only, no accents, at most 100 characters. */
export function payfipObjet(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
}

/** « mel »: 6 to 80 characters with an @; PayFiP rejects anything else. */
export function payfipMel(email: string): string | null {
  const e = email.trim();
  return e.length >= 6 && e.length <= 80 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : null;
}

export type PayfipOutcome = 'paid' | 'refused' | 'abandoned' | 'unknown';

/** resultrans: P card paid, V debit paid, R card refused, Z debit refused, A abandoned. */
export function payfipOutcome(resultrans: string | null | undefined): PayfipOutcome {
  switch ((resultrans ?? '').trim().toUpperCase()) {
    case 'P':
    case 'V':
      return 'paid';
    case 'R':
    case 'Z':
      return 'refused';
    case 'A':
      return 'abandoned';
    default:
      return 'unknown';
  }
}

/** dattrans « DDMMYYYY » → ISO date, or null when it is not a date. */
export function payfipDate(dattrans: string | null | undefined): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(dattrans ?? '');
  if (!m) return null;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  return Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ? null : iso;
}

/** The manual: « le lien sera actif 30 jours après la date d'échéance ». */
export function payfipLinkEndsOn(dueOn: string, daysAfterDue: number): string {
  const d = new Date(`${dueOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + daysAfterDue);
  return d.toISOString().slice(0, 10);
}

export interface UrlModeParams {
  numcli: string;
  exer: string;
  refdet: string;
  objet: string;
  montant: number;
  mel: string;
  urlcl: string;
  saisie: string;
}

/** The older URL mode: the family's browser is sent to paiement.web with every parameter. */
export function payfipUrlModeAddress(pageUrl: string, p: UrlModeParams): string {
  const query = new URLSearchParams({
    numcli: p.numcli,
    exer: p.exer,
    refdet: p.refdet,
    objet: p.objet,
    montant: String(p.montant),
    mel: p.mel,
    urlcl: p.urlcl,
    saisie: p.saisie,
  });
  return `${pageUrl}?${query.toString()}`;
}

/** Where the demo portal serves its PayFiP simulator (never in production). */
export const PAYFIP_SIMULATOR_PREFIX = '/simulateur-payfip';
