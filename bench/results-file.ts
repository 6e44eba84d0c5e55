/** One run's results, as far as the results file needs to know them. */
interface ResultEntry {
  database: string;
  families: number;
}

const databaseRank = (e: ResultEntry) => (e.database === 'sqlite' ? 0 : 1);

/**
 * The results file after a run: the run replaces the entry of the same database and city size,
 * the others stay; SQLite first, then PostgreSQL, each by city size. An older file holding
 * one object (a single run) is read as a list of one.
 */
export function mergeResults<T extends ResultEntry>(previous: unknown, run: T): ResultEntry[] {
  const entries = (Array.isArray(previous) ? previous : previous ? [previous] : []) as ResultEntry[];
  const kept = entries.filter((e) => !(e.database === run.database && e.families === run.families));
  return [...kept, run].sort((a, b) => databaseRank(a) - databaseRank(b) || a.families - b.families);
}

/** The databases `--database` names: undefined stands for SQLite, a URL for PostgreSQL. */
export function benchDatabases(choice: string | undefined, databaseUrl: string | undefined): Array<string | undefined> {
  if (choice !== 'sqlite' && choice !== 'postgresql' && choice !== 'both')
    throw new Error('--database : « sqlite », « postgresql » ou « both » attendu.');
  if (choice !== 'sqlite' && !databaseUrl) throw new Error(`--database ${choice} : DATABASE_URL doit désigner le serveur PostgreSQL.`);
  if (choice === 'sqlite') return [undefined];
  if (choice === 'postgresql') return [databaseUrl];
  return [undefined, databaseUrl];
}
