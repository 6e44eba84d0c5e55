import type { z } from 'zod';
import type {
  familyRef,
  portalAccountCreateInput,
  portalAccountTemporaryPasswordInput,
  PortalAccountView,
  PortalAccountStatus,
} from '../../contracts/portal-accounts';
import { PORTAL_LOGIN_PATTERN } from '../../contracts/portal-accounts';
import { foldForSearch } from '../../domain/search-text';
import { audit } from '../audit/audit-log';
import { nowIso } from '../clock';
import { conflict, notFound, OperationError } from '../errors';
import { queueStaffEmail } from '../mail/queue';
import type { StaffCtx } from '../operation';
import { bool } from '../families/presenter';
import { activationEmail, newLoginEmail } from './portal-emails';
import { familyRecipient, issuePortalToken, portalBaseUrl } from './portal-tokens';
import { assertPasswordAllowed } from './password-rules';
import { hashPassword } from './password-hash';
import { clearLockout, lockedUntil } from './portal-lockout';

type FamilyRef = z.output<typeof familyRef>;

async function accountRow(ctx: StaffCtx, familyId: number) {
  return ctx.db('portal_accounts').where({ family_id: familyId }).first();
}

async function requireAccount(ctx: StaffCtx, familyId: number) {
  const row = await accountRow(ctx, familyId);
  if (!row) throw notFound('Compte portail de cette famille');
  return row;
}

export async function portalAccountView(ctx: StaffCtx, familyId: number): Promise<PortalAccountView | null> {
  const row = await accountRow(ctx, familyId);
  if (!row) return null;
  const recipient = await familyRecipient(ctx.db, familyId);
  const link = await ctx
    .db('portal_tokens')
    .where({ account_id: row.id, purpose: 'activation' })
    .orderBy('id', 'desc')
    .first('created_at', 'expires_at', 'used_at');
  return {
    familyId,
    login: row.login,
    status: row.status as PortalAccountStatus,
    mustChangePassword: bool(row.must_change_password),
    lastLoginAt: row.last_login_at ?? null,
    lockedUntil: (await lockedUntil(ctx.db, row.login, ctx.clock.now()))?.toISOString() ?? null,
    email: recipient?.email ?? '',
    activationLinkSentAt: link && !link.used_at ? link.created_at : null,
    activationLinkExpiresAt: link && !link.used_at ? link.expires_at : null,
  };
}

/** « jean.dupont », « jean.dupont2 »…: readable, unique, from the responsable's names. */
async function freeLogin(ctx: StaffCtx, familyId: number): Promise<string> {
  const adult = await ctx.db('family_adults').where({ family_id: familyId, role: 'responsable' }).first('first_name', 'last_name');
  if (!adult) throw notFound('Responsable de la famille');
  const slug = (s: string) =>
    foldForSearch(s)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const named = `${slug(adult.first_name)}.${slug(adult.last_name)}`.slice(0, 55);
  // A name that gives no valid login (no first name, only signs): the family's number instead, never a loop.
  const base = PORTAL_LOGIN_PATTERN.test(named) ? named : `famille${familyId}`;
  const taken = new Set((await ctx.db('portal_accounts').where('login', 'like', `${base}%`).select('login')).map((r) => r.login as string));
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? base : `${base}${n}`;
    if (!taken.has(candidate) && PORTAL_LOGIN_PATTERN.test(candidate)) return candidate;
  }
}

async function assertLoginFree(ctx: StaffCtx, login: string): Promise<void> {
  if (await ctx.db('portal_accounts').where({ login }).first('id')) {
    throw new OperationError('conflict', `L'identifiant « ${login} » est déjà utilisé.`, { login: 'Identifiant déjà utilisé.' });
  }
}

async function sendActivationEmail(ctx: StaffCtx, account: { id: number; family_id: number; login: string }): Promise<void> {
  const recipient = await familyRecipient(ctx.db, account.family_id);
  if (!recipient?.email) {
    throw new OperationError(
      'validation',
      "Le responsable n'a pas d'adresse e-mail : saisissez-la dans la fiche famille avant d'envoyer le lien d'activation.",
    );
  }
  const token = await issuePortalToken(ctx.db, account.id, 'activation', ctx.clock.now());
  const link = `${await portalBaseUrl(ctx.db, ctx.portalBaseUrl)}/activation/${token}`;
  const commune = (await ctx.db('commune_settings').where({ id: 1 }).first('name'))?.name ?? 'Mairie';
  await queueStaffEmail(ctx, { to: recipient.email, ...activationEmail({ commune, name: recipient.name, login: account.login, link }) });
  await audit(ctx, {
    action: 'portal_account.activation_sent',
    entity: 'portal_account',
    entityId: account.id,
    details: { to: recipient.email },
  });
}

export async function createPortalAccount(ctx: StaffCtx, input: z.output<typeof portalAccountCreateInput>): Promise<PortalAccountView> {
  const family = await ctx.db('families').where({ id: input.familyId }).whereNull('archived_at').first('id');
  if (!family) throw notFound('Famille');
  if (await accountRow(ctx, input.familyId)) throw conflict('Cette famille a déjà un compte portail.');
  const login = input.login ?? (await freeLogin(ctx, input.familyId));
  await assertLoginFree(ctx, login);
  const at = nowIso(ctx.clock);
  const [created] = await ctx
    .db('portal_accounts')
    .insert({ family_id: input.familyId, login, status: 'pending', must_change_password: false, created_at: at, updated_at: at })
    .returning('id');
  const id = typeof created === 'object' ? created.id : created;
  await audit(ctx, {
    action: 'portal_account.create',
    entity: 'portal_account',
    entityId: id,
    details: { familyId: input.familyId, login },
  });
  const recipient = await familyRecipient(ctx.db, input.familyId);
  if (recipient?.email) await sendActivationEmail(ctx, { id, family_id: input.familyId, login });
  return (await portalAccountView(ctx, input.familyId))!;
}

export async function resendActivation(ctx: StaffCtx, input: FamilyRef): Promise<PortalAccountView> {
  const account = await requireAccount(ctx, input.familyId);
  if (account.status !== 'pending') {
    throw new OperationError(
      'conflict',
      account.status === 'active'
        ? 'Ce compte est déjà activé : la famille peut utiliser « Mot de passe oublié » sur le portail.'
        : 'Ce compte est désactivé : réactivez-le d’abord.',
    );
  }
  await sendActivationEmail(ctx, account);
  return (await portalAccountView(ctx, input.familyId))!;
}

export async function regenerateLogin(ctx: StaffCtx, input: z.output<typeof portalAccountCreateInput>): Promise<PortalAccountView> {
  const account = await requireAccount(ctx, input.familyId);
  const login = input.login ?? (await freeLogin(ctx, input.familyId));
  if (login === account.login)
    throw new OperationError('validation', 'Le nouvel identifiant est identique à l’actuel.', { login: 'Identique à l’actuel.' });
  await assertLoginFree(ctx, login);
  await ctx
    .db('portal_accounts')
    .where({ id: account.id })
    .update({ login, updated_at: nowIso(ctx.clock) });
  await audit(ctx, {
    action: 'portal_account.login_changed',
    entity: 'portal_account',
    entityId: account.id,
    details: { from: account.login, to: login },
  });
  const recipient = await familyRecipient(ctx.db, input.familyId);
  if (recipient?.email && account.status === 'active') {
    const commune = (await ctx.db('commune_settings').where({ id: 1 }).first('name'))?.name ?? 'Mairie';
    await queueStaffEmail(ctx, {
      to: recipient.email,
      ...newLoginEmail({ commune, name: recipient.name, login, portalUrl: await portalBaseUrl(ctx.db, ctx.portalBaseUrl) }),
    });
  } else if (recipient?.email && account.status === 'pending') {
    await sendActivationEmail(ctx, { ...account, login }); // the link e-mail names the identifiant
  }
  return (await portalAccountView(ctx, input.familyId))!;
}

export async function setPortalAccountEnabled(ctx: StaffCtx, input: FamilyRef, enabled: boolean): Promise<PortalAccountView> {
  const account = await requireAccount(ctx, input.familyId);
  const status = enabled ? (account.password_hash ? 'active' : 'pending') : 'disabled';
  await ctx
    .db('portal_accounts')
    .where({ id: account.id })
    .update({ status, updated_at: nowIso(ctx.clock) });
  if (enabled) await clearLockout(ctx.db, account.login);
  if (!enabled) await ctx.db('portal_sessions').where({ account_id: account.id }).delete();
  await audit(ctx, {
    action: enabled ? 'portal_account.enable' : 'portal_account.disable',
    entity: 'portal_account',
    entityId: account.id,
  });
  return (await portalAccountView(ctx, input.familyId))!;
}

/** A password an agent gives by phone: the family must replace it at its next login. */
export async function setTemporaryPassword(
  ctx: StaffCtx,
  input: z.output<typeof portalAccountTemporaryPasswordInput>,
): Promise<PortalAccountView> {
  const account = await requireAccount(ctx, input.familyId);
  if (account.status === 'disabled') throw new OperationError('conflict', 'Ce compte est désactivé : réactivez-le d’abord.');
  assertPasswordAllowed(input.password, account.login);
  await ctx
    .db('portal_accounts')
    .where({ id: account.id })
    .update({
      password_hash: await hashPassword(input.password),
      must_change_password: true,
      status: 'active',
      updated_at: nowIso(ctx.clock),
    });
  await clearLockout(ctx.db, account.login);
  await ctx.db('portal_sessions').where({ account_id: account.id }).delete();
  await ctx
    .db('portal_tokens')
    .where({ account_id: account.id })
    .whereNull('used_at')
    .update({ used_at: nowIso(ctx.clock) });
  await audit(ctx, { action: 'portal_account.temporary_password', entity: 'portal_account', entityId: account.id });
  return (await portalAccountView(ctx, input.familyId))!;
}
