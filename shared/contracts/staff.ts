import { z } from './zod-fr';
import { entityId, requiredText } from './common';

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
  /** A temporary password set by an admin: nothing else opens before it is changed. */
  mustChangePassword: boolean;
}

/** An agent's account as admins manage it. */
export interface StaffAccountRow extends StaffUserView {
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

const staffPassword = z.string().min(10, { error: 'Le mot de passe doit contenir au moins 10 caractères.' }).max(128);

export const staffUpdateInput = z
  .object({
    id: entityId,
    role: z.enum(STAFF_ROLES, { error: 'Rôle : agent ou admin.' }).optional(),
    active: z.boolean().optional(),
    displayName: requiredText(120, 'Le nom affiché').optional(),
  })
  .strict();

export const staffResetPasswordInput = z.object({ id: entityId, temporaryPassword: staffPassword }).strict();

export const staffChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, { error: 'Le mot de passe actuel est obligatoire.' }).max(128),
    newPassword: staffPassword,
  })
  .strict();
