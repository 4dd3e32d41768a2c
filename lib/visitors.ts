import { identifyVisitor, liveIdentitySecrets } from '@/db/queries/identity';
import { createVisitor, getVisitorByToken } from '@/db/queries/visitors';
import { sha256 } from '@/lib/admin/secrets';
import type { SiteGuest } from '@/lib/auth';
import { bearerToken } from '@/lib/auth/request';
import { enforceRateLimits } from '@/lib/chat/admission';
import type { Runtime } from '@/lib/chat/runtime';
import type { IdentifiedUserInput } from '@/lib/contracts';
import { env } from '@/lib/env';
import { ParleyError } from '@/lib/errors';
import { signedBy } from '@/lib/identity/signature';
import { DEFAULT_SITE_ID } from '@/lib/sites/settings';

/**
 * Attempts to prove an identity, whatever their outcome, per address and per user id of a site:
 * a browser signs in once, not on every page, so these leave room for people and none for a
 * guesser (2^256 hashes in any case; the limit keeps the database out of it).
 */
const IDENTITY_ATTEMPTS = { perIp: 30, perUser: 10, windowMs: 10 * 60_000 } as const;

/**
 * A new visitor of the guest's site: anonymous, or, with `user`, the visitor the host site signed
 * in (every browser of theirs gets its own token to the same conversations). New visitors per
 * address are rate-limited; a site that requires identity refuses anonymous ones.
 */
export async function newVisitor(
  rt: Runtime,
  guest: SiteGuest,
  request: Request,
  user?: IdentifiedUserInput,
): Promise<{ token: string }> {
  if (user) return identifiedVisitor(rt, guest, request, user);
  if (guest.site.settings.identityRequired) throw new ParleyError('identity_required');
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

/** The secrets that verify a site's signatures now: its own, and IDENTITY_SECRET for `default`. */
async function siteSecrets(rt: Runtime, siteId: string): Promise<string[]> {
  const own = await liveIdentitySecrets(rt.db, siteId, new Date(rt.now()));
  const fromEnv = siteId === DEFAULT_SITE_ID ? env().IDENTITY_SECRET : undefined;
  return [...own.map((s) => s.secret), ...(fromEnv ? [fromEnv] : [])];
}

async function identifiedVisitor(
  rt: Runtime,
  guest: SiteGuest,
  request: Request,
  user: IdentifiedUserInput,
): Promise<{ token: string }> {
  const siteId = guest.site.id;
  await enforceRateLimits(rt, [
    ...(guest.ip
      ? [
          {
            key: `identity:ip:${guest.ip}`,
            limit: IDENTITY_ATTEMPTS.perIp,
            windowMs: IDENTITY_ATTEMPTS.windowMs,
          },
        ]
      : []),
    {
      key: `identity:user:${siteId}:${sha256(user.id).slice(0, 32)}`,
      limit: IDENTITY_ATTEMPTS.perUser,
      windowMs: IDENTITY_ATTEMPTS.windowMs,
    },
  ]);
  const secrets = await siteSecrets(rt, siteId);
  if (secrets.length === 0) {
    throw new ParleyError(
      'invalid_identity',
      'This site has no identity secret yet: create one in the console (IDENTITY_SECRET for the default site).',
    );
  }
  if (!signedBy(user.id, user.hash, secrets)) throw new ParleyError('invalid_identity');
  // The anonymous visitor this browser was until now (its token, if it sends one): their
  // conversations on this site come along.
  const token = bearerToken(request);
  const before = token ? await getVisitorByToken(rt.db, token) : undefined;
  const anonymousId = before && before.siteId === siteId && before.externalId === null ? before.id : null;
  const identified = await identifyVisitor(
    rt.db,
    siteId,
    { id: user.id, name: user.name ?? null, email: user.email ?? null },
    anonymousId,
  );
  return { token: identified.token };
}
