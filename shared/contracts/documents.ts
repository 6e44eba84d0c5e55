import { z } from './zod-fr';
import { entityId, isoDate } from './common';
import { attachmentInput } from './messages';

export const DOCUMENT_CATEGORIES = ['notice', 'reglement', 'information', 'formulaire'] as const;
export const DOCUMENT_CATEGORY_LABELS: Record<(typeof DOCUMENT_CATEGORIES)[number], string> = {
  notice: 'Notice du portail',
  reglement: 'Règlement périscolaire',
  information: 'Information',
  formulaire: 'Formulaire',
};

const fields = {
  title: z.string().trim().min(1, { error: 'Le titre est obligatoire.' }).max(200, { error: '200 caractères au maximum.' }),
  category: z.enum(DOCUMENT_CATEGORIES, { error: 'Choisissez une catégorie.' }),
  position: z.number().int().min(0).max(999).default(0),
  visible: z.boolean().default(true),
  publishedFrom: isoDate.nullable().default(null),
  publishedTo: isoDate.nullable().default(null),
};
const datesInOrder = (d: { publishedFrom: string | null; publishedTo: string | null }) =>
  !d.publishedFrom || !d.publishedTo || d.publishedFrom <= d.publishedTo;
const datesError = { error: 'La fin de publication précède son début.', path: ['publishedTo'] };

export const documentCreateInput = z.union([
  z
    .object({ ...fields, kind: z.literal('file'), file: attachmentInput })
    .strict()
    .refine(datesInOrder, datesError),
  z
    .object({
      ...fields,
      kind: z.literal('link'),
      url: z
        .string()
        .trim()
        .max(500)
        .refine((u) => /^https?:\/\/[^\s]+$/.test(u), { error: 'Adresse web attendue (https://…).' }),
    })
    .strict()
    .refine(datesInOrder, datesError),
]);
export const documentUpdateInput = z
  .object({ id: entityId, ...fields })
  .strict()
  .refine(datesInOrder, datesError);

export interface DocumentView {
  id: number;
  title: string;
  category: (typeof DOCUMENT_CATEGORIES)[number];
  kind: 'file' | 'link';
  url: string | null;
  filename: string | null;
  sizeBytes: number | null;
  position: number;
  visible: boolean;
  publishedFrom: string | null;
  publishedTo: string | null;
}
