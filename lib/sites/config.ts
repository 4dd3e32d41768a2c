import { LRUCache } from 'lru-cache';
import type { Database, Db } from '@/db/client';
import { getSite } from '@/db/queries/sites';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { type SiteConfig, siteConfig } from './settings';

/*
 * Sites are read on every request (who may embed, which model, which prompt), so they are cached;
 * a change made in the console reaches every instance at once over LISTEN/NOTIFY, and the cache's
 * lifetime bounds how stale a missed notification can leave an instance.
 *
 * The cache lives on globalThis: Next.js bundles each route apart, and one process can hold several
 * copies of this module, which must all forget a changed site.
 */
const CHANNEL = 'parley_site_changed';
const TTL_MS = 30_000;
const KEY = Symbol.for('parley.sites');
type Holder = { [KEY]?: LRUCache<string, SiteConfig | 'unknown'> };

function cache(): LRUCache<string, SiteConfig | 'unknown'> {
  const holder = globalThis as Holder;
  holder[KEY] ??= new LRUCache({ max: 1000, ttl: TTL_MS });
  return holder[KEY];
}

/** A site with its effective settings; undefined when there is no such site. */
export async function loadSite(db: Db, id: string): Promise<SiteConfig | undefined> {
  const cached = cache().get(id);
  if (cached) return cached === 'unknown' ? undefined : cached;
  const site = await getSite(db, id);
  const config = site ? siteConfig(site, env()) : undefined;
  cache().set(id, config ?? 'unknown');
  return config;
}

/** Forgets a site here and tells every other instance to forget it too. */
export async function siteChanged(database: Database, id: string): Promise<void> {
  cache().delete(id);
  try {
    await database.notify(CHANNEL, id);
  } catch (error) {
    log('warn', 'site_notify_failed', { siteId: id, err: error });
  }
}

/** Listens for other instances' changes (started once, when the database opens). */
export async function watchSites(database: Database): Promise<void> {
  await database.listen(CHANNEL, (id) => cache().delete(id));
}
