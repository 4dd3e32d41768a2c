'use client';

import { useCallback, useEffect, useState } from 'react';
import { adminApi } from '../api';
import { useApiErrorText } from '../ui';

type Schema<T> = Parameters<typeof adminApi<T>>[2];

/** A list read from the admin API, with a way to read it again after a change. */
export function useList<T>(path: string, schema: NonNullable<Schema<T>>) {
  const errorText = useApiErrorText();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per path and per reload.
  useEffect(() => {
    const abort = new AbortController();
    adminApi('GET', path, schema, { signal: abort.signal }).then(
      (value) => {
        setData(value);
        setError(null);
      },
      (caught) => {
        if (!abort.signal.aborted) setError(errorText(caught));
      },
    );
    return () => abort.abort();
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload };
}
