import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { drizzle } from 'drizzle-orm/pg-proxy';
import type { Database, Db } from './client';
import * as schema from './schema';

/** An error thrown in the database thread, with the fields that callers branch on. */
export class EmbeddedDatabaseError extends Error {
  code?: string;
  constraint?: string;
  detail?: string;
  constructor(fields: { message: string; code?: string; constraint?: string; detail?: string }) {
    super(fields.message);
    this.name = 'EmbeddedDatabaseError';
    this.code = fields.code;
    this.constraint = fields.constraint;
    this.detail = fields.detail;
  }
}

const execFileAsync = promisify(execFile);
const WORKER_FILE = path.join(process.cwd(), 'db', 'pglite-worker.mjs');

type Pending = { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void };

/** A database thread (db/pglite-worker.mjs) and the requests under way to it. */
function startWorker(dataDir: string) {
  const worker = new Worker(WORKER_FILE, { workerData: { dataDir } });
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let next = 0;
  let failure: Error | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message) => {
      if (message.type === 'ready') resolve();
      else if (message.type === 'failed') reject(new EmbeddedDatabaseError(message.error));
      else if (message.type === 'notification') {
        for (const listener of listeners.get(message.channel) ?? []) listener(message.payload);
      } else if (message.type === 'result') {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) waiter?.reject(new EmbeddedDatabaseError(message.error));
        else waiter?.resolve(message.result);
      }
    });
    worker.on('error', (error) => {
      failure = error;
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });
  const call = (request: Record<string, unknown>): Promise<Record<string, unknown>> => {
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  };
  return { worker, ready, call, listeners };
}

/**
 * The embedded database on a worker thread of its own: the server's thread only posts each
 * statement and reads its rows, so a query never stops the streams. Drizzle talks to it through
 * its proxy driver; one statement at a time, as PGlite itself runs them.
 */
export async function openPgliteThread(dataDir: string, migrationsFolder: string): Promise<Database> {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // Creating a database (initdb) leaves hundreds of MB resident: a process of its own does it.
    // Asynchronously: creating takes seconds, and the server's thread keeps serving meanwhile.
    await execFileAsync(process.execPath, [WORKER_FILE, dataDir]).catch((error) => {
      throw new EmbeddedDatabaseError({
        message: `Could not create the embedded database in ${dataDir}: ${error.stderr || error.message}`,
      });
    });
  }
  const { worker, ready, call, listeners } = startWorker(dataDir);
  await ready;
  const db = drizzle(
    async (sql, params, method) => {
      const result = await call({
        type: 'query',
        sql,
        params,
        rowMode: method === 'all' ? 'array' : 'object',
      });
      return { rows: result.rows as unknown[] };
    },
    { schema },
  ) as unknown as Db;
  const instanceId = crypto.randomUUID();
  return {
    kind: 'pglite',
    db,
    instanceId,
    async listen(channel, onPayload) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        await call({ type: 'listen', channel });
      }
      set.add(onPayload);
      return async () => {
        set.delete(onPayload);
      };
    },
    async notify(channel, payload) {
      await call({ type: 'notify', channel, payload });
    },
    // Only one process can open an embedded database, so any other owner is gone.
    async isInstanceAlive(owner) {
      return owner === instanceId;
    },
    async migrate() {
      await call({ type: 'migrate', folder: migrationsFolder });
    },
    async close() {
      await call({ type: 'close' }).catch(() => {});
      await worker.terminate();
    },
  };
}
