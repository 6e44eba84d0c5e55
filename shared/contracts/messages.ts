import { z } from './zod-fr';
import { entityId, isoDate, optionalText } from './common';

const subject = z.string().trim().min(1, { error: 'L’objet est obligatoire.' }).max(200, { error: '200 caractères au maximum.' });
const body = z.string().trim().min(1, { error: 'Le message est vide.' }).max(5000, { error: '5000 caractères au maximum.' });

/** A file sent with a message from the back-office: base64 over IPC or JSON. */
export const attachmentInput = z.object({ filename: z.string().trim().min(1).max(200), base64: z.string().max(7_000_000) }).strict();

/** A family writes to a structure (or the mairie when structureId is null). */
export const familyMessageInput = z.object({
  structureId: entityId.nullable(),
  subject,
  body,
});
export const familyReplyInput = z.object({ body });

export const threadsListInput = z
  .object({
    structureId: z.union([entityId, z.literal('mairie')]).optional(),
    status: z.enum(['all', 'unread', 'open']).default('all'),
    search: optionalText(100),
    page: z.number().int().min(0).default(0),
    pageSize: z.number().int().min(1).max(100).default(25),
  })
  .strict();

export const threadReplyInput = z.object({ threadId: entityId, body, attachment: attachmentInput.optional() }).strict();
export const threadHandledInput = z.object({ threadId: entityId, handled: z.boolean() }).strict();

export const writeToFamilyInput = z
  .object({
    familyId: entityId,
    structureId: entityId.nullable(),
    subject,
    body,
    attachment: attachmentInput.optional(),
  })
  .strict();

const bulkTarget = z.union([z.object({ serviceId: entityId }).strict(), z.object({ structureId: entityId }).strict()]);

/**
 * The families enrolled at some time between two days (a holiday week over, the school year):
 * by default, those enrolled today. At most two years, as far as a message may look back.
 */
const enrolledDuring = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((p) => p.from <= p.to, { error: 'La fin de la période doit suivre son début.', path: ['to'] })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 731 * 86_400_000, { error: 'Deux ans au plus.', path: ['to'] });

/** Who a bulk message would reach, asked before it is sent. */
export const bulkRecipientsInput = z.object({ target: bulkTarget, enrolledDuring: enrolledDuring.optional() }).strict();
export interface BulkRecipients {
  count: number;
  /** The first families, by name, for the agent to check the target is the right one. */
  sample: string[];
}

export const bulkMessageInput = z
  .object({
    target: bulkTarget,
    enrolledDuring: enrolledDuring.optional(),
    /** One key per message written: the same key sent twice sends once. */
    sendKey: z.uuid({ error: 'Clé d’envoi invalide.' }).optional(),
    senderStructureId: entityId.nullable(),
    subject,
    body,
  })
  .strict();

export interface ThreadRow {
  id: number;
  familyId: number;
  familyNumber: string;
  familyName: string;
  structure: string;
  subject: string;
  lastAt: string;
  messages: number;
  unread: number;
  handled: boolean;
}
export interface ThreadsPage {
  rows: ThreadRow[];
  total: number;
}
export interface ThreadMessage {
  id: number;
  direction: 'to_family' | 'from_family';
  subject: string;
  body: string;
  createdAt: string;
  author: string;
  readByFamilyAt: string | null;
  readByStaffAt: string | null;
  deletedByFamily: boolean;
  attachments: Array<{ id: number; filename: string; mimeType: string; sizeBytes: number }>;
}
export interface ThreadDetail {
  id: number;
  familyId: number;
  familyNumber: string;
  familyName: string;
  structure: string;
  handled: boolean;
  messages: ThreadMessage[];
}
