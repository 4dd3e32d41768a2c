import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { type Site, sites } from '../schema';

export const DEFAULT_SITE_ID = 'default';

/** The default site's origins and locale follow the environment on every start. */
export async function ensureDefaultSite(
  db: Db,
  settings: { allowedOrigins: string[]; defaultLocale: string },
): Promise<void> {
  await db
    .insert(sites)
    .values({
      id: DEFAULT_SITE_ID,
      name: 'Default',
      allowedOrigins: settings.allowedOrigins,
      defaultLocale: settings.defaultLocale,
    })
    .onConflictDoUpdate({
      target: sites.id,
      set: {
        allowedOrigins: settings.allowedOrigins,
        defaultLocale: settings.defaultLocale,
        updatedAt: sql`now()`,
      },
    });
}

export async function getSite(db: Db, id: string): Promise<Site | undefined> {
  const [site] = await db.select().from(sites).where(eq(sites.id, id)).limit(1);
  return site;
}
