import { type Database, openPglite, openPostgres } from '@/db/client';
import { ensureDefaultSite } from '@/db/queries/sites';
import { ensureFirstOwner } from '@/lib/admin/accounts';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { watchSites } from '@/lib/sites/config';

const KEY = Symbol.for('parley.database');
type Holder = { [KEY]?: Promise<Database> };

async function open(): Promise<Database> {
  const e = env();
  const database = e.DATABASE_URL ? await openPostgres(e.DATABASE_URL) : await openPglite(e.DATA_DIR);
  await database.migrate();
  await ensureDefaultSite(database.db);
  const { setupCode } = await ensureFirstOwner(database.db, e, Date.now());
  if (setupCode) {
    // Meant for the log: whoever can read it runs this server, and may create the first owner.
    log('warn', 'owner_setup_required', {
      message: `No owner yet: open /admin and enter the setup code ${setupCode} (valid 24 hours).`,
      setupCode,
    });
  }
  await watchSites(database);
  log('info', 'database_ready', { kind: database.kind, instance: database.instanceId });
  return database;
}

/**
 * The process's database, opened and migrated on first use. A failed open is not cached,
 * so the app recovers when PostgreSQL comes back.
 */
export function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const pending = open();
    holder[KEY] = pending;
    pending.catch(() => {
      if (holder[KEY] === pending) holder[KEY] = undefined;
    });
  }
  return holder[KEY];
}
