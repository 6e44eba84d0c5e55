import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgReaders, openSqlite, openSqliteReaders } from '../../shared/db/connection';
import { createTestCore, type TestCore } from '../support/test-app';

let core: TestCore;

beforeAll(async () => {
  core = await createTestCore();
});
afterAll(async () => {
  await core?.destroy();
});

describe('the portal’s read connections', () => {
  it('refuse to write', async () => {
    await expect(core.database.reader('commune_settings').update({ home_message: 'x' })).rejects.toThrow(/readonly|read-only/i);
    expect((await core.db('commune_settings').first('home_message')).home_message).not.toBe('x');
  });

  it('see what the writer committed, and answer while a transaction holds the writer', async () => {
    await core.db('commune_settings').update({ phone: '01 02 03 04 05' });
    expect((await core.database.reader('commune_settings').first('phone')).phone).toBe('01 02 03 04 05');

    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = core.db.transaction(async (trx) => {
      await trx('commune_settings').update({ phone: '09 09 09 09 09' });
      await held;
    });
    // The writer is busy (an invoice run, say): pages still read, and see the last committed state.
    const read = await core.database.reader('commune_settings').first('phone');
    expect(read.phone).toBe('01 02 03 04 05');
    release();
    await transaction;
    expect((await core.database.reader('commune_settings').first('phone')).phone).toBe('09 09 09 09 09');
  });
});

describe('the portal’s readers keep their prepared statements', () => {
  it('answer the same query again with other values', async () => {
    const families = await core.db('families').orderBy('id').limit(3).select('id', 'family_number');
    for (const family of [...families, ...families]) {
      expect((await core.database.reader('families').where('id', family.id).first('family_number')).family_number).toBe(
        family.family_number,
      );
    }
    expect(await core.database.reader('families').where('id', -1).first('family_number')).toBeUndefined();
  });

  it('stay right past their limit of kept statements on a connection', async () => {
    const ids = (await core.db('families').orderBy('id').pluck('id')).map(Number);
    // 250 different statements: lists of different lengths.
    for (let size = 1; size <= 250; size += 1) {
      const rows = await core.database
        .reader('families')
        .whereIn(
          'id',
          Array.from({ length: size }, (_, i) => ids[i % ids.length]!),
        )
        .count({ n: '*' })
        .first();
      expect(Number(rows!.n)).toBe(Math.min(size, ids.length));
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('named statements of the PostgreSQL readers', () => {
  it('are prepared once per connection, two hundred at most', async () => {
    const reader = openPgReaders(core.db.client.config.connection as string, 1);
    const client = reader.client as { acquireConnection(): Promise<object>; releaseConnection(c: object): Promise<void> };
    const connection = await client.acquireConnection();
    try {
      const prepared = async () =>
        Number((await reader.raw('select count(*) as n from pg_prepared_statements').connection(connection)).rows[0].n);
      for (const id of [1, 2, 3]) await reader('families').where('id', id).first('id').connection(connection);
      expect(await prepared()).toBe(1);
      for (let size = 1; size <= 250; size += 1) {
        await reader('families')
          .whereIn(
            'id',
            Array.from({ length: size }, (_, i) => i + 1),
          )
          .count({ n: '*' })
          .first()
          .connection(connection);
      }
      expect(await prepared()).toBe(200);
    } finally {
      await client.releaseConnection(connection);
      await reader.destroy();
    }
  });
});

// SQLite: the statement stays prepared on the connection, and must be finalized before it closes.
describe.runIf(!process.env.DATABASE_URL)('prepared statements kept by the SQLite readers', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-readers-'));
    file = path.join(dir, 'readers.sqlite');
    const writer = openSqlite(file);
    await writer.schema.createTable('items', (t) => {
      t.increments('id');
      t.string('name');
      t.integer('n');
    });
    await writer('items').insert(Array.from({ length: 20 }, (_, i) => ({ name: `item ${i}`, n: i })));
    await writer.destroy();
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answer the same query again with other values, and see rows written in between', async () => {
    const writer = openSqlite(file);
    const readers = openSqliteReaders(file, 1);
    try {
      expect((await readers('items').where('n', 3).first('name')).name).toBe('item 3');
      expect((await readers('items').where('n', 7).first('name')).name).toBe('item 7');
      expect(await readers('items').where('n', 99).first('name')).toBeUndefined();
      await writer('items').insert({ name: 'late', n: 99 });
      expect((await readers('items').where('n', 99).first('name')).name).toBe('late');
      expect(await readers('items').where('n', '<', 3).orderBy('n').pluck('name')).toEqual(['item 0', 'item 1', 'item 2']);
      await writer('items').where({ name: 'late' }).delete();
      expect(await readers('items').where('n', 99).first('name')).toBeUndefined();
    } finally {
      await readers.destroy();
      await writer.destroy();
    }
  });

  it('report a failing query, keep nothing of it, and go on answering', async () => {
    const readers = openSqliteReaders(file, 1);
    try {
      await expect(readers('no_such_table').select('id')).rejects.toThrow(/no such table/);
      await expect(readers('items').select('no_such_column')).rejects.toThrow(/no such column/);
      expect(await readers('items').count({ n: '*' }).first()).toEqual({ n: 20 });
    } finally {
      await readers.destroy();
    }
  });

  it('stay right past their limit of kept statements, and close cleanly', async () => {
    const readers = openSqliteReaders(file, 1);
    const client = readers.client as {
      acquireConnection(): Promise<object>;
      releaseConnection(c: object): Promise<void>;
      destroyRawConnection(c: object): Promise<void>;
    };
    const connection = await client.acquireConnection();
    // 250 different statements (lists of different lengths) on one connection.
    for (let size = 1; size <= 250; size += 1) {
      const ids = Array.from({ length: size }, (_, i) => i + 1);
      const rows = await readers('items').connection(connection).whereIn('id', ids).count({ n: '*' }).first();
      expect(rows!.n).toBe(Math.min(size, 20));
    }
    await client.releaseConnection(connection);
    // SQLite refuses to close a connection with statements still prepared (SQLITE_BUSY): they are finalized first.
    await expect(client.destroyRawConnection(connection)).resolves.toBeUndefined();
    await readers.destroy();
  });
});
