'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import type * as z from 'zod/mini';
import type { ApiSource, sourceList } from '@/lib/contracts/knowledge';
import { AdminApiError } from '../api';
import { useApiErrorText } from '../ui';
import type { KnowledgeCalls } from './calls';

const POLL_MS = 1500;

export type SourceList = z.infer<typeof sourceList>;
type Status = ApiSource['status'];

const busy = (status: Status) => status === 'pending' || status === 'indexing';

/**
 * A site's sources, read again every 1.5 s while one of them waits or is being indexed (not while
 * the tab is hidden: it catches up when shown). A source that becomes ready or fails is announced.
 */
export function useSources(calls: KnowledgeCalls) {
  const t = useTranslations('console.knowledge');
  const errorText = useApiErrorText();
  const [data, setData] = useState<SourceList | null>(null);
  const [error, setError] = useState<{ text: string; missing: boolean } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [version, setVersion] = useState(0);
  const seen = useRef(new Map<string, Status>());

  const announceChanges = useCallback(
    (sources: ApiSource[]) => {
      const said: string[] = [];
      for (const source of sources) {
        const before = seen.current.get(source.id);
        if (before && busy(before) && source.status === 'ready') {
          said.push(t('announceReady', { title: source.title, count: source.chunks }));
        } else if (before && busy(before) && source.status === 'error') {
          said.push(t('announceError', { title: source.title, error: source.error ?? '' }));
        }
      }
      seen.current = new Map(sources.map((s) => [s.id, s.status]));
      if (said.length > 0) setAnnouncement(said.join(' '));
    },
    [t],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` asks for the list again.
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let parked = false;
    const load = async () => {
      timer = undefined;
      try {
        const list = await calls.list(abort.signal);
        announceChanges(list.sources);
        setData(list);
        setError(null);
        if (!list.sources.some((s) => busy(s.status))) return;
        if (document.visibilityState === 'visible') timer = setTimeout(load, POLL_MS);
        else parked = true;
      } catch (caught) {
        if (abort.signal.aborted) return;
        const missing = caught instanceof AdminApiError && caught.status === 404;
        setError({ text: errorText(caught), missing });
      }
    };
    const shown = () => {
      if (document.visibilityState !== 'visible' || !parked) return;
      parked = false;
      load();
    };
    document.addEventListener('visibilitychange', shown);
    load();
    return () => {
      abort.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', shown);
    };
  }, [calls, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  /** Follows a source just added, so that its end is announced even if it comes before the next read. */
  const track = useCallback(
    (id: string) => {
      seen.current.set(id, 'pending');
      reload();
    },
    [reload],
  );
  const announce = useCallback((text: string) => setAnnouncement(text), []);
  return { data, error, reload, track, announcement, announce };
}

export type Sources = ReturnType<typeof useSources>;
