import { copyCity } from './bench/city-database';
import { migrateToLatest } from './shared/db/migrate';
import { familyQuotients } from './shared/core/billing/quotients';
const city = await copyCity('city_20000_2026');
await migrateToLatest(city.db);
const db = city.db;
let t = performance.now();
const days = await db('planning_days as pd').join('children as c', 'c.id', 'pd.child_id').join('services as s', 's.id', 'pd.service_id').join('structures as st', 'st.id', 's.structure_id')
  .whereBetween('pd.date', ['2026-11-01', '2026-11-30']).whereNull('pd.invoice_id')
  .where((w) => w.whereIn('pd.attendance', ['present', 'absent_billed']).orWhere((u) => u.whereNull('pd.attendance').whereIn('pd.state', ['absent_billed', 'reserved', 'regular'])))
  .orderBy([{ column: 'c.family_id' }, { column: 'c.id' }, { column: 's.position' }, { column: 'pd.date' }])
  .select('pd.id', 'pd.child_id', 'pd.service_id', 'pd.state', 'pd.attendance', 'c.family_id', 'c.first_name', 'c.last_name', 's.name as service_name', 's.position as service_position', 'st.regie_id');
console.log('main ms', Math.round(performance.now() - t), days.length);
t = performance.now();
const days2 = await db('planning_days as pd').join('children as c', 'c.id', 'pd.child_id')
  .whereBetween('pd.date', ['2026-11-01', '2026-11-30']).whereNull('pd.invoice_id')
  .select('pd.id', 'pd.child_id', 'pd.service_id', 'pd.state', 'pd.attendance', 'c.family_id');
console.log('lean ms (no order, no strings)', Math.round(performance.now() - t), days2.length);
t = performance.now();
const q = await familyQuotients(db, [...new Set(days.map((d: any) => d.family_id))], '2026-11-01', '2026-11-30');
console.log('quotients ms', Math.round(performance.now() - t), q.size);
await city.close();
