import type { HistoryItem } from '@/db/queries/turns';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import type { SiteConfig } from '@/lib/sites/settings';
import { type Grounding, groundingFrom } from './ground';
import type { Knowledge } from './knowledge';

/** At most this many tokens of sources, and never more than half of the history budget. */
const MAX_SOURCE_TOKENS = 3000;

/**
 * What a visitor's message is searched with: the message, and the one before it when the message
 * is short (a follow-up such as "and in winter?" names little by itself).
 */
export function retrievalQuestion(history: HistoryItem[]): string {
  const asked = history.filter((m) => m.role === 'user').map((m) => m.content);
  const latest = asked.at(-1) ?? '';
  const words = latest.split(/\s+/).filter(Boolean).length;
  return words < 6 && asked.length > 1 ? `${asked.at(-2)}\n${latest}` : latest;
}

/**
 * The knowledge for an answer, or null when the site has none (one cached check) or retrieval
 * fails: an answer without sources is better than no answer, and the failure is logged.
 */
export async function groundAnswer(
  knowledge: Knowledge,
  site: SiteConfig,
  history: HistoryItem[],
): Promise<Grounding | null> {
  try {
    if (!(await knowledge.hasKnowledge(site.id))) return null;
    const question = retrievalQuestion(history);
    if (!question.trim()) return null;
    const { hits, mode } = await knowledge.search(site.id, question, site.settings.knowledgeTopK);
    const budget = Math.min(MAX_SOURCE_TOKENS, Math.floor(env().CHAT_MAX_HISTORY_TOKENS / 2));
    return groundingFrom(hits, mode, budget);
  } catch (error) {
    log('warn', 'retrieval_failed', { siteId: site.id, err: error });
    return null;
  }
}
