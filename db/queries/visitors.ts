import { createHash, randomBytes } from 'node:crypto';
import { eq, getTableColumns } from 'drizzle-orm';
import type { Db } from '../client';
import { type Visitor, visitors, visitorTokens } from '../schema';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 256 random bits, base64url: only its hash is stored. */
export function newVisitorToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function createVisitor(db: Db, siteId: string): Promise<{ visitor: Visitor; token: string }> {
  const token = newVisitorToken();
  const [visitor] = await db
    .insert(visitors)
    .values({ siteId, tokenHash: hashToken(token) })
    .returning();
  return { visitor, token };
}

/** The visitor a token belongs to: an anonymous visitor's own, or one of an identified visitor's. */
export async function getVisitorByToken(db: Db, token: string): Promise<Visitor | undefined> {
  const hash = hashToken(token);
  const [visitor] = await db
    .select()
    .from(visitors)
    .where(eq(visitors.tokenHash, hash))
    .unionAll(
      db
        .select(getTableColumns(visitors))
        .from(visitorTokens)
        .innerJoin(visitors, eq(visitors.id, visitorTokens.visitorId))
        .where(eq(visitorTokens.tokenHash, hash)),
    )
    .limit(1);
  return visitor;
}
