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
}
