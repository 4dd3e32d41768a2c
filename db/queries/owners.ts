import { and, asc, count, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { apiTokens, type Owner, ownerSessions, owners, setupCodes } from '../schema';

/*
 * Owners, their console sessions, admin API tokens and the one-time setup codes. Secrets arrive
 * here already hashed (lib/admin): this layer never sees a password or a token in clear.
 */

export type PublicOwner = Pick<Owner, 'id' | 'email' | 'createdAt'>;
const publicOwner = { id: owners.id, email: owners.email, createdAt: owners.createdAt };

export async function countOwners(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(owners);
  return row?.n ?? 0;
}

export async function findOwnerByEmail(db: Db, email: string): Promise<Owner | undefined> {
  const [row] = await db.select().from(owners).where(eq(owners.email, email)).limit(1);
  return row;
}

export async function listOwners(db: Db): Promise<PublicOwner[]> {
  return db.select(publicOwner).from(owners).orderBy(asc(owners.createdAt), asc(owners.id));
}

/** A new owner; undefined when the email is taken. */
export async function createOwner(
  db: Db,
  input: { email: string; passwordHash: string },
): Promise<PublicOwner | undefined> {
  const [row] = await db.insert(owners).values(input).onConflictDoNothing().returning(publicOwner);
  return row;
}

/** Creates the owner or resets their password; their sessions end when the password changes. */
export async function upsertOwner(
  db: Db,
  input: { email: string; passwordHash: string },
): Promise<PublicOwner> {
  const [row] = await db
    .insert(owners)
    .values(input)
    .onConflictDoUpdate({
      target: owners.email,
      set: { passwordHash: input.passwordHash, updatedAt: sql`now()` },
    })
    .returning(publicOwner);
  return row;
}

/** The first owner, only while there is none (two concurrent setups cannot both succeed). */
export async function createFirstOwner(
  db: Db,
  input: { email: string; passwordHash: string },
): Promise<PublicOwner | undefined> {
  const [row] = await selectRows<{ id: string; email: string; created_at: string }>(
    db,
    sql`
    insert into ${owners} (email, password_hash)
    select ${input.email}, ${input.passwordHash}
    where not exists (select 1 from ${owners})
    on conflict do nothing
    returning id, email, created_at::text as created_at`,
  );
  return row ? { id: row.id, email: row.email, createdAt: new Date(row.created_at) } : undefined;
}

/** Removes an owner unless they are the last one; false when nothing was removed. */
export async function deleteOwner(db: Db, id: string): Promise<'deleted' | 'last' | 'not_found'> {
  const deleted = await selectRows<{ id: string }>(
    db,
    sql`
    delete from ${owners} where ${owners.id} = ${id}::uuid and (select count(*) from ${owners}) > 1
    returning id`,
  );
  if (deleted.length > 0) return 'deleted';
  const [still] = await db.select({ id: owners.id }).from(owners).where(eq(owners.id, id)).limit(1);
  return still ? 'last' : 'not_found';
}

// Sessions

export async function createSession(
  db: Db,
  input: { tokenHash: string; ownerId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.insert(ownerSessions).values(input);
}

/** A live session with its owner; undefined when unknown or expired. */
export async function findSession(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({ session: ownerSessions, owner: publicOwner })
    .from(ownerSessions)
    .innerJoin(owners, eq(owners.id, ownerSessions.ownerId))
    .where(and(eq(ownerSessions.tokenHash, tokenHash), gt(ownerSessions.expiresAt, now)))
    .limit(1);
  return row;
}

export async function touchSession(db: Db, tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
  await db
    .update(ownerSessions)
    .set({ lastSeenAt: now, expiresAt })
    .where(eq(ownerSessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(ownerSessions).where(eq(ownerSessions.tokenHash, tokenHash));
}

export async function deleteOwnerSessions(db: Db, ownerId: string): Promise<void> {
  await db.delete(ownerSessions).where(eq(ownerSessions.ownerId, ownerId));
}

export async function pruneSessions(db: Db, now: Date): Promise<void> {
  await db.delete(ownerSessions).where(lt(ownerSessions.expiresAt, now));
  await db.delete(setupCodes).where(lt(setupCodes.expiresAt, now));
}

// Admin API tokens

const publicToken = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
  createdBy: apiTokens.createdBy,
};
export type PublicApiToken = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: string | null;
};

export async function createApiToken(
  db: Db,
  input: { name: string; tokenHash: string; prefix: string; createdBy: string | null },
): Promise<PublicApiToken> {
  const [row] = await db.insert(apiTokens).values(input).returning(publicToken);
  return row;
}

export async function listApiTokens(db: Db): Promise<PublicApiToken[]> {
  return db.select(publicToken).from(apiTokens).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** A token that is not revoked, by its hash; its last use is recorded at most once a minute. */
export async function findLiveApiToken(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<PublicApiToken | undefined> {
  const [row] = await db
    .select(publicToken)
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (row && (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return row;
}

export async function revokeApiToken(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

// Setup codes

export async function addSetupCode(db: Db, codeHash: string, expiresAt: Date): Promise<void> {
  await db.insert(setupCodes).values({ codeHash, expiresAt }).onConflictDoNothing();
}

export async function setupCodeValid(db: Db, codeHash: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ codeHash: setupCodes.codeHash })
    .from(setupCodes)
    .where(and(eq(setupCodes.codeHash, codeHash), gt(setupCodes.expiresAt, now)))
    .limit(1);
  return Boolean(row);
}

export async function clearSetupCodes(db: Db): Promise<void> {
  await db.delete(setupCodes);
}
