import { z } from './zod-fr';

export const homeMessageInput = z.object({
  homeMessage: z.string().trim().max(1000, { error: '1000 caractères au maximum.' }),
});

export const portalSettingsInput = z.object({
  portalPublicUrl: z
    .string()
    .trim()
    .max(200)
    .refine((s) => s === '' || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(s), {
      error: 'Adresse invalide (par exemple https://portail.ma-commune.fr).',
    }),
  paymentsViaTreasury: z.boolean(),
});

const payfipAddress = z
  .string()
  .trim()
  .max(200)
  .refine((s) => /^https:\/\/[^\s]+$/.test(s) || /^\/simulateur-payfip\/[\w./-]+$/.test(s), {
    error: 'Adresse https:// attendue (ou celle du simulateur de démonstration).',
  });

/** PayFiP and invoice settings (admins): DESIGN.md's public-finance facts. */
export const billingSettingsInput = z
  .object({
    payfipClientNumber: z
      .string()
      .trim()
      .regex(/^(\d{6})?$/, { error: 'Le n° client PayFiP a 6 chiffres (vide : pas de paiement en ligne).' }),
    payfipMode: z.enum(['ws', 'url'], { error: 'Mode PayFiP inconnu.' }),
    payfipSaisie: z.enum(['T', 'X', 'W', 'A'], { error: 'Valeur de « saisie » inconnue.' }),
    payfipLinkDaysAfterDue: z.number().int().min(0).max(90),
    payfipWsUrl: payfipAddress,
    payfipPaymentPageUrl: payfipAddress,
    payfipUrlModeUrl: payfipAddress,
    invoiceDueRule: z.enum(['end_of_month', 'end_of_next_month', 'days:15', 'days:30'], { error: 'Règle d’échéance inconnue.' }),
  })
  .strict();

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `${max} caractères au maximum.` });

/** The commune's identity and contacts, printed on invoices and forms and shown on the portal. */
export const communeSettingsInput = z
  .object({
    name: z.string().trim().min(2, { error: 'Le nom de la commune est obligatoire.' }).max(120),
    address: text(200),
    postalCode: z
      .string()
      .trim()
      .regex(/^(\d{5})?$/, { error: 'Code postal à 5 chiffres.' }),
    city: text(120),
    phone: z
      .string()
      .trim()
      .max(30)
      .refine((s) => s === '' || /^(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}$/.test(s), { error: 'Numéro de téléphone invalide.' }),
    email: z
      .string()
      .trim()
      .max(120)
      .refine((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), { error: 'Adresse électronique invalide.' }),
    website: text(200),
    treasuryName: text(120),
    treasuryPhone: text(30),
    treasuryAddress: text(200),
    /** Who signs the attestations families print (frais de garde, présence). */
    signatoryName: text(120).default(''),
    signatoryTitle: text(80).default('Le Maire'),
  })
  .strict();

/** SMTP for real e-mail; an empty host keeps the file outbox. The password is write-only. */
export const smtpSettingsInput = z
  .object({
    host: text(200),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean(),
    user: text(200),
    /** Empty: keep the stored password. */
    password: z.string().max(200).default(''),
    from: text(200),
  })
  .strict();

export const testEmailInput = z
  .object({
    to: z
      .string()
      .trim()
      .max(120)
      .refine((s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), { error: 'Adresse électronique invalide.' }),
  })
  .strict();

export interface CommuneSettingsView {
  name: string;
  phone: string;
  email: string;
  treasuryName: string;
  treasuryPhone: string;
  homeMessage: string;
  portalPublicUrl: string;
  paymentsViaTreasury: boolean;
  /** Per request category: decided by an agent (default) or applied at once. */
  requestModes: Partial<Record<string, 'agent' | 'automatic'>>;
  billing: z.infer<typeof billingSettingsInput>;
  commune: z.infer<typeof communeSettingsInput>;
  smtp: Omit<z.infer<typeof smtpSettingsInput>, 'password'> & { passwordSet: boolean };
}
