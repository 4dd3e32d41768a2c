import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { sectionsFromDom } from './dom-sections';
import type { Extracted } from './types';

const NOISE = 'script, style, noscript, template, nav, iframe, svg';

/**
 * linkedom builds the tree as written, without the <html>, <head> and <body> a browser implies:
 * a fragment or a page that leaves them out is given them.
 */
function parse(html: string): Document {
  let source = html;
  if (!/<html[\s>]/i.test(html) || !/<body[\s>]/i.test(html)) {
    const title = /<title[^>]*>[\s\S]*?<\/title>/i.exec(html)?.[0] ?? '';
    const body = html
      .replace(/<!doctype[^>]*>/i, '')
      .replace(/<title[^>]*>[\s\S]*?<\/title>/i, '')
      .replace(/<\/?(html|head|body)(\s[^>]*)?>/gi, '');
    source = `<!doctype html><html><head>${title}</head><body>${body}</body></html>`;
  }
  return parseHTML(source).document as unknown as Document;
}

/**
 * Readability turns every h1 into an h2, which would make a page's title a sibling of its own
 * sections: each heading moves one level down first (h6 stays), and the level is read back as n - 1.
 */
function demoteHeadings(document: Document): void {
  for (const heading of [...document.querySelectorAll('h1, h2, h3, h4, h5')]) {
    const lower = document.createElement(`h${Number(heading.localName[1]) + 1}`);
    for (const name of ['id', 'class']) {
      const value = heading.getAttribute(name);
      if (value !== null) lower.setAttribute(name, value);
    }
    while (heading.firstChild) lower.appendChild(heading.firstChild);
    heading.replaceWith(lower);
  }
}

function titleOf(document: Document): string | null {
  const title = document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim();
  if (title) return title;
  return document.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim() || null;
}

/**
 * The readable content of a page (@mozilla/readability), split at its headings; the whole body
 * when Readability finds no article. Scripts, styles and navigation never count as text.
 */
export function extractHtml(html: string, url: string): Extracted {
  const document = parse(html);
  const pageTitle = titleOf(document);
  for (const node of [...document.querySelectorAll(NOISE)]) node.remove();
  demoteHeadings(document);

  let article: ReturnType<Readability['parse']> = null;
  try {
    article = new Readability(document).parse();
  } catch {
    // Readability throws on some malformed documents; the body text is still worth having.
  }
  const title = article?.title?.trim() || pageTitle;
  if (article?.content) {
    const content = parse(article.content);
    const level = (tag: string) => Math.max(1, Number(tag[1]) - 1);
    const sections = sectionsFromDom(content.body, { level, baseUrl: url });
    if (sections.length) return { title, sections };
  }
  const fallback = parse(html);
  for (const node of [...fallback.querySelectorAll(NOISE)]) node.remove();
  return { title, sections: sectionsFromDom(fallback.body, { baseUrl: url }) };
}
