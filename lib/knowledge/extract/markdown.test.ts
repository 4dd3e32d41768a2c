import { describe, expect, it } from 'vitest';
import { extractMarkdown } from './markdown';

describe('extractMarkdown', () => {
  it('splits at ATX headings, closing hashes and all, and keeps text before the first one', () => {
    const md = extractMarkdown('Intro.\n\n# One #\n\nA.\n\n## Two ##\n\nB.\n\n# Three\n\nC.');
    expect(md).toEqual({
      title: 'One',
      sections: [
        { headings: [], text: 'Intro.' },
        { headings: ['One'], text: 'A.' },
        { headings: ['One', 'Two'], text: 'B.' },
        { headings: ['Three'], text: 'C.' },
      ],
    });
  });

  it('reads Setext headings, but not a list item or a rule after a blank line', () => {
    const md = extractMarkdown('Title\n=====\n\nText.\n\n- item\n---\n\nPart\n----\n\nMore.\n\n---\n\nEnd.');
    expect(md.sections.map((s) => s.headings)).toEqual([['Title'], ['Title', 'Part']]);
    expect(md.sections[0].text).toBe('Text.\n\n- item\n---');
    expect(md.sections[1].text).toBe('More.\n\n---\n\nEnd.');
  });

  it('never looks for headings inside fenced code, ``` or ~~~', () => {
    const source = '# Code\n\n~~~\n# not a heading\n\nstill code\n```\n~~~\n\n````\n## nor this\n````\n';
    const md = extractMarkdown(source);
    expect(md.sections).toHaveLength(1);
    expect(md.sections[0].text).toBe(
      '~~~\n# not a heading\n\nstill code\n```\n~~~\n\n````\n## nor this\n````',
    );
  });

  it('drops front matter but keeps its title', () => {
    const md = extractMarkdown('---\ntitle: "Front"\ndate: 2025-01-01\n---\nBody.');
    expect(md).toEqual({ title: 'Front', sections: [{ headings: [], text: 'Body.' }] });
  });
});
