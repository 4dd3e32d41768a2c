'use client';

import type { ReactNode } from 'react';
import { IntlProvider } from 'use-intl';
import type { Messages } from '@/lib/i18n/messages';

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

export function I18nProvider(props: { locale: string; messages: Messages; children: ReactNode }) {
  // Times are only shown for messages loaded in the browser, so the server's zone never shows.
  const timeZone = typeof window === 'undefined' ? 'UTC' : browserTimeZone();
  return (
    <IntlProvider locale={props.locale} messages={props.messages} timeZone={timeZone}>
      {props.children}
    </IntlProvider>
  );
}
