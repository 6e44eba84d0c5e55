import type { z } from 'zod';
import type { CommuneSettingsView, homeMessageInput, portalSettingsInput } from '../../contracts/settings';
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
