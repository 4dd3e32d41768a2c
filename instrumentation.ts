/**
 * Runs once, before the server's first request is handled (scripts/server.mjs makes that request
 * itself before it says "ready"): parse the environment and open and migrate the database, each
 * failing fast with a readable message, mark orphaned answers, and install graceful shutdown.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { start } = await import('./lib/server-start');
  await start();
}
