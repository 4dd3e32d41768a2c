'use client';

import { useMemo } from 'react';
import type { ChatBranding } from '@/lib/branding';
import { ChatApp } from './chat-app';
import { localVisitorStore } from './stores';

/** The chat at `/`: the visitor token lives in this page's own localStorage. */
export function HostedChat(props: {
  siteId: string;
  locale: string;
  maxChars: number;
  configured: boolean;
  branding: ChatBranding;
}) {
  const store = useMemo(() => localVisitorStore(props.siteId), [props.siteId]);
  return (
    <ChatApp
      siteId={props.siteId}
      locale={props.locale}
      store={store}
      maxChars={props.maxChars}
      configured={props.configured}
      branding={props.branding}
    />
  );
}
