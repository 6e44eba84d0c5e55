import type { z } from 'zod';
import { seal } from '../../security/sealed-secrets';
import type {
  billingSettingsInput,
  communeSettingsInput,
  CommuneSettingsView,
  homeMessageInput,
  portalSettingsInput,
  smtpSettingsInput,
  testEmailInput,
} from '../../contracts/settings';
import type { StaffCtx } from '../operation';
import { queueStaffEmail } from '../mail/queue';
import type { requestModesInput } from '../../contracts/requests';
import { audit, diff } from '../audit/audit-log';
import { nowIso } from '../clock';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { bool } from '../families/presenter';

export async function getSettings(ctx: Ctx): Promise<CommuneSettingsView> {
  const row = await ctx.db('commune_settings').where({ id: 1 }).first();
  if (!row) throw notFound('Paramètres de la commune');
  return {
    name: row.name,
    phone: row.phone,
    email: row.email,
    treasuryName: row.treasury_name,
    treasuryPhone: row.treasury_phone,
    homeMessage: row.home_message,
    portalPublicUrl: row.portal_public_url,
    paymentsViaTreasury: bool(row.payments_via_treasury),
    requestModes: JSON.parse(row.request_modes_json || '{}'),
    billing: {
      payfipClientNumber: row.payfip_client_number,
      payfipMode: row.payfip_mode,
      payfipSaisie: row.payfip_saisie,
      payfipLinkDaysAfterDue: Number(row.payfip_link_days_after_due),
      payfipWsUrl: row.payfip_ws_url,
      payfipPaymentPageUrl: row.payfip_payment_page_url,
      payfipUrlModeUrl: row.payfip_url_mode_url,
      invoiceDueRule: row.invoice_due_rule,
    },
    commune: {
      name: row.name,
      address: row.address,
      postalCode: row.postal_code,
      city: row.city,
      phone: row.phone,
      email: row.email,
      website: row.website,
      treasuryName: row.treasury_name,
      treasuryPhone: row.treasury_phone,
      treasuryAddress: row.treasury_address,
      signatoryName: row.signatory_name,
      signatoryTitle: row.signatory_title,
    },
    smtp: {
      host: row.smtp_host,
      port: Number(row.smtp_port),
      secure: bool(row.smtp_secure),
      user: row.smtp_user,
      from: row.smtp_from,
      passwordSet: Boolean(row.smtp_password),
    },
  };
}

async function updateSettings(ctx: Ctx, columns: Record<string, unknown>): Promise<CommuneSettingsView> {
  const before = await getSettings(ctx);
  await ctx
    .db('commune_settings')
    .where({ id: 1 })
    .update({ ...columns, updated_at: nowIso(ctx.clock) });
  const after = await getSettings(ctx);
  await audit(ctx, {
    action: 'settings.update',
    entity: 'commune_settings',
    entityId: 1,
    details: { changes: diff(before as never, after as never) },
  });
  return after;
}

/** The « message » the commune shows on the portal's home page. */
export function updateHomeMessage(ctx: Ctx, input: z.output<typeof homeMessageInput>) {
  return updateSettings(ctx, { home_message: input.homeMessage });
}

export function updateRequestModes(ctx: Ctx, input: z.output<typeof requestModesInput>) {
  return updateSettings(ctx, { request_modes_json: JSON.stringify(input.modes) });
}

export function updatePortalSettings(ctx: Ctx, input: z.output<typeof portalSettingsInput>) {
  return updateSettings(ctx, { portal_public_url: input.portalPublicUrl, payments_via_treasury: input.paymentsViaTreasury });
}

/** PayFiP's contract (client number, mode, addresses) and the invoices' due date rule. */
export function updateBillingSettings(ctx: Ctx, input: z.output<typeof billingSettingsInput>) {
  return updateSettings(ctx, {
    payfip_client_number: input.payfipClientNumber,
    payfip_mode: input.payfipMode,
    payfip_saisie: input.payfipSaisie,
    payfip_link_days_after_due: input.payfipLinkDaysAfterDue,
    payfip_ws_url: input.payfipWsUrl,
    payfip_payment_page_url: input.payfipPaymentPageUrl,
    payfip_url_mode_url: input.payfipUrlModeUrl,
    invoice_due_rule: input.invoiceDueRule,
  });
}

export function updateCommuneSettings(ctx: Ctx, input: z.output<typeof communeSettingsInput>) {
  return updateSettings(ctx, {
    name: input.name,
    address: input.address,
    postal_code: input.postalCode,
    city: input.city,
    phone: input.phone,
    email: input.email,
    website: input.website,
    treasury_name: input.treasuryName,
    treasury_phone: input.treasuryPhone,
    treasury_address: input.treasuryAddress,
    signatory_name: input.signatoryName,
    signatory_title: input.signatoryTitle,
  });
}

/** The audit trail records that the password changed, never its value (getSettings does not return it). */
export function updateSmtpSettings(ctx: Ctx, input: z.output<typeof smtpSettingsInput>) {
  return updateSettings(ctx, {
    smtp_host: input.host,
    smtp_port: input.port,
    smtp_secure: input.secure,
    smtp_user: input.user,
    smtp_from: input.from,
    ...(input.password ? { smtp_password: seal(input.password, 'commune_settings.smtp_password') } : {}),
  });
}

/** « Envoyer un courriel de test »: queued like any e-mail, delivered once the call commits. */
export async function sendTestEmail(ctx: StaffCtx, input: z.output<typeof testEmailInput>) {
  const row = await ctx.db('commune_settings').where({ id: 1 }).first('name', 'smtp_host');
  await queueStaffEmail(ctx, {
    to: input.to,
    subject: `${row?.name ?? 'Portail Famille'} : courriel de test`,
    text: `Ce courriel de test confirme que le Portail Famille sait envoyer des courriels${row?.smtp_host ? ` par le serveur ${row.smtp_host}` : ' (boîte d’envoi de démonstration : fichiers .eml)'}.`,
  });
  await audit(ctx, { action: 'settings.testEmail', entity: 'commune_settings', entityId: 1, details: { to: input.to } });
  return { queued: true as const, to: input.to };
}

/** The last e-mails and whether they left: what an admin checks after a test. */
export async function recentEmails(ctx: Ctx) {
  const rows = await ctx
    .db('email_outbox')
    .orderBy('id', 'desc')
    .limit(10)
    .select('to_address', 'subject', 'status', 'last_error', 'created_at', 'sent_at');
  return rows.map((r) => ({
    to: r.to_address as string,
    subject: r.subject as string,
    status: r.status as string,
    error: (r.last_error as string | null) ?? null,
    createdAt: r.created_at as string,
    sentAt: (r.sent_at as string | null) ?? null,
  }));
}
