import { entityId, isoDate, optionalText } from './common';
import { z } from './zod-fr';

/** « Journal des modifications »: filtered on the server, a page at a time. */
export const auditListInput = z
  .object({
    familyId: entityId.optional(),
    /** Part of the agent's (or the family's) name as the entry records it. */
    actor: optionalText(60),
    action: optionalText(80),
    from: isoDate.optional(),
    to: isoDate.optional(),
    page: z.number().int().min(0).max(100_000).default(0),
    pageSize: z.number().int().min(1).max(100).default(25),
  })
  .strict();

export interface AuditChange {
  field: string;
  before: string;
  after: string;
}

export interface AuditRow {
  id: number;
  at: string;
  actorType: string;
  actorLabel: string;
  action: string;
  entity: string;
  entityId: string | null;
  familyId: number | null;
  familyNumber: string;
  familyName: string;
  /** Old → new, field by field, when the entry records a change. */
  changes: AuditChange[];
  /** What else the entry records, in a line. */
  details: string;
  source: string;
}

export interface AuditPage {
  rows: AuditRow[];
  total: number;
}
