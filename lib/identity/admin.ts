import type { Database } from '@/db/client';
import { liveIdentitySecrets, rotateIdentitySecret } from '@/db/queries/identity';
import type { IdentityAnswer } from '@/lib/contracts/admin';
import { env } from '@/lib/env';
import { oneSite } from '@/lib/sites/admin';
import { DEFAULT_SITE_ID } from '@/lib/sites/settings';
import { newIdentitySecret } from './signature';

/** A site's identity as its owners see it: whether it is required, and the secrets that verify. */
export async function siteIdentity(database: Database, siteId: string, now: number): Promise<IdentityAnswer> {
  const site = await oneSite(database, siteId);
  const secrets = await liveIdentitySecrets(database.db, siteId, new Date(now));
  return {
    required: site.settings.identityRequired,
    environmentSecret: siteId === DEFAULT_SITE_ID && env().IDENTITY_SECRET !== undefined,
    secrets: secrets
      .map((s) => ({
        id: s.id,
        secret: s.secret,
        createdAt: s.createdAt.toISOString(),
        expiresAt: s.expiresAt?.toISOString() ?? null,
      }))
      // The current secret first, then the ones in their grace period, the longest-lived first.
      .sort((a, b) => (b.expiresAt ?? '9').localeCompare(a.expiresAt ?? '9')),
  };
}

/**
 * A new secret for the site (the first, or a rotation): signatures made with the ones in use until
 * now keep verifying for `graceHours` (0 ends them at once, for a secret that leaked).
 */
export async function rotateSiteSecret(
  database: Database,
  siteId: string,
  graceHours: number,
  now: number,
): Promise<IdentityAnswer> {
  await oneSite(database, siteId);
  await rotateIdentitySecret(database.db, siteId, newIdentitySecret(), new Date(now + graceHours * 3600_000));
  return siteIdentity(database, siteId, now);
}
