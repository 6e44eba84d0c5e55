import type { Knex } from 'knex';

export interface PublishedDocument {
  id: number;
  title: string;
  category: string;
  kind: 'file' | 'link';
  url: string | null;
  filename: string | null;
  sizeBytes: number | null;
}

/** What the commune publishes today: visible, within its publication dates, in the agents' order. */
function published(db: Knex, today: string) {
  return db('documents')
    .where({ visible: true })
    .andWhere((q) => q.whereNull('published_from').orWhere('published_from', '<=', today))
    .andWhere((q) => q.whereNull('published_to').orWhere('published_to', '>=', today));
}

export async function publishedDocuments(db: Knex, today: string): Promise<PublishedDocument[]> {
  const rows = await published(db, today)
    .orderBy(['category', 'position', 'id'])
    .select('id', 'title', 'category', 'kind', 'url', 'filename', 'size_bytes');
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    category: r.category,
    kind: r.kind,
    url: r.url,
    filename: r.filename,
    sizeBytes: r.size_bytes,
  }));
}

export async function publishedFile(db: Knex, id: number, today: string) {
  return published(db, today).andWhere({ id, kind: 'file' }).first('filename', 'mime_type', 'content');
}
