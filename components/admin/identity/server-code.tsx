'use client';

import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { cardClass, focusRing } from '../ui';
import { CodeBlock } from './code-block';
import {
  languageNames,
  PAGE_LANGUAGE,
  pageSample,
  type ServerLanguage,
  serverLanguages,
  serverSample,
} from './samples';

/** The code that signs a visitor: on the server, one tab a language (ARIA tabs), then in the page. */
export function ServerCode() {
  const t = useTranslations('console.identity');
  const id = useId();
  const [language, setLanguage] = useState<ServerLanguage>('node');
  const tabs = useRef<Partial<Record<ServerLanguage, HTMLButtonElement | null>>>({});
  const comments = {
    secret: t('commentSecret'),
    identify: t('commentIdentify'),
    hash: t('commentHash'),
    optional: t('commentOptional'),
    reset: t('commentReset'),
  };

  // Arrows, Home and End move between the tabs and show the one they reach.
  const keys = (event: KeyboardEvent) => {
    const at = serverLanguages.indexOf(language);
    const n = serverLanguages.length;
    const moves: Record<string, number> = {
      ArrowRight: (at + 1) % n,
      ArrowLeft: (at - 1 + n) % n,
      Home: 0,
      End: n - 1,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    setLanguage(serverLanguages[to]);
    tabs.current[serverLanguages[to]]?.focus();
  };

  return (
    <section aria-labelledby={`${id}-heading`} className={`${cardClass} p-4 sm:p-6`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {t('serverHeading')}
      </h2>
      <p className="mt-1 text-sm text-muted">{t('serverIntro')}</p>
      <div
        role="tablist"
        aria-label={t('languages')}
        tabIndex={-1}
        onKeyDown={keys}
        className="mt-4 flex w-full gap-1 overflow-x-auto rounded-lg border border-border bg-bg p-1 sm:w-fit"
      >
        {serverLanguages.map((l) => (
          <button
            key={l}
            ref={(el) => {
              tabs.current[l] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${l}`}
            aria-selected={language === l}
            aria-controls={`${id}-panel-${l}`}
            tabIndex={language === l ? 0 : -1}
            onClick={() => setLanguage(l)}
            className={`min-h-9 flex-1 rounded-md px-3 text-sm font-medium whitespace-nowrap sm:flex-none ${focusRing} ${
              language === l ? 'bg-accent text-accent-contrast' : 'text-fg hover:bg-surface-2'
            }`}
          >
            {languageNames[l]}
          </button>
        ))}
      </div>
      {serverLanguages.map((l) => (
        <div
          key={l}
          id={`${id}-panel-${l}`}
          role="tabpanel"
          aria-labelledby={`${id}-tab-${l}`}
          hidden={language !== l}
          className="mt-3"
        >
          <CodeBlock
            code={serverSample(l, comments)}
            language={languageNames[l]}
            copyName={t('copyCode', { language: languageNames[l] })}
            testId={`server-code-${l}`}
          />
        </div>
      ))}

      <h3 className="mt-6 font-semibold">{t('pageHeading')}</h3>
      <p className="mt-1 mb-3 text-sm text-muted">{t('pageIntro')}</p>
      <CodeBlock
        code={pageSample(comments)}
        language={PAGE_LANGUAGE}
        copyName={t('copyPageCode')}
        testId="page-code"
      />
    </section>
  );
}
