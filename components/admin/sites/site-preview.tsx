'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import { normalizeHex, readableTextColor } from '@/lib/color';
import { focusRing } from '../ui';

/**
 * The widget as a visitor sees it: the chat itself (/embed/<id>, framed by this origin, which
 * every site allows) and a launcher drawn like embed/loader.js draws it, in the form's unsaved
 * colour and corner. The preview answers the chat's hello as the loader does, so the chat starts
 * at once and its Close button works; each load is a new visitor, who sees the saved greeting.
 */
export function SitePreview(props: {
  siteId: string;
  siteName: string;
  color: string;
  savedColor: string;
  position: 'left' | 'right';
  label: string;
  /** Changes after each save: the chat is loaded again. */
  version: number;
}) {
  const t = useTranslations('console.site');
  const frame = useRef<HTMLIFrameElement>(null);
  const launcher = useRef<HTMLButtonElement>(null);
  const port = useRef<MessagePort | null>(null);
  const [open, setOpen] = useState(true);
  const openRef = useRef(open);
  openRef.current = open;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new frame (each version) says hello again.
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown } | null;
      if (event.source !== frame.current?.contentWindow || event.origin !== window.location.origin) return;
      if (data?.type !== 'parley:hello') return;
      const channel = new MessageChannel();
      port.current?.close();
      port.current = channel.port1;
      channel.port1.onmessage = ({ data: message }) => {
        if ((message as { type?: unknown })?.type !== 'close') return;
        setOpen(false);
        launcher.current?.focus();
      };
      frame.current?.contentWindow?.postMessage(
        { v: 1, type: 'parley:init', open: openRef.current, state: { token: null, conversation: null } },
        window.location.origin,
        [channel.port2],
      );
    };
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
      port.current?.close();
      port.current = null;
    };
  }, [props.version]);

  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next) frame.current?.focus();
    port.current?.postMessage({ v: 1, type: 'open', open: next, focus: next });
  };

  const color = normalizeHex(props.color) ?? normalizeHex(props.savedColor) ?? '#4338ca';
  const side = props.position === 'left' ? 'left-3' : 'right-3';
  const name = props.label.trim() || (open ? t('launcherClose') : t('launcherOpen'));

  return (
    <section aria-labelledby="site-preview" className="rounded-xl border border-border bg-surface p-4">
      <h2 id="site-preview" className="text-lg font-semibold">
        {t('preview')}
      </h2>
      <p className="mt-1 text-sm text-muted">{t('previewIntro')}</p>
      <div
        className="relative mt-3 h-[clamp(28rem,calc(100dvh-17.5rem),42rem)] overflow-hidden rounded-lg border border-border bg-bg"
        data-testid="site-preview"
      >
        {/* A page of the owner's website, sketched, for the widget to sit on. */}
        <div aria-hidden="true" className="flex flex-col gap-3 p-5">
          <div className="h-3 w-1/3 rounded-full bg-surface-2" />
          <div className="h-2 w-5/6 rounded-full bg-surface-2" />
          <div className="h-2 w-2/3 rounded-full bg-surface-2" />
          <div className="mt-2 h-24 w-full rounded-lg bg-surface-2" />
          <div className="h-2 w-3/4 rounded-full bg-surface-2" />
        </div>
        <iframe
          key={props.version}
          ref={frame}
          src={`/embed/${encodeURIComponent(props.siteId)}`}
          title={t('previewFrame', { name: props.siteName })}
          hidden={!open}
          className={`absolute top-3 ${side} h-[calc(100%-5.75rem)] w-[calc(100%-1.5rem)] max-w-[25rem] rounded-2xl border-0 bg-bg shadow-float`}
        />
        <button
          ref={launcher}
          type="button"
          onClick={toggle}
          aria-label={name}
          aria-expanded={open}
          title={props.label.trim() || undefined}
          data-testid="preview-launcher"
          data-position={props.position}
          style={{ backgroundColor: color, color: readableTextColor(color) }}
          className={`absolute bottom-3 ${side} grid size-14 place-items-center rounded-full shadow-float ${focusRing}`}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" className="w-7 fill-current">
            <path d={open ? 'M6 5l13 13-1 1L5 6zm12 0 1 1L6 19l-1-1z' : 'M4 4h16v12H9l-5 4z'} />
          </svg>
        </button>
      </div>
      {props.label.trim() ? (
        <p className="mt-2 text-xs text-muted">{t('previewLauncherName', { label: props.label.trim() })}</p>
      ) : null}
    </section>
  );
}
