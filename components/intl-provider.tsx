'use client';

import type { ReactNode } from 'react';
import { type AbstractIntlMessages, IntlProvider } from 'use-intl';

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

/** use-intl for a page (the chat's or the console's messages), in the browser's time zone. */
export function I18nProvider(props: { locale: string; messages: AbstractIntlMessages; children: ReactNode }) {
  // Times are only shown for data loaded in the browser, so the server's zone never shows.
  const timeZone = typeof window === 'undefined' ? 'UTC' : browserTimeZone();
  return (
    <IntlProvider locale={props.locale} messages={props.messages} timeZone={timeZone}>
      {props.children}
    </IntlProvider>
  );
}
