'use client';

import type { ReactNode } from 'react';
import { IntlProvider } from 'use-intl';
import type { ConsoleMessages } from './messages';

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

export function ConsoleIntl(props: { locale: string; messages: ConsoleMessages; children: ReactNode }) {
  // Dates are formatted only for data fetched in the browser, so the server's zone never shows.
  const timeZone = typeof window === 'undefined' ? 'UTC' : browserTimeZone();
  return (
    <IntlProvider locale={props.locale} messages={props.messages} timeZone={timeZone}>
      {props.children}
    </IntlProvider>
  );
}
