import { z } from './zod-fr';
import { entityId } from './common';

export const PORTAL_LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,59}$/;

export const portalLogin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(PORTAL_LOGIN_PATTERN, { error: 'Identifiant : 3 à 60 caractères parmi a-z, 0-9, « . », « _ », « - ».' });

export const familyRef = z.object({ familyId: entityId });
export const portalAccountCreateInput = z.object({ familyId: entityId, login: portalLogin.optional() });
export const portalAccountTemporaryPasswordInput = z.object({ familyId: entityId, password: z.string().max(200) });

export type PortalAccountStatus = 'pending' | 'active' | 'disabled';

export interface PortalAccountView {
  familyId: number;
  login: string;
  status: PortalAccountStatus;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  lockedUntil: string | null;
  /** Where account e-mails go: the responsable's address, empty when there is none. */
  email: string;
  activationLinkSentAt: string | null;
  activationLinkExpiresAt: string | null;
}
