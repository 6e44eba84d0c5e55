import type { Knex } from 'knex';

/**
 * What every family page reads and only agents change, a few times a year: the commune's
 * contacts and messages, the school years, holidays, public holidays added by the commune,
 * closures, and the services with their structures. Read once and kept (issue 8: the planning
 * month made six queries for it on every view).
 *
 * Kept for REFERENCE_TTL_MS at most, and forgotten at once when a staff operation of this
 * process that changes it commits (`changesReferenceData` in the operation table). Another
 * workstation's change (PostgreSQL) shows on the portal's pages within the TTL. Only what is
 * displayed comes from here: every decision (a booking, a bill) reads the tables in its own
 * transaction.
 */
export const REFERENCE_TTL_MS = 5_000;

export interface CommuneReference {
  name: string;
  phone: string;
  email: string;
  homeMessage: string;
  treasuryName: string;
  treasuryPhone: string;
  paymentsViaTreasury: boolean;
  schoolZone: string;
}

export interface ServiceReference {
  id: number;
  code: string;
  name: string;
  position: number;
  structureId: number;
  structure: string;
  structurePosition: number;
  runsHolidays: boolean;
  runsSchoolDays: boolean;
  runsWednesdays: boolean;
  /** ISO weekdays the service can run on. */
  weekdays: number[];
}

export interface ReferenceData {
  commune: CommuneReference;
  /** School year labels, the latest first. */
  schoolYears: string[];
  /** Holidays of the commune's zone (and of every zone). */
  holidays: Array<{ kind: string; startsOn: string; endsOn: string }>;
  /** Public holidays the commune added to the computed ones. */
  addedPublicHolidays: string[];
  closures: Array<{ structureId: number | null; serviceId: number | null; startsOn: string; endsOn: string }>;
  /** Every service, in the order of their structures then their own. */
  services: ServiceReference[];
}

interface Entry {
  generation: number;
  loadedAt: number;
  data: Promise<ReferenceData>;
}

let generation = 0;
const entries = new WeakMap<Knex, Entry>();

const forgotten = new Set<() => void>();

/** Forget what was read: the next page reads the tables again (after a staff change commits). */
export function forgetReferenceData(): void {
  generation += 1;
  for (const listener of forgotten) listener();
}

/** Told each time this process forgets: the portal's other processes are told to forget too. */
export function onReferenceDataForgotten(listener: () => void): () => void {
  forgotten.add(listener);
  return () => forgotten.delete(listener);
}

/** Forgets here only (a message from the process that changed it). */
export function forgetReferenceDataHere(): void {
  generation += 1;
}

/** The reference data as `db` sees it, read at most every REFERENCE_TTL_MS; concurrent pages share one read. */
export function referenceData(db: Knex): Promise<ReferenceData> {
  const entry = entries.get(db);
  const now = Date.now();
  if (entry && entry.generation === generation && now - entry.loadedAt < REFERENCE_TTL_MS) return entry.data;
  const data = loadReferenceData(db);
  const fresh: Entry = { generation, loadedAt: now, data };
  entries.set(db, fresh);
  // A failed read is not kept: the next page tries again.
  data.catch(() => {
    if (entries.get(db) === fresh) entries.delete(db);
  });
  return data;
}

async function loadReferenceData(db: Knex): Promise<ReferenceData> {
  const settings = await db('commune_settings')
    .where({ id: 1 })
    .first('name', 'phone', 'email', 'home_message', 'treasury_name', 'treasury_phone', 'payments_via_treasury', 'school_zone');
  const zone = settings?.school_zone ?? 'B';
  const [schoolYears, holidays, added, closures, services] = await Promise.all([
    db('school_years').orderBy('starts_on', 'desc').select('label'),
    db('holidays').whereIn('zone', ['*', zone]).orderBy('starts_on').select('kind', 'starts_on', 'ends_on'),
    db('public_holidays').orderBy('date').select('date'),
    db('closures').orderBy('starts_on').select('structure_id', 'service_id', 'starts_on', 'ends_on'),
    db('services as s')
      .join('structures as st', 'st.id', 's.structure_id')
      .orderBy(['st.position', 's.position', 's.id'])
      .select(
        's.id',
        's.code',
        's.name',
        's.position',
        's.structure_id',
        'st.name as structure',
        'st.position as structure_position',
        's.runs_holidays',
        's.runs_school_days',
        's.runs_wednesdays',
        's.weekdays',
      ),
  ]);
  return {
    commune: {
      name: settings?.name ?? 'mairie',
      phone: settings?.phone ?? '',
      email: settings?.email ?? '',
      homeMessage: settings?.home_message ?? '',
      treasuryName: settings?.treasury_name ?? '',
      treasuryPhone: settings?.treasury_phone ?? '',
      paymentsViaTreasury: Boolean(settings?.payments_via_treasury),
      schoolZone: zone,
    },
    schoolYears: schoolYears.map((y) => y.label as string),
    holidays: holidays.map((h) => ({ kind: h.kind, startsOn: h.starts_on, endsOn: h.ends_on })),
    addedPublicHolidays: added.map((h) => h.date as string),
    closures: closures.map((c) => ({
      structureId: c.structure_id ?? null,
      serviceId: c.service_id ?? null,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
    })),
    services: services.map((s) => ({
      id: Number(s.id),
      code: s.code,
      name: s.name,
      position: Number(s.position),
      structureId: Number(s.structure_id),
      structure: s.structure,
      structurePosition: Number(s.structure_position),
      runsHolidays: Boolean(s.runs_holidays),
      runsSchoolDays: Boolean(s.runs_school_days),
      runsWednesdays: Boolean(s.runs_wednesdays),
      weekdays: String(s.weekdays).split(',').map(Number),
    })),
  };
}
