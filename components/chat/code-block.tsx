'use client';

import { type HTMLAttributes, isValidElement, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { CheckIcon, CopyIcon } from './icons';

/** The language markdown-to-jsx puts on the code element (`lang-js`), if any. */
function language(children: ReactNode): string | null {
  if (!isValidElement<{ className?: string }>(children)) return null;
  return /(?:^|\s)lang-([\w#+.-]{1,24})/.exec(children.props.className ?? '')?.[1] ?? null;
}

/** The clipboard API, or, in a frame the host page did not allow it to, a selected text area. */
async function copyText(text: string, back: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'fixed -start-[9999px] top-0';
    document.body.append(area);
    area.select();
    const done = document.execCommand('copy');
    area.remove();
    back?.focus();
    return done;
  }
}

/** A code block of an answer: scrolls sideways on its own, with its language and a copy button. */
export function CodeBlock(props: HTMLAttributes<HTMLPreElement>) {
  const t = useTranslations('chat');
  const pre = useRef<HTMLPreElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [copied, setCopied] = useState(false);
  const lang = language(props.children);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    const text = pre.current?.textContent?.replace(/\n$/, '') ?? '';
    if (await copyText(text, button.current)) setCopied(true);
  };

  return (
    <div className="parley-code">
      <div className="flex min-h-9 items-center justify-between gap-2 border-b border-white/10 ps-3.5 pe-1 text-xs text-code-fg/75">
        <span className="font-mono">{lang}</span>
        <button
          ref={button}
          type="button"
          onClick={copy}
          aria-label={copied ? t('copied') : t('copyCode')}
          className="inline-flex min-h-7 items-center gap-1.5 rounded-sm px-2 hover:bg-white/10 hover:text-code-fg"
        >
          {copied ? <CheckIcon className="size-3.5" /> : <CopyIcon className="size-3.5" />}
          <span aria-hidden="true">{copied ? t('copied') : t('copy')}</span>
        </button>
      </div>
      {/* Focusable, as it may scroll: keyboard users can scroll it too. Code reads left to right. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <pre ref={pre} {...props} dir="ltr" tabIndex={0} />
    </div>
  );
}
