import pino from 'pino';

/**
 * The application's structured log (pino: JSON lines on stdout, a few microseconds a line).
 * LOG_LEVEL chooses how much (« info » by default, « silent » under the tests). Nothing personal
 * is ever given to it: requests are logged by method, path with its tokens masked, status and
 * duration; errors by their message and stack, server-side only.
 */
/**
 * An error as the log keeps it: its type, code, message and stack — without the SQL statement
 * knex puts in front of a database error's message (its bound values are a family's data: an
 * IBAN, an e-mail) nor PostgreSQL's `detail` (« Key (email)=(…) already exists »).
 */
export function loggedError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const message = withoutSql(error.message);
  return {
    type: error.name,
    code: (error as { code?: unknown }).code,
    message,
    stack: (error.stack ?? '').split(error.message).join(message),
  };
}

const SQL = /^\s*(select|insert|update|delete|with|create|alter|drop|pragma|vacuum)\b/i;
const withoutSql = (message: string) => (SQL.test(message) ? (message.split(' - ').pop() ?? '').trim() || 'erreur SQL' : message);

export const logger = pino({
  serializers: { err: loggedError },
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: { app: 'portail-famille' },
  // A field that could hold a secret, should one ever be passed by mistake.
  redact: {
    paths: ['password', '*.password', 'token', '*.token', 'iban', '*.iban', 'cookie', '*.cookie', 'authorization', '*.authorization'],
    censor: '[masqué]',
  },
});

/**
 * A path as the log keeps it: the segments that are secrets (activation and reset links, private
 * calendar addresses) replaced by « :jeton »; the query string is never given to it.
 */
export function loggedPath(path: string): string {
  return (
    path
      .split('/')
      // Tokens are 32 random bytes in base64url (43 characters); no page's name is that long.
      .map((segment) => (/^[A-Za-z0-9_-]{32,}(\.[a-z]{2,4})?$/.test(segment) ? ':jeton' : segment))
      .join('/')
  );
}
