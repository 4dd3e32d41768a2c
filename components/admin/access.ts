import { headers } from 'next/headers';
import { countOwners } from '@/db/queries/owners';
import { apiOwner } from '@/lib/admin/present';
import { authenticateAdmin } from '@/lib/auth/admin';
import { getRuntime } from '@/lib/chat/runtime';
import type { ApiOwner } from '@/lib/contracts/admin';
import { ParleyError } from '@/lib/errors';

export type ConsoleAccess = { kind: 'owner'; owner: ApiOwner } | { kind: 'login' } | { kind: 'setup' };

/**
 * What a page of /admin shows: the console to an owner with a live session, otherwise the login
 * form, or the setup form while no owner exists. The session is checked by the same function as
 * the admin API's; only the cookie counts, since a browser never sends a bearer token by itself.
 */
export async function consoleAccess(): Promise<ConsoleAccess> {
  const cookie = (await headers()).get('cookie');
  const rt = await getRuntime();
  if (cookie) {
    try {
      const request = new Request('http://console.invalid/admin', { headers: { cookie } });
      const who = await authenticateAdmin(request, rt.db, rt.now());
      if (who.kind === 'owner') return { kind: 'owner', owner: apiOwner(who.owner) };
    } catch (error) {
      if (!(error instanceof ParleyError)) throw error;
    }
  }
  return (await countOwners(rt.db)) === 0 ? { kind: 'setup' } : { kind: 'login' };
}
