'use client';

import { useTranslations } from 'use-intl';

type ParleyFn = (command: string, ...args: unknown[]) => void;

/** The JavaScript API, live: each button makes the call it shows. */
export function DemoApi() {
  const t = useTranslations('demo');
  const question = t('sampleQuestion');
  const call = (...args: [string, ...unknown[]]) => {
    const parley = (window as unknown as { Parley?: ParleyFn }).Parley;
    parley?.(...args);
  };
  const calls: Array<{ code: string; args: [string, ...unknown[]] }> = [
    { code: "Parley('open')", args: ['open'] },
    { code: `Parley('send', '${question.replace(/'/g, "\\'")}')`, args: ['send', question] },
    { code: "Parley('toggle')", args: ['toggle'] },
    { code: "Parley('reset')", args: ['reset'] },
  ];
  return (
    <section className="mt-10" aria-labelledby="api-title">
      <h2 id="api-title" className="text-lg font-semibold">
        {t('apiTitle')}
      </h2>
      <ul className="mt-4 flex flex-wrap gap-2">
        {calls.map((item) => (
          <li key={item.code}>
            <button
              type="button"
              onClick={() => call(...item.args)}
              className="rounded-lg border border-border bg-surface px-3 py-2 font-mono text-sm hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
            >
              {item.code}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
