// The national school calendar (arrêtés of the ministry of education), zone by zone: holidays
// are stored from the first to the last day without school. Editable in the back-office;
// shipped here for the current and next school years.
export interface ShippedSchoolYear {
  label: string;
  startsOn: string; // rentrée des élèves
  endsOn: string; // last day of school
  holidays: Array<{ zone: 'A' | 'B' | 'C' | '*'; kind: 'P' | 'G'; name: string; startsOn: string; endsOn: string }>;
}

export const SHIPPED_SCHOOL_YEARS: ShippedSchoolYear[] = [
  {
    label: '2025-2026',
    startsOn: '2025-09-01',
    endsOn: '2026-07-03',
    holidays: [
      { zone: '*', kind: 'P', name: 'Vacances de la Toussaint', startsOn: '2025-10-18', endsOn: '2025-11-02' },
      { zone: '*', kind: 'P', name: 'Vacances de Noël', startsOn: '2025-12-20', endsOn: '2026-01-04' },
      { zone: 'A', kind: 'P', name: "Vacances d'hiver", startsOn: '2026-02-07', endsOn: '2026-02-22' },
      { zone: 'B', kind: 'P', name: "Vacances d'hiver", startsOn: '2026-02-14', endsOn: '2026-03-01' },
      { zone: 'C', kind: 'P', name: "Vacances d'hiver", startsOn: '2026-02-21', endsOn: '2026-03-08' },
      { zone: 'A', kind: 'P', name: 'Vacances de printemps', startsOn: '2026-04-04', endsOn: '2026-04-19' },
      { zone: 'B', kind: 'P', name: 'Vacances de printemps', startsOn: '2026-04-11', endsOn: '2026-04-26' },
      { zone: 'C', kind: 'P', name: 'Vacances de printemps', startsOn: '2026-04-18', endsOn: '2026-05-03' },
      { zone: '*', kind: 'G', name: "Vacances d'été", startsOn: '2026-07-04', endsOn: '2026-08-31' },
    ],
  },
  {
    label: '2026-2027',
    startsOn: '2026-09-01',
    endsOn: '2027-07-02',
    holidays: [
      { zone: '*', kind: 'P', name: 'Vacances de la Toussaint', startsOn: '2026-10-17', endsOn: '2026-11-01' },
      { zone: '*', kind: 'P', name: 'Vacances de Noël', startsOn: '2026-12-19', endsOn: '2027-01-03' },
      { zone: 'A', kind: 'P', name: "Vacances d'hiver", startsOn: '2027-02-13', endsOn: '2027-02-28' },
      { zone: 'B', kind: 'P', name: "Vacances d'hiver", startsOn: '2027-02-20', endsOn: '2027-03-07' },
      { zone: 'C', kind: 'P', name: "Vacances d'hiver", startsOn: '2027-02-06', endsOn: '2027-02-21' },
      { zone: 'A', kind: 'P', name: 'Vacances de printemps', startsOn: '2027-04-10', endsOn: '2027-04-25' },
      { zone: 'B', kind: 'P', name: 'Vacances de printemps', startsOn: '2027-04-17', endsOn: '2027-05-02' },
      { zone: 'C', kind: 'P', name: 'Vacances de printemps', startsOn: '2027-04-03', endsOn: '2027-04-18' },
      { zone: '*', kind: 'G', name: "Vacances d'été", startsOn: '2027-07-03', endsOn: '2027-08-31' },
    ],
  },
];
