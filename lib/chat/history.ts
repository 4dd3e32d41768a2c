import type { UpstreamMessage } from '@/lib/upstream/client';

/** A rough, fast token estimate (about four characters a token, plus per-message overhead). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4) + 4;
}

/**
 * The system prompt first, then as many of the newest messages as fit the budget. The latest
 * message is always kept.
 */
export function fitHistory(
  system: string,
  history: Array<{ role: 'user' | 'assistant' | 'system'; content: string }>,
  maxTokens: number,
): UpstreamMessage[] {
  let budget = maxTokens - estimateTokens(system);
  const kept: UpstreamMessage[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const message = history[i];
    if (message.role === 'system') continue;
    const cost = estimateTokens(message.content);
    if (kept.length > 0 && cost > budget) break;
    budget -= cost;
    kept.push({ role: message.role, content: message.content });
  }
  kept.reverse();
  // Chat models expect the conversation to start with the user.
  while (kept.length > 1 && kept[0].role === 'assistant') kept.shift();
  return [{ role: 'system', content: system }, ...kept];
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * The English name of a language tag, or English when the tag names no language that ICU knows:
 * only a known name, never the visitor's own text, reaches the system prompt.
 */
export function languageName(locale: string): string {
  try {
    return languageNames.of(locale) ?? 'English';
  } catch {
    return 'English';
  }
}

/** The site's prompt plus the rule that makes the model answer in the visitor's language. */
export function systemPrompt(base: string, locale: string | undefined): string {
  const fallback = languageName(locale || 'en');
  return `${base.trim()}\n\nReply in the language of the visitor's latest message. When that language is unclear, reply in ${fallback}.`;
}
