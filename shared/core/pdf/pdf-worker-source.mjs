// The PDF worker run from the TypeScript sources (npm run serve, tests): TypeScript is compiled
// on the fly in the worker thread too. The built application runs out/main/pdf-worker.js instead.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./pdf-worker.ts');
export default worker.default;
