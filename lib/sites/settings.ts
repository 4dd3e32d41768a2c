import * as z from 'zod/mini';
import type { Site } from '@/db/schema';
import {
  type SiteSettingKey,
  type SiteSettings,
  siteSettingKeys,
  siteSettingsShape,
} from '@/lib/contracts/admin';
import type { Env } from '@/lib/env';

/*
 * A site's settings: what an owner set in the console (`sites.settings`, only those keys), over
 * what the environment gives. The environment is the instance's defaults for every site; the
 * `default` site also takes its name, greeting, starters and allowed origins from it. So the
 * `default` site that an operator configured by environment keeps working as before, and becomes
 * editable: once an owner changes a setting, the console's value wins, on every instance, at the
 * next message (lib/sites/cache.ts).
 */

export const DEFAULT_SITE_ID = 'default';

export type SiteConfig = {
  id: string;
  name: string;
  settings: SiteSettings;
  sources: Record<SiteSettingKey | 'name', 'console' | 'environment'>;
  createdAt: Date;
  updatedAt: Date;
};

/** What the environment gives a site for each setting. */
export function environmentSettings(e: Env, siteId: string): SiteSettings {
  const own = siteId === DEFAULT_SITE_ID;
  return {
    systemPrompt: e.CHAT_SYSTEM_PROMPT,
    model: e.CHAT_MODEL,
    fallbackModels: e.CHAT_FALLBACK_MODELS.filter((m) => m !== e.CHAT_MODEL),
    temperature: null,
    greeting: own ? (e.CHAT_GREETING ?? '') : '',
    starters: own ? (e.CHAT_STARTERS ?? []) : [],
    launcherColor: '#4338ca',
    launcherPosition: 'right',
    launcherLabel: '',
    avatarUrl: own ? (e.CHAT_AVATAR_URL ?? null) : null,
    defaultLocale: e.DEFAULT_LOCALE,
    allowedOrigins: own ? e.EMBED_ALLOWED_ORIGINS : [],
    rateLimitVisitorPerMinute: e.RATE_LIMIT_VISITOR_PER_MINUTE,
    rateLimitIpPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
    retentionDays: null,
    // As the Assistants API's file_search did.
    knowledgeTopK: 8,
    knowledgeChunkTokens: 800,
    knowledgeChunkOverlap: 400,
    identityRequired: own ? e.IDENTITY_REQUIRED : false,
  };
}

/**
 * The console's values as stored, each checked again: a key that no longer parses (a setting whose
 * rules became stricter) falls back to the environment instead of breaking the site.
 */
export function storedSettings(raw: unknown): Partial<SiteSettings> {
  const out: Record<string, unknown> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const key of siteSettingKeys) {
    if (!(key in raw)) continue;
    const parsed = z.safeParse(
      siteSettingsShape[key] as z.ZodMiniType,
      (raw as Record<string, unknown>)[key],
    );
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Partial<SiteSettings>;
}

export function siteConfig(site: Site, e: Env): SiteConfig {
  const stored = storedSettings(site.settings);
  const base = environmentSettings(e, site.id);
  const settings = { ...base, ...stored } as SiteSettings;
  const sources = Object.fromEntries(
    siteSettingKeys.map((key) => [key, key in stored ? 'console' : 'environment']),
  ) as SiteConfig['sources'];
  // The name an owner gave (kept with the settings), else the environment's title for the default
  // site, else the name the site was created with.
  const given = (site.settings as { name?: unknown } | null)?.name;
  const named = typeof given === 'string' && given.trim() !== '';
  const name = named
    ? (given as string)
    : site.id === DEFAULT_SITE_ID
      ? (e.CHAT_TITLE ?? site.name)
      : site.name;
  sources.name = named || site.id !== DEFAULT_SITE_ID ? 'console' : 'environment';
  return { id: site.id, name, settings, sources, createdAt: site.createdAt, updatedAt: site.updatedAt };
}
