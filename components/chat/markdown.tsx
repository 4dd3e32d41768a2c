'use client';

import Markdown from 'markdown-to-jsx/react';
import type { AnchorHTMLAttributes } from 'react';

function Link(props: AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a {...props} target="_blank" rel="noopener noreferrer" />;
}

const options = {
  // Model output is untrusted: raw HTML is shown as text, never parsed.
  disableParsingRawHTML: true,
  forceBlock: true,
  overrides: { a: { component: Link } },
};

/** An answer as safe Markdown: no raw HTML, sanitized URLs, links that open apart. */
export function MarkdownText({ text }: { text: string }) {
  return (
    <div className="parley-markdown">
      <Markdown options={options}>{text}</Markdown>
    </div>
  );
}
