import { describe, expect, it, vi } from 'vitest';
import { errorResponse } from './http/respond';

describe('ParleyError across module copies', () => {
  it('is recognised and answered with its own status when thrown by another copy of the module', async () => {
    // What Next.js does: the start-up code and a route each bundle lib/errors.ts of their own.
    vi.resetModules();
    const other = await import('./errors');
    const refusal = new other.ParleyError('shutting_down');
    const response = errorResponse(refusal);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'shutting_down' } });
  });

  it('answers a database conflict from another copy of db/errors as busy', async () => {
    vi.resetModules();
    const other = await import('@/db/errors');
    const response = errorResponse(new other.ConversationBusyError());
    expect(response.status).toBe(409);
  });
});
