import * as z from 'zod/mini';
import {
  apiSource,
  type SourceCreate,
  searchResult,
  sourceCreated,
  sourceList,
} from '@/lib/contracts/knowledge';
import { adminApi, adminUpload } from '../api';

/** The admin API's knowledge calls for one site (docs/admin-api.md). */
export function knowledgeCalls(siteId: string) {
  const base = `/api/admin/sites/${encodeURIComponent(siteId)}`;
  const one = (id: string) => `${base}/sources/${encodeURIComponent(id)}`;
  return {
    list: (signal?: AbortSignal) => adminApi('GET', `${base}/sources`, sourceList, { signal }),
    add: (body: SourceCreate) => adminApi('POST', `${base}/sources`, sourceCreated, { body }),
    upload: (file: File, onProgress: (sent: number, total: number) => void, signal?: AbortSignal) => {
      const form = new FormData();
      form.set('file', file, file.name);
      return adminUpload(`${base}/sources`, form, sourceCreated, { onProgress, signal });
    },
    sync: (id: string) => adminApi('POST', `${one(id)}/sync`, z.object({ source: apiSource })),
    remove: (id: string) => adminApi('DELETE', one(id), null),
    search: (q: string, signal?: AbortSignal) =>
      adminApi('GET', `${base}/search?${new URLSearchParams({ q, limit: '8' })}`, searchResult, { signal }),
  };
}

export type KnowledgeCalls = ReturnType<typeof knowledgeCalls>;
