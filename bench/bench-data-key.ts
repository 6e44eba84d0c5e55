import { dataKeysFromEnv } from '../shared/security/data-key-env';
import { installDataKeys } from '../shared/security/sealed-secrets';
import { BENCH_DATA_DIR } from './city-database';

// The bench's cities are sealed like a commune's database: with DATA_KEY, or the key generated
// once beside them (bench/data/cle-donnees.txt), which every bench process reads.
const keys = dataKeysFromEnv(process.env, BENCH_DATA_DIR, { production: false, sharedDatabase: false });
installDataKeys(keys.current, keys.previous);
