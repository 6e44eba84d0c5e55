import { z } from './zod-fr';

export const homeMessageInput = z.object({
  homeMessage: z.string().trim().max(1000, { error: '1000 caractères au maximum.' }),
});

export const portalSettingsInput = z.object({
  portalPublicUrl: z
    .string()
    .trim()
    .max(200)
    .refine((s) => s === '' || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(s), { error: 'Adresse invalide (par exemple https://portail.ma-commune.fr).' }),
  paymentsViaTreasury: z.boolean(),
});

const payfipAddress = z.string().trim().max(200).refine((s) => /^https:\/\/[^\s]+$/.test(s) || /^\/simulateur-payfip\/[\w./-]+$/.test(s), {
  error: 'Adresse https:// attendue (ou celle du simulateur de démonstration).',
});

/** PayFiP and invoice settings (admins): DESIGN.md's public-finance facts. */
export const billingSettingsInput = z.object({
  payfipClientNumber: z.string().trim().regex(/^(\d{6})?$/, { error: 'Le n° client PayFiP a 6 chiffres (vide : pas de paiement en ligne).' }),
  payfipMode: z.enum(['ws', 'url'], { error: 'Mode PayFiP inconnu.' }),
  payfipSaisie: z.enum(['T', 'X', 'W', 'A'], { error: 'Valeur de « saisie » inconnue.' }),
  payfipLinkDaysAfterDue: z.number().int().min(0).max(90),
  payfipWsUrl: payfipAddress,
  payfipPaymentPageUrl: payfipAddress,
  payfipUrlModeUrl: payfipAddress,
  invoiceDueRule: z.enum(['end_of_month', 'end_of_next_month', 'days:15', 'days:30'], { error: 'Règle d’échéance inconnue.' }),
}).strict();

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
}
