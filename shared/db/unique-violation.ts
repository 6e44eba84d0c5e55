/** True when an insert or update broke a unique index, on SQLite (SQLITE_CONSTRAINT_UNIQUE) or PostgreSQL (23505). */
export function isUniqueViolation(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  if (code === '23505') return true;
  // node-sqlite3 reports the family code « SQLITE_CONSTRAINT » and errno 19; the message names the kind.
  return (code === 'SQLITE_CONSTRAINT' || errno === 19) && /UNIQUE constraint failed/.test(String((error as Error).message));
}
