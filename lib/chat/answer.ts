import type { HistoryItem } from '@/db/queries/turns';
import type { VisitorPrincipal } from '@/lib/auth';
import type { StartEvent } from '@/lib/contracts';
import { env } from '@/lib/env';
import { type Grounding, groundingPrompt } from '@/lib/knowledge/ground';
import type { SiteConfig } from '@/lib/sites/settings';
import type { AnswerFeed } from './feed';
import { fitHistory, systemPrompt } from './history';
import type { RunPlan } from './runtime';

/** What a send, a retry or a resume answers with: the ids, then the answer's feed. */
export type Exchange = { start: StartEvent; feed: AnswerFeed };

export type ExchangeIds = Omit<StartEvent, 'type'>;

/** The site's model, then its fallbacks in order, each once. */
export function models(site: SiteConfig): string[] {
  const { model, fallbackModels } = site.settings;
  return [model, ...fallbackModels.filter((m, i, all) => m !== model && all.indexOf(m) === i)];
}

/** What the model is sent for an answer: the site's rules, the language, the history that fits. */
export function planAnswer(
  who: VisitorPrincipal,
  ids: ExchangeIds,
  input: { locale: string; history: HistoryItem[]; grounding?: Grounding | null },
): RunPlan {
  const e = env();
  const base = systemPrompt(who.site.settings.systemPrompt, input.locale);
  // The sources count against the history budget (lib/knowledge/retrieval.ts keeps them within half of it).
  const system = input.grounding ? `${base}\n\n${groundingPrompt(input.grounding)}` : base;
  return {
    ...ids,
    models: models(who.site),
    temperature: who.site.settings.temperature,
    messages: fitHistory(system, input.history, e.CHAT_MAX_HISTORY_TOKENS),
    grounding: input.grounding ?? undefined,
  };
}

export function exchange(ids: ExchangeIds, feed: AnswerFeed): Exchange {
  return { start: { type: 'start', ...ids }, feed };
}
