import { getRuntime } from '@/lib/chat/runtime';
import { EnvError, env, upstreamConfigured } from '@/lib/env';
import { log } from '@/lib/log';

const SHUTDOWN = Symbol.for('parley.shutdown');
type Holder = { [SHUTDOWN]?: () => Promise<void> };

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
  if (!upstreamConfigured(e)) {
    log('warn', 'upstream_not_configured', {
      hint: 'Set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI) to let the assistant answer.',
    });
  }
  try {
    await getRuntime();
  } catch (error) {
    // The server still starts: /api/health reports the database, and requests retry the open.
    log('error', 'database_open_failed', { err: error });
  }

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
