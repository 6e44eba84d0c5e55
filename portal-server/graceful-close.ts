import type http from 'node:http';

/**
 * Stops servers gracefully: no new connection; a kept-alive connection is closed as soon as its
 * last answer has left (not at its idle timeout); the requests in flight have `graceMs` to finish,
 * then their connections are closed.
 */
export async function closeGracefully(servers: http.Server[], graceMs = 10_000): Promise<void> {
  const stopped = Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  const sweep = setInterval(() => {
    for (const s of servers) s.closeIdleConnections();
  }, 50);
  const deadline = setTimeout(() => {
    for (const s of servers) s.closeAllConnections();
  }, graceMs);
  await stopped;
  clearInterval(sweep);
  clearTimeout(deadline);
}
