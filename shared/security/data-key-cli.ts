import { generateDataKey } from './sealed-secrets';

// `npm run data-key`: a new key for DATA_KEY, printed once; whoever installs the server keeps it
// in the service's environment (or a DATA_KEY_FILE readable by it alone), never beside the backups.
console.log(generateDataKey());
