import type { Knex } from 'knex';
import { bool } from './presenter';

/** One child's record as the family sees it; null when the child is not of this household. */
export async function familyChildDetail(db: Knex, familyId: number, childId: number) {
  const child = await db('children').where({ id: childId, family_id: familyId }).whereNull('archived_at').first();
  if (!child) return null;
  const info = await db('child_information').where({ child_id: childId }).first();
  const health = await db('child_health').where({ child_id: childId }).first();
  const vaccinations = await db('child_vaccinations').where({ child_id: childId }).orderBy('vaccine');
  const persons = await db('authorized_persons').where({ child_id: childId }).orderBy(['last_name', 'first_name']);
  return {
    id: child.id as number,
    firstName: child.first_name as string,
    lastName: child.last_name as string,
    birthDate: child.birth_date as string,
    school: child.school as string,
    grade: child.grade as string,
    information: {
      dentalAppliance: bool(info?.dental_appliance),
      glasses: bool(info?.glasses),
      hearingAid: bool(info?.hearing_aid),
      photoAllowed: bool(info?.photo_allowed),
      mayLeaveAlone: bool(info?.may_leave_alone),
      outingsAllowed: bool(info?.outings_allowed),
      insurance: [info?.insurance_company, info?.insurance_policy].filter(Boolean).join(' — '),
      insuranceValidTo: (info?.insurance_valid_to as string | null) ?? null,
      other: (info?.other_information as string) ?? '',
    },
    health: {
      doctor: [health?.doctor_name, health?.doctor_phone].filter(Boolean).join(' — '),
      allergies: (health?.allergies as string) ?? '',
      diet: (health?.diet as string) ?? '',
      hasPai: bool(health?.has_pai),
      paiDetails: (health?.pai_details as string) ?? '',
    },
    vaccinations: vaccinations.map((v) => ({
      vaccine: v.vaccine as string,
      vaccinatedOn: v.vaccinated_on as string | null,
      boosterDueOn: v.booster_due_on as string | null,
    })),
    authorizedPersons: persons.map((p) => ({
      name: `${p.first_name} ${p.last_name}`,
      relationship: p.relationship as string,
      phone: p.phone as string,
      canPickUp: bool(p.can_pick_up),
      emergencyContact: bool(p.emergency_contact),
    })),
  };
}
export type FamilyChildDetail = NonNullable<Awaited<ReturnType<typeof familyChildDetail>>>;
