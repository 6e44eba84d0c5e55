import { parseArgs } from 'node:util';
import { buildCity } from './build-city';

// npm run bench:data -- --families 20000 [--seed 2026]  (DATABASE_URL: on PostgreSQL)
const { values } = parseArgs({ options: { families: { type: 'string', default: '20000' }, seed: { type: 'string', default: '2026' } } });
const families = Number(values.families);
if (!Number.isInteger(families) || families < 1) throw new Error('--families : un nombre entier de familles attendu.');
console.log(
  `Génération d'une ville de ${families} familles (graine ${values.seed})${process.env.DATABASE_URL ? ' sur PostgreSQL' : ' sur SQLite'}…`,
);
process.on('unhandledRejection', (error) => {
  console.error(String((error as Error)?.message ?? error).slice(0, 500));
  process.exit(1);
});
const summary = await buildCity({
  families,
  seed: Number(values.seed),
  databaseUrl: process.env.DATABASE_URL,
  log: (line) => console.log(line),
});
console.log(`Fait en ${summary.seconds.toFixed(1)} s : ${summary.where}`);
console.log(JSON.stringify(summary));
