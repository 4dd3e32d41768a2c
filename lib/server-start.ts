import { getRuntime } from '@/lib/chat/runtime';
import { EnvError, env, upstreamConfigured } from '@/lib/env';
import { log } from '@/lib/log';
import { databaseStartError, MODEL_HINT, startupSummary } from '@/lib/startup-summary';

const SHUTDOWN = Symbol.for('parley.shutdown');
/** The line scripts/server.mjs prints after "ready". */
const SUMMARY = Symbol.for('parley.summary');
type Holder = { [SHUTDOWN]?: () => Promise<void>; [SUMMARY]?: string };

export async function start(): Promise<void> {
  let e: ReturnType<typeof env>;
  try {
    e = env();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (!upstreamConfigured(e)) log('warn', 'upstream_not_configured', { hint: MODEL_HINT });
  try {
    await getRuntime();
  } catch (error) {
    // A server that said "ready" and then failed every send would hide the problem: stop here,
    // before scripts/server.mjs says ready. Once started, a database that goes away is retried.
    process.stderr.write(`${databaseStartError(e, error)}\n`);
    process.exit(1);
  }
  (globalThis as Holder)[SUMMARY] = startupSummary(e);

  let shuttingDown: Promise<void> | null = null;
  const shutdown = () => {
    shuttingDown ??= (async () => {
      log('info', 'shutdown_started', { graceMs: e.SHUTDOWN_GRACE_MS });
      try {
        const rt = await getRuntime();
        await rt.shutdown(e.SHUTDOWN_GRACE_MS);
      } catch (error) {
        log('error', 'shutdown_failed', { err: error });
      }
      log('info', 'shutdown_finished');
    })();
    return shuttingDown;
  };
  // scripts/server.mjs closes the listener first, then calls this.
  (globalThis as Holder)[SHUTDOWN] = shutdown;
}
