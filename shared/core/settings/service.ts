import type { z } from 'zod';
import type { billingSettingsInput, CommuneSettingsView, homeMessageInput, portalSettingsInput } from '../../contracts/settings';
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
    name: row.name, phone: row.phone, email: row.email, treasuryName: row.treasury_name, treasuryPhone: row.treasury_phone,
    homeMessage: row.home_message, portalPublicUrl: row.portal_public_url, paymentsViaTreasury: bool(row.payments_via_treasury),
    requestModes: JSON.parse(row.request_modes_json || '{}'),
    billing: {
      payfipClientNumber: row.payfip_client_number, payfipMode: row.payfip_mode, payfipSaisie: row.payfip_saisie, payfipLinkDaysAfterDue: Number(row.payfip_link_days_after_due),
      payfipWsUrl: row.payfip_ws_url, payfipPaymentPageUrl: row.payfip_payment_page_url, payfipUrlModeUrl: row.payfip_url_mode_url, invoiceDueRule: row.invoice_due_rule,
    },
  };
}

async function updateSettings(ctx: Ctx, columns: Record<string, unknown>): Promise<CommuneSettingsView> {
  const before = await getSettings(ctx);
  await ctx.db('commune_settings').where({ id: 1 }).update({ ...columns, updated_at: nowIso(ctx.clock) });
  const after = await getSettings(ctx);
  await audit(ctx, { action: 'settings.update', entity: 'commune_settings', entityId: 1, details: { changes: diff(before as never, after as never) } });
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
    payfip_client_number: input.payfipClientNumber, payfip_mode: input.payfipMode, payfip_saisie: input.payfipSaisie,
    payfip_link_days_after_due: input.payfipLinkDaysAfterDue, payfip_ws_url: input.payfipWsUrl, payfip_payment_page_url: input.payfipPaymentPageUrl,
    payfip_url_mode_url: input.payfipUrlModeUrl, invoice_due_rule: input.invoiceDueRule,
  });
}
