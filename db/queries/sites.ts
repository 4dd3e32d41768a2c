import { asc, eq, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { conversations, type Site, sites } from '../schema';

export const DEFAULT_SITE_ID = 'default';

/**
 * The `default` site exists from the first start. Its settings are not stored here: what an owner
 * has not set in the console comes from the environment (lib/sites/settings.ts).
 */
export async function ensureDefaultSite(db: Db): Promise<void> {
  await db.insert(sites).values({ id: DEFAULT_SITE_ID, name: 'Default' }).onConflictDoNothing();
}

export async function getSite(db: Db, id: string): Promise<Site | undefined> {
  const [site] = await db.select().from(sites).where(eq(sites.id, id)).limit(1);
  return site;
}

export async function listSites(db: Db): Promise<Site[]> {
  return db.select().from(sites).orderBy(asc(sites.createdAt), asc(sites.id));
}

/** A new site; undefined when the id is taken. */
export async function createSite(
  db: Db,
  input: { id: string; name: string; settings: Record<string, unknown> },
): Promise<Site | undefined> {
  const [row] = await db.insert(sites).values(input).onConflictDoNothing().returning();
  return row;
}

/**
 * Sets some of a site's console settings and removes others (back to the environment), in one
 * statement; undefined when there is no such site.
 */
export async function updateSiteSettings(
  db: Db,
  id: string,
  change: { set: Record<string, unknown>; reset: string[] },
): Promise<Site | undefined> {
  const [row] = await db
    .update(sites)
    .set({
      settings: sql`(${sites.settings} || ${JSON.stringify(change.set)}::jsonb) - ${
        change.reset.length > 0
          ? sql`array[${sql.join(
              change.reset.map((key) => sql`${key}`),
              sql`, `,
            )}]::text[]`
          : sql`'{}'::text[]`
      }`,
      updatedAt: sql`now()`,
    })
    .where(eq(sites.id, id))
    .returning();
  return row;
}

/** Deletes a site with its visitors, conversations and messages (ON DELETE CASCADE). */
export async function deleteSite(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(sites).where(eq(sites.id, id)).returning({ id: sites.id });
  return rows.length > 0;
}

/**
 * Deletes the conversations that have been idle longer than their site's retention period (a
 * setting owners make in the console; none by default). Returns how many were deleted.
 */
export async function pruneRetention(db: Db, now: Date): Promise<number> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`delete from ${conversations} using ${sites}
      where ${sites.id} = ${conversations.siteId} and jsonb_typeof(${sites.settings} -> 'retentionDays') = 'number'
        and ${conversations.updatedAt} < ${now.toISOString()}::timestamptz
          - make_interval(days => (${sites.settings} ->> 'retentionDays')::int)
      returning ${conversations.id} as id`,
  );
  return rows.length;
}
