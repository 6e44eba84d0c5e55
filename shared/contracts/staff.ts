import { z } from './zod-fr';
import { requiredText } from './common';

export const STAFF_ROLES = ['agent', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const staffLoginInput = z.object({
  username: requiredText(60, "L'identifiant"),
  password: z.string({ error: 'Le mot de passe est obligatoire.' }).min(1, { error: 'Le mot de passe est obligatoire.' }).max(128),
});

export const staffCreateInput = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9._-]{3,60}$/, { error: 'Identifiant : 3 à 60 caractères parmi a-z, 0-9, « . », « _ », « - ».' }),
  displayName: requiredText(120, 'Le nom affiché'),
  password: z.string().min(8, { error: 'Le mot de passe doit contenir au moins 8 caractères.' }).max(128),
  role: z.enum(STAFF_ROLES, { error: 'Rôle : agent ou admin.' }),
});

export interface StaffUserView {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
}
