'use client';

import { useEffect, useState } from 'react';
import { siteList } from '@/lib/contracts/admin';
import { adminApi } from './api';

export type SiteChoice = { id: string; name: string };

/**
 * The sites to filter by, from GET /api/admin/sites; null while unknown or when that endpoint
 * cannot be read (the filters then take a site id as text).
 */
export function useSites(): SiteChoice[] | null {
  const [sites, setSites] = useState<SiteChoice[] | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    adminApi('GET', '/api/admin/sites', siteList, { signal: abort.signal }).then(
      (list) => setSites(list.sites.map(({ id, name }) => ({ id, name }))),
      () => setSites(null),
    );
    return () => abort.abort();
  }, []);
  return sites;
}
