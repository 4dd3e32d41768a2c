import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '@/db/client';
import { databaseKinds, freshDatabase } from '@/e2e/support/databases';
import { createConversation } from './conversations';
import { createSite, DEFAULT_SITE_ID, ensureDefaultSite, pruneRetention, updateSiteSettings } from './sites';
import { createVisitor } from './visitors';

const DAY = 86_400_000;

describe.each(databaseKinds)('retention on %s', (kind) => {
  let ctx: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    ctx = await freshDatabase(kind);
    await ensureDefaultSite(ctx.database.db);
  });
  afterAll(async () => ctx?.cleanup());

  /** A conversation of a new visitor of `siteId`, last changed `daysAgo` days before `now`. */
  async function conversationOf(siteId: string, now: Date, daysAgo: number): Promise<string> {
    const db = ctx.database.db;
    const { visitor } = await createVisitor(db, siteId);
    const conversation = await createConversation(db, { siteId, visitorId: visitor.id }, { title: 't' });
    const at = new Date(now.getTime() - daysAgo * DAY).toISOString();
    await selectRows(
      db,
      sql`update conversations set updated_at = ${at}::timestamptz where id = ${conversation.id}`,
    );
    return conversation.id;
  }
  const remaining = async (ids: string[]) =>
    (
      await selectRows<{ id: string }>(
        ctx.database.db,
        sql`select id from conversations where id = any(${`{${ids.join(',')}}`}::uuid[]) order by id`,
      )
    ).map((row) => row.id);

  it("deletes only the conversations idle longer than their own site's period; a site without one keeps all", async () => {
    const db = ctx.database.db;
    const now = new Date('2026-06-01T12:00:00Z');
    await createSite(db, { id: 'shop', name: 'Shop', settings: { retentionDays: 30 } });
    await updateSiteSettings(db, DEFAULT_SITE_ID, { set: { retentionDays: 7 }, reset: [] });
    await createSite(db, { id: 'keep', name: 'Keep', settings: {} });

    const shopOld = await conversationOf('shop', now, 31);
    const shopRecent = await conversationOf('shop', now, 29);
    const defaultOld = await conversationOf(DEFAULT_SITE_ID, now, 8);
    const defaultRecent = await conversationOf(DEFAULT_SITE_ID, now, 6);
    const keepAncient = await conversationOf('keep', now, 3000);

    expect(await pruneRetention(db, now)).toBe(2);
    const all = [shopOld, shopRecent, defaultOld, defaultRecent, keepAncient];
    expect(await remaining(all)).toEqual([shopRecent, defaultRecent, keepAncient].sort());

    // Reset to the environment (which keeps conversations): nothing more goes.
    await updateSiteSettings(db, DEFAULT_SITE_ID, { set: {}, reset: ['retentionDays'] });
    await conversationOf(DEFAULT_SITE_ID, now, 400);
    expect(await pruneRetention(db, now)).toBe(0);
  });
});
