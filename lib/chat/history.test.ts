import { describe, expect, it } from 'vitest';
import { estimateTokens, fitHistory, languageName, systemPrompt } from './history';

describe('fitHistory', () => {
  const history = [
    { role: 'user' as const, content: 'a'.repeat(400) },
    { role: 'assistant' as const, content: 'b'.repeat(400) },
    { role: 'user' as const, content: 'c'.repeat(40) },
    { role: 'assistant' as const, content: 'd'.repeat(40) },
    { role: 'user' as const, content: 'latest' },
  ];

  it('keeps the system prompt first and the newest messages that fit', () => {
    const fitted = fitHistory('sys', history, 60);
    expect(fitted[0]).toEqual({ role: 'system', content: 'sys' });
    expect(fitted.slice(1).map((m) => m.content)).toEqual(['c'.repeat(40), 'd'.repeat(40), 'latest']);
    const used = fitted.reduce((n, m) => n + estimateTokens(String(m.content)), 0);
    expect(used).toBeLessThanOrEqual(60);
  });

  it('keeps everything when it fits, and always the latest message', () => {
    expect(fitHistory('sys', history, 10_000)).toHaveLength(6);
    const tight = fitHistory('sys', [{ role: 'user', content: 'x'.repeat(1000) }], 10);
    expect(tight.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('never starts the conversation with an assistant message', () => {
    const short = [
      { role: 'user' as const, content: 'q'.repeat(40) },
      { role: 'assistant' as const, content: 'a'.repeat(40) },
      { role: 'user' as const, content: 'latest' },
    ];
    // The budget fits the answer and the latest question, but not the question it answered.
    const fitted = fitHistory('sys', short, 26);
    expect(fitted.map((m) => m.role)).toEqual(['system', 'user']);
    expect(fitted[1]?.content).toBe('latest');
  });
});

describe('systemPrompt', () => {
  it('tells the model to answer in the visitor’s language, naming the locale as a language', () => {
    expect(languageName('de')).toBe('German');
    expect(languageName('pt-BR')).toBe('Brazilian Portuguese');
    expect(languageName('zh')).toBe('Chinese');
    const prompt = systemPrompt('You help on example.com.', 'ja');
    expect(prompt.startsWith('You help on example.com.')).toBe(true);
    expect(prompt).toContain("Reply in the language of the visitor's latest message");
    expect(prompt).toContain('reply in Japanese');
  });

  it('names only languages it knows: an unknown tag is not copied into the prompt', () => {
    expect(languageName('zz-sayhi')).toBe('English');
    expect(languageName('qqq')).toBe('English');
    expect(systemPrompt('Base.', 'xy-ignore-rules')).not.toContain('ignore');
  });
});
