import type { z } from 'zod';
import { type AuditChange, type AuditPage, auditListInput } from '../../contracts/audit';
import { z as zod } from '../../contracts/zod-fr';
import type { DbRow } from '../../db/db-row';
import { addDays, communeDayStart, formatShortFrenchDate as frenchDate } from '../../domain/french-dates';
import { maskIban, SECTIONS } from '../../contracts/record-sections';
import { responsableOf } from '../families/responsable-join';
import { staffOperation, type StaffCtx } from '../operation';

/**
 * What the log keeps that the viewer never shows in clear: an IBAN is masked as everywhere else,
 * and a child's health data is named, not printed — the Journal is open to every agent and exports.
 */
const HEALTH_KEYS = new Set(SECTIONS.health.fields.flatMap((f) => [f.key, f.column]));
const IBAN_KEY = /iban/i;

function redacted(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => redacted(v, key));
  if (HEALTH_KEYS.has(key) && value != null && value !== '' && typeof value !== 'object') return '(donnée de santé)';
  if (IBAN_KEY.test(key) && typeof value === 'string') return maskIban(value);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redacted(v, k)]));
  return value;
}

/** A value as the viewer prints it: short, never an object's whole dump. */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '∅';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** « responsable.email : a → b »: a section recorded whole is shown field by field, only what changed. */
function changedFields(field: string, before: unknown, after: unknown): AuditChange[] {
  if (!isRecord(before) || !isRecord(after)) return [{ field, before: shown(before), after: shown(after) }];
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => ({ field: `${field}.${key}`, before: shown(before[key]), after: shown(after[key]) }));
}

/** The keys entries record most, as an agent reads them. */
const DETAIL_LABELS: Record<string, string> = {
  service: 'Prestation',
  dates: 'Jours',
  date: 'Jour',
  reason: 'Raison',
  overrideReason: 'Motif de la dérogation',
  passed: 'Dérogations',
};
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const RULES_PASSED: Record<string, string> = { deadline: 'délai dépassé', capacity: 'complet' };

/** A detail's value: dates in the French way, the rules an agent passed by name. */
function detailValue(key: string, value: unknown): string {
  if (typeof value === 'string' && ISO_DATE.test(value)) return frenchDate(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && ISO_DATE.test(v))) return shown(value.map(frenchDate).join(', '));
  if (key === 'passed' && Array.isArray(value)) {
    return shown(
      value.map((p) => (isRecord(p) ? `${frenchDate(String(p.date))} (${RULES_PASSED[String(p.rule)] ?? p.rule})` : p)).join(', '),
    );
  }
  return shown(value);
}

function readDetails(json: string): { changes: AuditChange[]; details: string } {
  let parsed: Record<string, unknown>;
  try {
    parsed = redacted(JSON.parse(json) ?? {}) as Record<string, unknown>;
  } catch {
    return { changes: [], details: '' };
  }
  const { changes, ...rest } = parsed as { changes?: Record<string, [unknown, unknown]> };
  const list: AuditChange[] = [];
  if (changes && typeof changes === 'object')
    for (const [field, pair] of Object.entries(changes)) {
      const [before, after] = Array.isArray(pair) ? pair : [undefined, pair];
      list.push(...changedFields(field, before, after));
    }
  const details = Object.entries(rest)
    .map(([key, value]) => `${DETAIL_LABELS[key] ?? key} : ${detailValue(key, value)}`)
    .join(' ; ');
  return { changes: list, details: details.length > 400 ? `${details.slice(0, 397)}…` : details };
}

/**
 * Who changed what and when, newest first, filtered by family, person, operation and period,
 * one page at a time on the server (the log only grows: it is never read whole).
 */
export async function listAudit(ctx: StaffCtx, input: z.output<typeof auditListInput>): Promise<AuditPage> {
  const filtered = () => {
    // The agent as the back-office names them (the log keeps their login).
    const query = ctx.db('audit_log as l').leftJoin('staff_users as s', function agent() {
      this.on('s.id', '=', 'l.actor_id').andOnVal('l.actor_type', '=', 'staff');
    });
    if (input.familyId) query.where('l.family_id', input.familyId);
    if (input.action) query.where('l.action', input.action);
    if (input.actor) {
      const term = `%${input.actor.toLowerCase().replace(/[%_\\]/g, '')}%`;
      query.where((w) => w.whereRaw('lower(l.actor_label) like ?', [term]).orWhereRaw('lower(s.display_name) like ?', [term]));
    }
    // Dates are the commune's days; the log keeps UTC instants: from the first day's Paris midnight to the next day's after the last.
    if (input.from) query.where('l.at', '>=', communeDayStart(input.from));
    if (input.to) query.where('l.at', '<', communeDayStart(addDays(input.to, 1)));
    return query;
  };
  const total = Number((await filtered().count<{ n: number | string }[]>({ n: '*' }).first())?.n ?? 0);
  const rows: DbRow[] = await filtered()
    .leftJoin('families as f', 'f.id', 'l.family_id')
    .leftJoin('family_adults as a', responsableOf('f.id'))
    .orderBy([
      { column: 'l.at', order: 'desc' },
      { column: 'l.id', order: 'desc' },
    ])
    .offset(input.page * input.pageSize)
    .limit(input.pageSize)
    .select('l.*', 's.display_name', 'f.family_number', 'a.last_name', 'a.first_name');
  return {
    total,
    rows: rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actorType: r.actor_type,
      actorLabel: r.display_name ?? r.actor_label,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id ?? null,
      familyId: r.family_id == null ? null : Number(r.family_id),
      familyNumber: r.family_number ?? '',
      familyName: [r.last_name, r.first_name].filter(Boolean).join(' '),
      source: r.source,
      ...readDetails(String(r.details_json ?? '{}')),
    })),
  };
}

/** The operations the log holds, for the viewer's filter. */
export async function auditActions(ctx: StaffCtx): Promise<string[]> {
  return (await ctx.db('audit_log').distinct('action').orderBy('action')).map((r) => String(r.action));
}

/** This folder's operations, merged into the staff handler table. */
export const auditOperations = {
  'audit.list': staffOperation({ input: auditListInput, access: 'agent', run: listAudit }),
  'audit.actions': staffOperation({ input: zod.object({}).strict(), access: 'agent', run: (ctx) => auditActions(ctx) }),
};
