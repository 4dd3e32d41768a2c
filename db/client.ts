import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { openPgliteThread } from './pglite-thread';
import * as schema from './schema';

/** A Drizzle database or transaction on either driver: every query takes one of these. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Runs raw SQL and returns its rows (some drivers give the rows, some an object holding them). */
export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

export type Unsubscribe = () => Promise<void>;

/**
 * An open database plus the few things that must cross processes: notifications
 * (LISTEN/NOTIFY) and whether another instance that owns a run is still alive.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  readonly instanceId: string;
  listen(channel: string, onPayload: (payload: string) => void): Promise<Unsubscribe>;
  notify(channel: string, payload: string): Promise<void>;
  /** True while the instance that wrote `owner` still holds its session. */
  isInstanceAlive(owner: string): Promise<boolean>;
  /** Applies pending migrations; concurrent instances on one PostgreSQL wait for each other. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

// Two 32-bit keys namespace Parley's advisory locks.
const LOCK_MIGRATE = sql`pg_advisory_lock(hashtext('parley'), hashtext('migrate'))`;
const UNLOCK_MIGRATE = sql`pg_advisory_unlock(hashtext('parley'), hashtext('migrate'))`;

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const instanceId = crypto.randomUUID();
  const client = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: 'parley' },
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  // A session-level advisory lock held for the life of this process marks the instance alive;
  // PostgreSQL releases it when the process dies, however it dies.
  let lockSession: postgres.ReservedSql | undefined;
  const holdLock = async () => {
    lockSession = await client.reserve();
    await lockSession`select pg_advisory_lock(hashtext('parley-instance'), hashtext(${instanceId}))`;
  };
  await holdLock();
  return {
    kind: 'postgres',
    db,
    instanceId,
    async listen(channel, onPayload) {
      const meta = await client.listen(channel, onPayload);
      return async () => {
        await meta.unlisten();
      };
    },
    async notify(channel, payload) {
      await client.notify(channel, payload);
    },
    // Reads pg_locks instead of trying the lock: one statement that takes nothing, so pooled
    // connections and concurrent checks can neither leave a lock held nor see each other's.
    async isInstanceAlive(owner) {
      if (owner === instanceId) return true;
      const [row] = await client<{ alive: boolean }[]>`
        select exists(
          select 1 from pg_locks
          where locktype = 'advisory' and granted and objsubid = 2
            and database = (select oid from pg_database where datname = current_database())
            and classid::bigint = (hashtext('parley-instance')::bigint & 4294967295)
            and objid::bigint = (hashtext(${owner})::bigint & 4294967295)
        ) as alive`;
      return row?.alive === true;
    },
    migrate: () => migratePostgresAt(url),
    async close() {
      lockSession?.release();
      await client.end({ timeout: 5 });
    },
  };
}

/** The embedded database, on a thread of its own (db/pglite-thread.ts). */
export async function openPglite(dataDir: string): Promise<Database> {
  const dir = path.resolve(dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  return openPgliteThread(dir, migrationsFolder);
}

/** Migrates a PostgreSQL database over one connection of its own. */
async function migratePostgresAt(url: string): Promise<void> {
  // One connection, so the advisory lock and the migration share a session.
  const client = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const db = drizzlePostgres(client);
    await db.execute(sql`select ${LOCK_MIGRATE}`);
    try {
      await migratePostgres(db, { migrationsFolder });
    } finally {
      await db.execute(sql`select ${UNLOCK_MIGRATE}`);
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
