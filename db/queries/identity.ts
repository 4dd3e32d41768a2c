import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { conversations, identitySecrets, visitors, visitorTokens } from '../schema';
import { hashToken, newVisitorToken } from './visitors';

export type IdentitySecret = typeof identitySecrets.$inferSelect;

/** A site's secrets that still verify a signature at `now`: the current one and those in their grace. */
export async function liveIdentitySecrets(db: Db, siteId: string, now: Date): Promise<IdentitySecret[]> {
  return db
    .select()
    .from(identitySecrets)
    .where(
      and(
        eq(identitySecrets.siteId, siteId),
        or(isNull(identitySecrets.expiresAt), gt(identitySecrets.expiresAt, now)),
      ),
    )
    .orderBy(asc(identitySecrets.createdAt));
}

/**
 * A new current secret for the site; the ones in use until now keep working until `graceEnds`
 * (those already ending sooner keep their end). One statement: no moment without a current secret.
 */
export async function rotateIdentitySecret(
  db: Db,
  siteId: string,
  secret: string,
  graceEnds: Date,
): Promise<void> {
  await db.execute(sql`
    with ended as (
      update ${identitySecrets} set expires_at = ${graceEnds.toISOString()}::timestamptz
      where site_id = ${siteId} and (expires_at is null or expires_at > ${graceEnds.toISOString()}::timestamptz)
      returning id
    )
    insert into ${identitySecrets} (site_id, secret) values (${siteId}, ${secret})`);
}

export type IdentifiedUser = { id: string; name?: string | null; email?: string | null };

/**
 * The site's visitor with this user id (created on first sight; name and email kept up to date)
 * and a new token for this browser. With `anonymousId`, that anonymous visitor's conversations on
 * the same site become the identified visitor's: a visitor who signs in mid-chat keeps it. One
 * statement, so that a fault leaves either all of it or nothing.
 */
export async function identifyVisitor(
  db: Db,
  siteId: string,
  user: IdentifiedUser,
  anonymousId: string | null,
): Promise<{ visitorId: string; token: string }> {
  const token = newVisitorToken();
  // The row's own token column holds the hash of a secret no one has: only visitor_tokens admit.
  const unusable = hashToken(newVisitorToken());
  const moved = anonymousId
    ? sql`, moved as (
        update ${conversations} set visitor_id = (select id from v)
        where site_id = ${siteId} and visitor_id = (
          select a.id from ${visitors} a
          where a.id = ${anonymousId}::uuid and a.site_id = ${siteId} and a.external_id is null)
        returning 1)`
    : sql``;
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`
    with v as (
      insert into ${visitors} (site_id, token_hash, external_id, name, email)
      values (${siteId}, ${unusable}, ${user.id}, ${user.name ?? null}, ${user.email ?? null})
      on conflict (site_id, external_id) do update set
        name = coalesce(excluded.name, ${visitors.name}),
        email = coalesce(excluded.email, ${visitors.email}),
        last_seen_at = now()
      returning id
    ), t as (
      insert into ${visitorTokens} (token_hash, visitor_id) select ${hashToken(token)}, id from v
      returning visitor_id
    )${moved}
    select id::text as id from v`,
  );
  return { visitorId: row.id, token };
}

/** Forgets one browser's token of an identified visitor (logout, Parley('reset')). */
export async function revokeVisitorToken(db: Db, token: string): Promise<void> {
  await db.delete(visitorTokens).where(eq(visitorTokens.tokenHash, hashToken(token)));
}
