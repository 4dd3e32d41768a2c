import { describe, expect, it } from 'vitest';
import { plainText, titleFrom } from './plain';

describe('plainText', () => {
  it.each([
    [
      '**Shipping** to `Morocco`, see [the FAQ](https://example.com/faq)?',
      'Shipping to Morocco, see the FAQ?',
    ],
    ['__bold__ and *italic* and _under_ and ~~gone~~', 'bold and italic and under and gone'],
    ['# Heading\n\n> a quote\n- one\n- two\n1. three', 'Heading a quote one two three'],
    ['```js\nconst a = 1;\n```', 'const a = 1;'],
    ['``code with ` tick``', 'code with ` tick'],
    ['![a logo](https://x.y/logo.png) and <https://example.com>', 'a logo and https://example.com'],
    ['snake_case_name and 2*3*4 stay', 'snake_case_name and 2*3*4 stay'],
    ['\\*not emphasis\\*', '*not emphasis*'],
    ['a\n\n---\n\nb', 'a b'],
    ['مرحبًا **بك**', 'مرحبًا بك'],
  ])('%j → %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });
});

describe('titleFrom', () => {
  it('is one line of at most 80 characters', () => {
    const title = titleFrom(`**${'word '.repeat(40).trim()}**`);
    expect(title).toHaveLength(80);
    expect(title.endsWith('…')).toBe(true);
    expect(title).not.toContain('*');
  });

  it('keeps a message made only of marks as it is', () => {
    expect(titleFrom('**')).toBe('**');
  });
});
