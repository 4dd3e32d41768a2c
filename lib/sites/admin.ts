import type * as z from 'zod/mini';
import type { Database } from '@/db/client';
import { createSite, deleteSite, getSite, listSites, updateSiteSettings } from '@/db/queries/sites';
import type { ApiSite, ApiSiteRead, siteCreate, siteUpdate } from '@/lib/contracts/admin';
import { env } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import { siteChanged } from './config';
import { DEFAULT_SITE_ID, type SiteConfig, siteConfig } from './settings';

/**
 * The tag to paste, with the launcher's settings as its attributes. Not the default language: the
 * chat page falls back to it by itself, and data-locale would override the visitor's browser.
 */
export function embedSnippet(origin: string, config: SiteConfig): string {
  const s = config.settings;
  const attributes = [
    `src="${origin}/embed.js"`,
    `data-site="${config.id}"`,
    s.launcherColor.toLowerCase() !== '#4338ca' ? `data-color="${s.launcherColor}"` : '',
    s.launcherPosition === 'left' ? 'data-position="left"' : '',
    'async',
  ].filter(Boolean);
  return `<script ${attributes.join(' ')}></script>`;
}

export function apiSite(config: SiteConfig, origin: string): ApiSite {
  return {
    id: config.id,
    name: config.name,
    settings: config.settings,
    sources: config.sources,
    embedSnippet: embedSnippet(origin, config),
    createdAt: config.createdAt.toISOString(),
    updatedAt: config.updatedAt.toISOString(),
  } satisfies ApiSiteRead;
}

export async function allSites(database: Database): Promise<SiteConfig[]> {
  const e = env();
  return (await listSites(database.db)).map((site) => siteConfig(site, e));
}

export async function oneSite(database: Database, id: string): Promise<SiteConfig> {
  const site = await getSite(database.db, id);
  if (!site) throw new ParleyError('not_found', 'No such site.');
  return siteConfig(site, env());
}

export async function addSite(database: Database, input: z.infer<typeof siteCreate>): Promise<SiteConfig> {
  const created = await createSite(database.db, {
    id: input.id,
    name: input.name,
    settings: input.settings ?? {},
  });
  if (!created) throw new ParleyError('conflict', 'A site with this id exists already.');
  return siteConfig(created, env());
}

/** Applies a change (null: back to the environment) and tells every instance. */
export async function changeSite(
  database: Database,
  id: string,
  input: z.infer<typeof siteUpdate>,
): Promise<SiteConfig> {
  const set: Record<string, unknown> = {};
  const reset: string[] = [];
  for (const [key, value] of Object.entries(input.settings ?? {})) {
    if (value === undefined) continue;
    if (value === null && key !== 'temperature' && key !== 'avatarUrl' && key !== 'retentionDays')
      reset.push(key);
    else set[key] = value;
  }
  if (input.name !== undefined) set.name = input.name;
  const updated = await updateSiteSettings(database.db, id, { set, reset });
  if (!updated) throw new ParleyError('not_found', 'No such site.');
  await siteChanged(database, id);
  return siteConfig(updated, env());
}

export async function removeSite(database: Database, id: string): Promise<void> {
  if (id === DEFAULT_SITE_ID) {
    throw new ParleyError('conflict', 'The default site serves the hosted chat and cannot be deleted.');
  }
  if (!(await deleteSite(database.db, id))) throw new ParleyError('not_found', 'No such site.');
  await siteChanged(database, id);
}
