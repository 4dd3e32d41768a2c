import { createVisitor } from '@/db/queries/visitors';
import type { SiteGuest } from '@/lib/auth';
import { enforceRateLimits } from '@/lib/chat/admission';
import type { Runtime } from '@/lib/chat/runtime';
import { env } from '@/lib/env';

/** A new anonymous visitor of the guest's site; new visitors per address are rate-limited. */
export async function newVisitor(rt: Runtime, guest: SiteGuest): Promise<{ token: string }> {
  if (guest.ip) {
    await enforceRateLimits(rt, [
      {
        key: `visitors:ip:${guest.ip}`,
        limit: env().RATE_LIMIT_NEW_VISITORS_PER_IP_PER_HOUR,
        windowMs: 3600_000,
      },
    ]);
  }
  const { token } = await createVisitor(rt.db, guest.site.id);
  return { token };
}
