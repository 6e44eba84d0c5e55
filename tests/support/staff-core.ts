import { afterAll, beforeAll } from 'vitest';
import { createTestCore, type TestCore } from './test-app';

/**
 * A demo database and the staff API as the demo agent, for a test file: `fixture.staff(name, input)`
 * answers the operation's response ({ ok, value } or { ok: false, error }).
 */
export function useStaffCore() {
  const fixture = {
    core: undefined as unknown as TestCore,
    agentToken: '',
    async staff(name: string, input: unknown): Promise<any> {
      return (await fixture.core.dispatch({ name, input, sessionToken: fixture.agentToken, source: 'test' })).response;
    },
  };
  beforeAll(async () => {
    fixture.core = await createTestCore();
    const login = await fixture.core.dispatch({
      name: 'auth.login',
      input: { username: 'agent', password: 'Mairie2015' },
      sessionToken: null,
      source: 'test',
    });
    fixture.agentToken = login.sessionToken!;
  });
  afterAll(async () => {
    await fixture.core?.destroy();
  });
  return fixture;
}

/** Staff calls on a core a test file opened itself: log in as someone, then call as them. */
export function staffCalls(core: () => TestCore) {
  return {
    async logIn(username: string, password: string): Promise<string> {
      return (await core().dispatch({ name: 'auth.login', input: { username, password }, sessionToken: null, source: 'test' }))
        .sessionToken!;
    },
    async call(session: string, name: string, input: unknown): Promise<any> {
      return (await core().dispatch({ name, input, sessionToken: session, source: 'test' })).response;
    },
  };
}
