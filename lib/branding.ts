import { getDatabase } from '@/lib/database';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { loadSite } from '@/lib/sites/config';
import { DEFAULT_SITE_ID, type SiteConfig } from '@/lib/sites/settings';

/**
 * What a site's chat shows of the site: its name, avatar, greeting and starter questions, as the
 * owner set them in the console, else (for the default site) from the environment. `null` means the
 * chat's own translated default; an empty list of starters means none.
 */
export type ChatBranding = {
  title: string | null;
  avatarUrl: string | null;
  greeting: string | null;
  starters: string[] | null;
  /** What the launcher is called (its accessible name) in place of the translated "Open chat". */
  launcherLabel: string | null;
};

export function chatBranding(config?: SiteConfig, e = env()): ChatBranding {
  const fromConsole = (key: keyof SiteConfig['sources']) => config?.sources[key] === 'console';
  const own = !config || config.id === DEFAULT_SITE_ID;
  return {
    title: fromConsole('name') ? (config?.name ?? null) : own ? (e.CHAT_TITLE ?? null) : null,
    avatarUrl: config?.settings.avatarUrl ?? (own ? (e.CHAT_AVATAR_URL ?? null) : null),
    greeting: fromConsole('greeting')
      ? config?.settings.greeting || null
      : own
        ? (e.CHAT_GREETING ?? null)
        : null,
    starters: fromConsole('starters')
      ? (config?.settings.starters ?? null)
      : own
        ? (e.CHAT_STARTERS ?? null)
        : null,
    launcherLabel: config?.settings.launcherLabel.trim() || null,
  };
}

/** The branding of a site by id (the hosted chat's is the default site's); the environment's when the database cannot say. */
export async function siteBranding(siteId = DEFAULT_SITE_ID): Promise<ChatBranding> {
  try {
    const database = await getDatabase();
    return chatBranding(await loadSite(database.db, siteId));
  } catch (error) {
    log('warn', 'branding_unavailable', { siteId, err: error });
    return chatBranding();
  }
}
