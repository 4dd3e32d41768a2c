import { env } from '@/lib/env';

/**
 * What a site's chat shows of the site: its name, avatar, greeting and starter questions. From the
 * environment until the console (issue 13) keeps them per site. `null` means the chat's own
 * translated default; an empty list of starters means none.
 */
export type ChatBranding = {
  title: string | null;
  avatarUrl: string | null;
  greeting: string | null;
  starters: string[] | null;
};

export function chatBranding(e = env()): ChatBranding {
  return {
    title: e.CHAT_TITLE ?? null,
    avatarUrl: e.CHAT_AVATAR_URL ?? null,
    greeting: e.CHAT_GREETING ?? null,
    starters: e.CHAT_STARTERS ?? null,
  };
}
