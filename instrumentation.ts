/**
 * Runs once when the server starts: parse the environment (failing fast with a readable
 * message), open and migrate the database, mark orphaned answers, and install graceful shutdown.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { start } = await import('./lib/server-start');
  await start();
}
