/**
 * A row as knex returns it: its columns are those of the query that read it, which only the
 * presenter beside that query knows. Presenters read it column by column and return typed views.
 */
// biome-ignore lint/suspicious/noExplicitAny: knex's results are untyped; each presenter types what it reads.
export type DbRow = Record<string, any>;
