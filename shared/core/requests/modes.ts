import type { Knex } from 'knex';
import { AGENT_ONLY_REQUEST_CATEGORIES, type RequestCategory } from '../../contracts/requests';

export type RequestMode = 'agent' | 'automatic';

/** How a category of requests is handled: decided by an agent (default) or applied at once and logged. */
export async function requestMode(db: Knex | Knex.Transaction, category: RequestCategory): Promise<RequestMode> {
  if (AGENT_ONLY_REQUEST_CATEGORIES.includes(category)) return 'agent';
  const row = await db('commune_settings').where({ id: 1 }).first('request_modes_json');
  const modes = JSON.parse(row?.request_modes_json || '{}') as Partial<Record<RequestCategory, RequestMode>>;
  return modes[category] === 'automatic' ? 'automatic' : 'agent';
}

export async function allRequestModes(db: Knex | Knex.Transaction): Promise<Partial<Record<RequestCategory, RequestMode>>> {
  const row = await db('commune_settings').where({ id: 1 }).first('request_modes_json');
  return JSON.parse(row?.request_modes_json || '{}');
}
