import pino from 'pino';

/**
 * The application's structured log (pino: JSON lines on stdout, a few microseconds a line).
 * LOG_LEVEL chooses how much (« info » by default, « silent » under the tests). Nothing personal
 * is ever given to it: requests are logged by method, path with its tokens masked, status and
 * duration; errors by their message and stack, server-side only.
 */
export const logger = pino({
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
