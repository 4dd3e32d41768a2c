import type { Section } from './types';

// Never content: scripts, styles, navigation, controls, embedded objects.
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'nav',
  'iframe',
  'canvas',
  'object',
  'embed',
  'form',
  'button',
  'select',
  'textarea',
  'head',
  'img',
]);

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'header',
  'hr',
  'html',
  'main',
  'ol',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'ul',
]);

type Block = { text: string; line: boolean };

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Options: how to read a heading's level (Readability renames h1), and how to resolve links. */
export type DomOptions = { level?: (tag: string) => number; baseUrl?: string };

function linkTarget(element: Element, baseUrl: string | undefined): string | null {
  const href = element.getAttribute('href');
  if (!href || !baseUrl || href.startsWith('#')) return null;
  try {
    const url = new URL(href, baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Splits a DOM tree into sections at its headings, keeping the heading path. Paragraphs become
 * blank-line separated blocks, list items and table rows one line each, <pre> a fenced block.
 */
export function sectionsFromDom(root: Element, options: DomOptions = {}): Section[] {
  const level = options.level ?? ((tag: string) => Number(tag[1]));
  const sections: Section[] = [];
  const stack: { level: number; text: string }[] = [];
  let blocks: Block[] = [];
  let inline = '';

  const flushInline = (line = false) => {
    const text = inline
      .split('\n')
      .map((part) => part.replace(/[ \t\f\v\r]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
    if (text) blocks.push({ text, line });
    inline = '';
  };
  const flushSection = () => {
    flushInline();
    const text = blocks
      .map((block, i) => (i === 0 ? '' : block.line && blocks[i - 1].line ? '\n' : '\n\n') + block.text)
      .join('');
    if (text.trim()) sections.push({ headings: stack.map((h) => h.text), text });
    blocks = [];
  };

  const walk = (node: Node, line = false): void => {
    if (node.nodeType === 3) {
      inline += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    const tag = element.localName.toLowerCase();
    if (SKIP.has(tag) || element.getAttribute('hidden') !== null) return;
    if (/^h[1-6]$/.test(tag)) {
      const text = squash(element.textContent ?? '');
      if (!text) return;
      flushSection();
      const depth = level(tag);
      while (stack.length && stack[stack.length - 1].level >= depth) stack.pop();
      stack.push({ level: depth, text });
      return;
    }
    if (tag === 'br') {
      inline += '\n';
      return;
    }
    if (tag === 'pre') {
      flushInline(line);
      const code = (element.textContent ?? '').replace(/^\n+|\s+$/g, '');
      if (code) blocks.push({ text: `\`\`\`\n${code}\n\`\`\``, line: false });
      return;
    }
    if (tag === 'tr') {
      flushInline(line);
      const cells = [...element.children].map((cell) => squash(cell.textContent ?? '')).filter(Boolean);
      if (cells.length) blocks.push({ text: cells.join(' | '), line: true });
      return;
    }
    if (tag === 'li') {
      flushInline(line);
      inline = '- ';
      for (const child of element.childNodes) walk(child, true);
      if (inline.trim() === '-') inline = '';
      flushInline(true);
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flushInline(line);
    const target = tag === 'a' ? linkTarget(element, options.baseUrl) : null;
    const start = inline.length;
    for (const child of element.childNodes) walk(child, line);
    // A link keeps its address, so that an answer can point the visitor to it.
    const label = inline.slice(start);
    if (target && inline.length > start && label.trim() && squash(label) !== target) {
      inline = `${inline.slice(0, start)}[${squash(label)}](${target})`;
    }
    if (block) flushInline(line);
  };

  walk(root);
  flushSection();
  return sections;
}
