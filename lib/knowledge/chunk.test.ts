import { describe, expect, it } from 'vitest';
import { chunkSections, countTokens } from './chunk';

const nouns = ['kettle', 'harbour', 'lantern', 'orchard', 'violin', 'glacier', 'saddle', 'compass'];
const adjectives = ['amber', 'quiet', 'crooked', 'silver', 'patient', 'northern', 'hollow'];

/** Sentence n, distinct from every other one. */
const sentence = (n: number) =>
  `Fact ${n} says the ${adjectives[n % 7]} ${nouns[n % 8]} number ${n} weighs ${n * 3} grams.`;

/** A paragraph of `count` sentences, numbered from `from`. */
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ');

const doc = Array.from({ length: 30 }, (_, p) => paragraph(p * 10, 1 + (p % 6))).join('\n\n');

describe('chunkSections', () => {
  it('keeps every chunk within maxTokens, and counts its tokens', () => {
    const chunks = chunkSections([{ headings: ['A'], text: doc }], { maxTokens: 120, overlapTokens: 40 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBe(countTokens(chunk.text));
      expect(chunk.tokens).toBeLessThanOrEqual(120);
    }
  });

  it('packs whole paragraphs when no overlap is asked, and loses nothing', () => {
    const chunks = chunkSections([{ headings: [], text: doc }], { maxTokens: 300, overlapTokens: 0 });
    const source = doc.split('\n\n');
    const rebuilt = chunks.flatMap((chunk) => chunk.text.split('\n\n'));
    expect(rebuilt).toEqual(source);
    // Packed, not one paragraph per chunk.
    expect(chunks.length).toBeLessThan(source.length / 2);
  });

  it('overlaps consecutive chunks by about overlapTokens, from whole sentences', () => {
    const chunks = chunkSections([{ headings: [], text: doc }], { maxTokens: 150, overlapTokens: 50 });
    for (let k = 1; k < chunks.length; k++) {
      const first = chunks[k].text.split(/(?<=\.) /)[0];
      expect(first).toMatch(/^Fact \d+ says .*grams\.$/);
      expect(chunks[k - 1].text).toContain(first);
      // The shared part ends where the previous chunk ends.
      const shared = chunks[k].text.slice(0, chunks[k].text.indexOf(chunks[k - 1].text.slice(-30)) + 30);
      expect(chunks[k - 1].text.endsWith(shared)).toBe(true);
      expect(countTokens(shared)).toBeLessThanOrEqual(50);
      expect(countTokens(shared)).toBeGreaterThan(10);
    }
  });

  it('never mixes sections, and carries their headings and page', () => {
    const chunks = chunkSections(
      [
        { headings: ['Warranty'], page: 2, text: paragraph(0, 3) },
        { headings: ['Warranty'], page: 3, text: paragraph(100, 3) },
        { headings: ['Descaling'], page: 3, text: paragraph(200, 3) },
        { headings: [], text: '  \n\n ' },
      ],
      { maxTokens: 800, overlapTokens: 400 },
    );
    expect(chunks.map(({ headings, page, text }) => ({ headings, page, text }))).toEqual([
      { headings: ['Warranty'], page: 2, text: paragraph(0, 3) },
      { headings: ['Warranty'], page: 3, text: paragraph(100, 3) },
      { headings: ['Descaling'], page: 3, text: paragraph(200, 3) },
    ]);
    expect('page' in chunkSections([{ headings: [], text: 'x' }])[0]).toBe(false);
  });

  it('keeps a code block that fits whole, blank lines and all', () => {
    const code = '```js\nconst a = 1;\n\nconst b = 2;\n\n\nconsole.log(a + b);\n```';
    const text = `${paragraph(0, 5)}\n\n${code}\n\n${paragraph(50, 2)}`;
    const chunks = chunkSections([{ headings: [], text }], { maxTokens: 100, overlapTokens: 0 });
    expect(chunks.some((chunk) => chunk.text.includes(code))).toBe(true);
  });

  it('cuts a code block too long for one chunk between lines, never inside one', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `  call_function_${i}(argument_${i}, ${i * 7});`);
    const code = `\`\`\`\n${lines.join('\n')}\n\`\`\``;
    const chunks = chunkSections([{ headings: [], text: code }], { maxTokens: 100, overlapTokens: 20 });
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(100);
      for (const line of chunk.text.split('\n')) expect(['```', ...lines]).toContain(line);
    }
  });

  it('splits a paragraph of 20,000 tokens into chunks of at most maxTokens', () => {
    const giant = paragraph(0, 1400);
    expect(countTokens(giant)).toBeGreaterThan(20_000);
    const chunks = chunkSections([{ headings: [], text: giant }], { maxTokens: 800, overlapTokens: 400 });
    expect(chunks.length).toBeGreaterThan(25);
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(800);
    for (const n of [0, 700, 1399]) expect(chunks.some((c) => c.text.includes(sentence(n)))).toBe(true);
    // Cut at sentences: every chunk starts with one.
    for (const chunk of chunks) expect(chunk.text).toMatch(/^Fact \d+ says/);
  });

  it('cuts text without spaces or sentences by tokens, as a last resort', () => {
    const blob = 'QmFzZTY0IGJsb2IgaW4gYSBwYWdl'.repeat(800);
    const chunks = chunkSections([{ headings: [], text: blob }], { maxTokens: 200, overlapTokens: 0 });
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(200);
    expect(chunks.map((c) => c.text).join('')).toBe(blob);
  });

  it('treats special-token text as plain text', () => {
    const [chunk] = chunkSections([{ headings: [], text: 'Before <|endoftext|> after.' }]);
    expect(chunk.text).toBe('Before <|endoftext|> after.');
  });

  it('clamps an overlap as large as maxTokens, and still moves forward', () => {
    const chunks = chunkSections([{ headings: [], text: doc }], { maxTokens: 100, overlapTokens: 500 });
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(100);
    expect(chunks.at(-1)?.text.endsWith(sentence(295))).toBe(true);
  });
});
