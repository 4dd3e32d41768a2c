import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('what visitors see, from the environment', () => {
  it('is unset by default, so the chat uses its translated defaults', () => {
    const e = parseEnv({});
    expect([e.CHAT_TITLE, e.CHAT_AVATAR_URL, e.CHAT_GREETING, e.CHAT_STARTERS]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('keeps up to four starter questions, trimmed; an empty value means none', () => {
    expect(parseEnv({ CHAT_STARTERS: ' a | b ||c|d|e ' }).CHAT_STARTERS).toEqual(['a', 'b', 'c', 'd']);
    expect(parseEnv({ CHAT_STARTERS: '' }).CHAT_STARTERS).toEqual([]);
  });

  it('takes an avatar at an https address or a path on this server, nothing else', () => {
    expect(parseEnv({ CHAT_AVATAR_URL: '/logo.png' }).CHAT_AVATAR_URL).toBe('/logo.png');
    expect(parseEnv({ CHAT_AVATAR_URL: 'https://x.example/a.png' }).CHAT_AVATAR_URL).toBe(
      'https://x.example/a.png',
    );
    for (const bad of ['javascript:alert(1)', '//evil.example/a.png', 'data:image/png;base64,AA'])
      expect(() => parseEnv({ CHAT_AVATAR_URL: bad }), bad).toThrow(/CHAT_AVATAR_URL/);
  });

  it('says which setting is too long', () => {
    expect(() => parseEnv({ CHAT_TITLE: 'x'.repeat(81) })).toThrow(/CHAT_TITLE: must be at most 80/);
  });
});
