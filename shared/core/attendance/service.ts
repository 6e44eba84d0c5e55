import type { z } from 'zod';
import type {
  attendanceMarkInput,
  attendanceSheetInput,
  AttendanceSheet,
  CertificateFile,
  ServiceOption,
  AttendanceValue,
} from '../../contracts/attendance';
import { audit } from '../audit/audit-log';
import { nowIso } from '../clock';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { bool } from '../families/presenter';
import { responsableOf } from '../families/responsable-join';

// A child added hors contrat (turned up unannounced) is on the roll as well.
const EXPECTED_STATES = ['reserved', 'regular', 'absent_excused', 'absent_billed', 'out_of_contract'];

export async function serviceOptions(ctx: Ctx): Promise<ServiceOption[]> {
  const rows = await ctx
    .db('services as s')
    .join('structures as st', 'st.id', 's.structure_id')
    .where('s.active', true)
    .orderBy(['st.position', 's.position'])
    .select('s.id', 's.name', 'st.name as structure');
  return rows.map((r) => ({ id: r.id, label: `${r.structure} — ${r.name}` }));
}

/** The day's roll: every child expected (booked, regular, or already marked absent), in name order, in one query. */
export async function attendanceSheet(ctx: Ctx, input: z.output<typeof attendanceSheetInput>): Promise<AttendanceSheet> {
  const service = await ctx.db('services').where({ id: input.serviceId }).first('name');
  if (!service) throw notFound('Prestation');
  const rows = await ctx
    .db('planning_days as p')
    .join('children as c', 'c.id', 'p.child_id')
    .join('family_adults as a', responsableOf('c.family_id'))
    .leftJoin('child_health as h', 'h.child_id', 'c.id')
    .where({ 'p.service_id': input.serviceId, 'p.date': input.date })
    .whereIn('p.state', EXPECTED_STATES)
    .orderBy(['c.last_name', 'c.first_name'])
    .select(
      'c.id',
      'c.first_name',
      'c.last_name',
      'c.grade',
      'a.last_name as family_last',
      'a.first_name as family_first',
      'p.state',
      'p.attendance',
      'h.allergies',
      'h.has_pai',
    );
  const certificates = await ctx
    .db('absence_certificates')
    .where({ service_id: input.serviceId })
    .where('dates_json', 'like', `%"${input.date}"%`)
    .select('id', 'child_id');
  const certificateOf = new Map(certificates.map((c) => [c.child_id as number, c.id as number]));
  return {
    serviceName: service.name,
    date: input.date,
    rows: rows.map((r) => ({
      certificateId: certificateOf.get(r.id) ?? null,
      childId: r.id,
      childName: `${r.last_name} ${r.first_name}`,
      familyName: `${r.family_last} ${r.family_first}`,
      grade: r.grade ?? '',
      state: r.state,
      attendance: (r.attendance as AttendanceValue | null) ?? null,
      healthNote: [bool(r.has_pai) ? 'PAI' : '', r.allergies ? `Allergies : ${r.allergies}` : ''].filter(Boolean).join(' — '),
    })),
  };
}

/** Records the roll: présent, absent excusé or absent facturé (which is what billing counts). */
export async function markAttendance(ctx: Ctx, input: z.output<typeof attendanceMarkInput>): Promise<AttendanceSheet> {
  const at = nowIso(ctx.clock);
  const label = ctx.actor.kind === 'staff' ? ctx.actor.username : 'système';
  for (const mark of input.marks) {
    const where = { service_id: input.serviceId, date: input.date, child_id: mark.childId };
    const day = await ctx.db('planning_days').where(where).first('id', 'state');
    if (!day || !EXPECTED_STATES.includes(day.state)) continue; // only children expected that day
    const state =
      mark.attendance === 'absent_excused' || mark.attendance === 'absent_billed'
        ? mark.attendance
        : day.state === 'absent_excused' || day.state === 'absent_billed'
          ? 'reserved'
          : day.state;
    await ctx.db('planning_days').where({ id: day.id }).update({ attendance: mark.attendance, state, updated_at: at, updated_by: label });
  }
  await audit(ctx, {
    action: 'attendance.mark',
    entity: 'service',
    entityId: input.serviceId,
    details: { date: input.date, marks: input.marks },
  });
  return attendanceSheet(ctx, input);
}

/** A family's medical certificate, for the agent who checks an absence. */
export async function certificateFile(ctx: Ctx, id: number): Promise<CertificateFile> {
  const row = await ctx.db('absence_certificates').where({ id }).first('filename', 'mime_type', 'content');
  if (!row) throw notFound('Certificat');
  return { filename: row.filename, mimeType: row.mime_type, base64: Buffer.from(row.content).toString('base64') };
}
