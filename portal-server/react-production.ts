// Imported first by the processes that serve pages (npm run serve, Electron's main process,
// the benchmark's server): React chooses its build when first loaded, from NODE_ENV, and its
// development build re-validates every element of every page (several times slower). The
// application's own meaning of NODE_ENV (production: never seed the demo) is kept aside.
export const APPLICATION_NODE_ENV = process.env.NODE_ENV;
// Under the test runner (NODE_ENV=test) JSX is compiled for React's development runtime: keep it.
if (process.env.NODE_ENV !== 'test') process.env.NODE_ENV = 'production';

/** The environment the application reads, with its own NODE_ENV. */
export function applicationEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: APPLICATION_NODE_ENV };
}
