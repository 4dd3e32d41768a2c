import { describe, expect, it } from 'vitest';
import { extractHtml } from './html';

const words = 'These words are here so that Readability sees an article worth reading on this page. ';

describe('extractHtml', () => {
  it('keeps a page’s h1 above its h2s although Readability renames h1', () => {
    const html = `<html><head><title>Site</title></head><body><article>
      <h1>Guide to ferns</h1><p>${words.repeat(5)}</p>
      <h2>Watering</h2><p>Water the Thimblewort fern twice a week. ${words.repeat(5)}</p>
      </article></body></html>`;
    const page = extractHtml(html, 'https://ferns.example/guide');
    expect(page.sections.find((s) => s.text.includes('Thimblewort'))?.headings).toEqual([
      'Guide to ferns',
      'Watering',
    ]);
  });

  it('keeps links as Markdown with their absolute address', () => {
    const html = `<html><body><article><p>${words.repeat(5)} Read the <a href="/care">care sheet</a>
      or <a href="#top">go up</a> or <a href="javascript:alert(1)">this</a>.</p></article></body></html>`;
    const text = extractHtml(html, 'https://ferns.example/guide').sections[0].text;
    expect(text).toContain('[care sheet](https://ferns.example/care)');
    expect(text).toContain('or go up or this.');
  });

  it('turns tables into rows and pre into fenced code', () => {
    const html = `<html><body><article><p>${words.repeat(5)}</p>
      <table><tr><th>Size</th><th>Price</th></tr><tr><td>Small</td><td>3 florins</td></tr></table>
      <pre>line 1\n  line 2</pre></article></body></html>`;
    const text = extractHtml(html, 'https://x.example/').sections[0].text;
    expect(text).toContain('Size | Price\nSmall | 3 florins');
    expect(text).toContain('```\nline 1\n  line 2\n```');
  });

  it('reads a tiny page and never its scripts, styles or navigation', () => {
    const html = `<html><head><title>Tiny</title><script>var SECRET = 1</script></head><body>
      <nav>Menu MENUDECOY</nav><style>p{}</style><div>Opening hour: 9.</div><noscript>NOSCRIPTDECOY</noscript></body></html>`;
    const page = extractHtml(html, 'https://x.example/');
    const all = page.sections.map((s) => s.text).join('\n');
    expect(page.title).toBe('Tiny');
    expect(all).toContain('Opening hour: 9.');
    expect(all).not.toMatch(/SECRET|MENUDECOY|NOSCRIPTDECOY/);
  });

  it('reads a fragment or a page without <html> and <body>', () => {
    expect(extractHtml('<p>Only a fragment.</p>', 'https://x.example/').sections).toEqual([
      { headings: [], text: 'Only a fragment.' },
    ]);
    const page = extractHtml(
      '<!doctype html><title>Bare</title><h2>Part</h2><p>Text here.</p>',
      'https://x.example/',
    );
    expect(page.title).toBe('Bare');
    expect(page.sections.map((s) => s.text).join('\n')).toContain('Text here.');
  });
});
