import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { chatRequest } from '.';

const messageId = '0b6f6a55-2b52-4a4f-9f3c-0e7f1f0b8a11';

describe('a chat request', () => {
  it('takes trimmed text and refuses what cannot be stored', () => {
    expect(z.parse(chatRequest, { messageId, content: '  hi  ' }).content).toBe('hi');
    for (const content of ['', '   ', 'a\u0000b', 42]) {
      const result = z.safeParse(chatRequest, { messageId, content });
      expect(result.success, JSON.stringify(content)).toBe(false);
    }
    const nul = z.safeParse(chatRequest, { messageId, content: 'a\u0000b' });
    expect(nul.error?.issues[0]?.message).toContain('U+0000');
  });
});
