import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { migrationsFolder, selectRows } from '@/db/client';
import { databaseKinds, freshDatabase } from '@/e2e/support/databases';
import { type ApiMessage, apiConversation } from '@/lib/contracts';
import { ConversationBusyError } from '../errors';
import { finishAnswer, interruptOwner, streamingOwners } from './answers';
import { createConversation, getConversation, listConversations } from './conversations';
import { hitRateLimits } from './rate-limits';
import { DEFAULT_SITE_ID, ensureDefaultSite, getSite, updateSiteSettings } from './sites';
import { conversationJson } from './transcript';
import { insertExchange } from './turns';
import { createVisitor, getVisitorByToken, hashToken } from './visitors';

describe.each(databaseKinds)('queries on %s', (kind) => {
  let ctx: Awaited<ReturnType<typeof freshDatabase>>;
  /** The messages of a conversation as the API returns them. */
  const listMessages = async (db: typeof ctx.database.db, conversationId: string): Promise<ApiMessage[]> => {
    const [row] = await selectRows<{ visitorId: string; siteId: string }>(
      db,
      sql`select visitor_id as "visitorId", site_id as "siteId" from conversations where id = ${conversationId}`,
    );
    return JSON.parse((await conversationJson(db, row, conversationId, { limit: 1000 })) ?? 'null').messages;
  };
  beforeAll(async () => {
    ctx = await freshDatabase(kind);
    await ensureDefaultSite(ctx.database.db);
  });
  afterAll(async () => ctx?.cleanup());

  it('applies migrations once; a second run changes nothing', async () => {
    await ctx.database.migrate();
    const list = await selectRows<{ n: number }>(
      ctx.database.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
    expect(list[0].n).toBe(journal.entries.length);
  });

  it('creates the default site once; a restart keeps what its owner set', async () => {
    expect((await getSite(ctx.database.db, DEFAULT_SITE_ID))?.settings).toEqual({});
    await updateSiteSettings(ctx.database.db, DEFAULT_SITE_ID, {
      set: { allowedOrigins: ['https://a.example'] },
      reset: [],
    });
    await ensureDefaultSite(ctx.database.db);
    const site = await getSite(ctx.database.db, DEFAULT_SITE_ID);
    expect(site?.settings).toEqual({ allowedOrigins: ['https://a.example'] });
    await updateSiteSettings(ctx.database.db, DEFAULT_SITE_ID, { set: {}, reset: ['allowedOrigins'] });
  });

  it('stores only a hash of the visitor token', async () => {
    const { visitor, token } = await createVisitor(ctx.database.db, DEFAULT_SITE_ID);
    expect(token.length).toBeGreaterThanOrEqual(22);
    expect(visitor.tokenHash).toBe(hashToken(token));
    expect(visitor.tokenHash).not.toContain(token);
    expect((await getVisitorByToken(ctx.database.db, token))?.id).toBe(visitor.id);
    expect(await getVisitorByToken(ctx.database.db, `${token}x`)).toBeUndefined();
  });

  it('keeps one streaming answer per conversation and stores nothing for a refused one', async () => {
    const db = ctx.database.db;
    const { visitor } = await createVisitor(db, DEFAULT_SITE_ID);
    const own = { siteId: DEFAULT_SITE_ID, visitorId: visitor.id };
    const conversation = await createConversation(db, own, { title: 't' });
    const first = { userMessageId: crypto.randomUUID(), assistantMessageId: crypto.randomUUID() };
    await insertExchange(db, own, {
      conversationId: conversation.id,
      ...first,
      content: 'hi',
      owner: 'a',
      model: 'm',
    });
    await expect(
      insertExchange(db, own, {
        conversationId: conversation.id,
        userMessageId: crypto.randomUUID(),
        assistantMessageId: crypto.randomUUID(),
        content: 'again',
        owner: 'a',
        model: 'm',
      }),
    ).rejects.toBeInstanceOf(ConversationBusyError);
    expect((await listMessages(db, conversation.id)).map((m) => m.content)).toEqual(['hi', '']);

    await finishAnswer(db, first.assistantMessageId, { status: 'complete', content: 'hello', model: 'm' });
    await insertExchange(db, own, {
      conversationId: conversation.id,
      userMessageId: crypto.randomUUID(),
      assistantMessageId: crypto.randomUUID(),
      content: 'next',
      owner: 'a',
      model: 'm',
    });
    const messages = await listMessages(db, conversation.id);
    expect(messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'hi', 'complete'],
      ['assistant', 'hello', 'complete'],
      ['user', 'next', 'complete'],
      ['assistant', '', 'streaming'],
    ]);
  });

  it('writes and reads a conversation only inside its visitor’s scope', async () => {
    const db = ctx.database.db;
    const { visitor } = await createVisitor(db, DEFAULT_SITE_ID);
    const stranger = (await createVisitor(db, DEFAULT_SITE_ID)).visitor;
    const own = { siteId: DEFAULT_SITE_ID, visitorId: visitor.id };
    const conversation = await createConversation(db, own, { title: 'mine' });
    const intruder = { siteId: DEFAULT_SITE_ID, visitorId: stranger.id };
    const stored = await insertExchange(db, intruder, {
      conversationId: conversation.id,
      userMessageId: crypto.randomUUID(),
      assistantMessageId: crypto.randomUUID(),
      content: 'not yours',
      owner: 'a',
      model: 'm',
    });
    expect(stored).toBeNull();
    expect(await listMessages(db, conversation.id)).toEqual([]);
    expect(await getConversation(db, intruder, conversation.id)).toBeUndefined();
    expect(
      await getConversation(db, { siteId: 'another-site', visitorId: visitor.id }, conversation.id),
    ).toBeUndefined();
    expect((await getConversation(db, own, conversation.id))?.title).toBe('mine');
  });

  it('reads a conversation as the API’s JSON, in order, only for its visitor', async () => {
    const db = ctx.database.db;
    const { visitor } = await createVisitor(db, DEFAULT_SITE_ID);
    const other = (await createVisitor(db, DEFAULT_SITE_ID)).visitor;
    const own = { siteId: DEFAULT_SITE_ID, visitorId: visitor.id };
    const conversation = await createConversation(db, own, { title: 'Ünïcode "quotes" \\ and a\nline' });
    expect(JSON.parse((await conversationJson(db, own, conversation.id, { limit: 1000 })) ?? '')).toEqual({
      id: conversation.id,
      title: 'Ünïcode "quotes" \\ and a\nline',
      createdAt: conversation.createdAt.toISOString(),
      updatedAt: conversation.updatedAt.toISOString(),
      messages: [],
      older: null,
    });
    const ids = { userMessageId: crypto.randomUUID(), assistantMessageId: crypto.randomUUID() };
    await insertExchange(db, own, {
      conversationId: conversation.id,
      ...ids,
      content: '<b>😀</b>',
      owner: 'a',
      model: 'm',
    });
    // The text the database builds is the API's contract, parsed as the browser parses it.
    const body = z.parse(
      apiConversation,
      JSON.parse((await conversationJson(db, own, conversation.id, { limit: 1000 })) ?? ''),
    );
    expect(body.messages).toEqual([
      expect.objectContaining({
        id: ids.userMessageId,
        role: 'user',
        content: '<b>😀</b>',
        status: 'complete',
        model: null,
        errorCode: null,
        replyTo: null,
      }),
      expect.objectContaining({
        id: ids.assistantMessageId,
        role: 'assistant',
        content: '',
        status: 'streaming',
        model: 'm',
        replyTo: ids.userMessageId,
      }),
    ]);
    for (const m of body.messages) expect(new Date(m.createdAt).toISOString()).toBe(m.createdAt);
    expect(
      await conversationJson(db, { siteId: DEFAULT_SITE_ID, visitorId: other.id }, conversation.id, {
        limit: 1000,
      }),
    ).toBeUndefined();
    expect(await conversationJson(db, own, crypto.randomUUID(), { limit: 1000 })).toBeUndefined();
  });

  it('pages a conversation from the newest messages back, with a cursor for the older ones', async () => {
    const db = ctx.database.db;
    const { visitor } = await createVisitor(db, DEFAULT_SITE_ID);
    const own = { siteId: DEFAULT_SITE_ID, visitorId: visitor.id };
    const conversation = await createConversation(db, own, { title: 'long' });
    for (const n of [1, 2, 3, 4]) {
      const ids = { userMessageId: crypto.randomUUID(), assistantMessageId: crypto.randomUUID() };
      await insertExchange(db, own, {
        conversationId: conversation.id,
        ...ids,
        content: `q${n}`,
        owner: 'a',
        model: 'm',
      });
      await finishAnswer(db, ids.assistantMessageId, { status: 'complete', content: `a${n}` });
    }
    const page = async (before?: string) =>
      z.parse(
        apiConversation,
        JSON.parse((await conversationJson(db, own, conversation.id, { limit: 3, before })) ?? ''),
      );
    const newest = await page();
    expect(newest.messages.map((m) => m.content)).toEqual(['a3', 'q4', 'a4']);
    expect(newest.older).toBe(newest.messages[0].id);
    const middle = await page(newest.older ?? undefined);
    expect(middle.messages.map((m) => m.content)).toEqual(['q2', 'a2', 'q3']);
    const first = await page(middle.older ?? undefined);
    expect(first.messages.map((m) => m.content)).toEqual(['q1', 'a1']);
    expect(first.older).toBeNull();
    // A cursor from another visitor's view of nothing: an empty page, never someone else's messages.
    const stranger = {
      siteId: DEFAULT_SITE_ID,
      visitorId: (await createVisitor(db, DEFAULT_SITE_ID)).visitor.id,
    };
    expect(
      await conversationJson(db, stranger, conversation.id, { limit: 3, before: newest.older ?? undefined }),
    ).toBeUndefined();
  });

  it('marks the answers of a gone instance as interrupted', async () => {
    const db = ctx.database.db;
    const { visitor } = await createVisitor(db, DEFAULT_SITE_ID);
    const own = { siteId: DEFAULT_SITE_ID, visitorId: visitor.id };
    const conversation = await createConversation(db, own, { title: 't' });
    const ids = { userMessageId: crypto.randomUUID(), assistantMessageId: crypto.randomUUID() };
    await insertExchange(db, own, {
      conversationId: conversation.id,
      ...ids,
      content: 'q',
      owner: 'gone',
      model: 'm',
    });
    expect(await streamingOwners(db)).toContain('gone');
    expect(await ctx.database.isInstanceAlive('gone')).toBe(false);
    expect(await interruptOwner(db, 'gone')).toBe(1);
    const answer = (await listMessages(db, conversation.id)).at(-1);
    expect(answer).toMatchObject({ status: 'error', errorCode: 'interrupted' });
  });

  it('lists only the visitor’s own conversations, newest first', async () => {
    const db = ctx.database.db;
    const a = (await createVisitor(db, DEFAULT_SITE_ID)).visitor;
    const b = (await createVisitor(db, DEFAULT_SITE_ID)).visitor;
    const first = await createConversation(
      db,
      { siteId: DEFAULT_SITE_ID, visitorId: a.id },
      { title: 'one' },
    );
    const second = await createConversation(
      db,
      { siteId: DEFAULT_SITE_ID, visitorId: a.id },
      { title: 'two' },
    );
    await createConversation(db, { siteId: DEFAULT_SITE_ID, visitorId: b.id }, { title: 'other' });
    // Later activity in the second one, without waiting for the clock to move.
    await db.execute(
      sql`update conversations set updated_at = updated_at + interval '1 second' where id = ${second.id}`,
    );
    expect(
      (await listConversations(db, { siteId: DEFAULT_SITE_ID, visitorId: a.id })).map((c) => c.id),
    ).toEqual([second.id, first.id]);
    expect(await getConversation(db, { siteId: DEFAULT_SITE_ID, visitorId: b.id }, first.id)).toBeUndefined();
  });

  it('counts rate limits in the database and says when to retry', async () => {
    const db = ctx.database.db;
    const rule = { key: `test:${crypto.randomUUID()}`, limit: 2, windowMs: 60_000 };
    const first = 1_700_000_040_000;
    const now = first + 10_000; // 10 s into the window that the first hit opened
    expect((await hitRateLimits(db, [rule], first)).ok).toBe(true);
    expect((await hitRateLimits(db, [rule], now)).ok).toBe(true);
    const third = await hitRateLimits(db, [rule], now);
    expect(third).toMatchObject({ ok: false, key: rule.key });
    expect(third.ok ? 0 : third.retryAfterSeconds).toBe(50);
    expect((await hitRateLimits(db, [rule], first + 60_000)).ok).toBe(true);
    expect((await hitRateLimits(db, [rule], first + 60_000)).ok).toBe(true);
    expect((await hitRateLimits(db, [rule], first + 60_000)).ok).toBe(false);
  });
});

describe('instance liveness on PostgreSQL', () => {
  it('judges a gone instance gone under concurrent checks, and leaves no lock behind', async () => {
    const ctx = await freshDatabase('postgres');
    try {
      const gone = crypto.randomUUID();
      // Checks running at once land on several pooled connections.
      const verdicts = await Promise.all(
        Array.from({ length: 24 }, () => ctx.database.isInstanceAlive(gone)),
      );
      expect(verdicts).toEqual(Array(24).fill(false));
      const held = await selectRows<{ n: number }>(
        ctx.database.db,
        sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and pid <> pg_backend_pid()
          and objid::bigint = (hashtext(${gone})::bigint & 4294967295)`,
      );
      expect(held[0].n).toBe(0);
      expect(await ctx.database.isInstanceAlive(gone)).toBe(false);
    } finally {
      await ctx.cleanup();
    }
  });

  it('sees another instance alive while it runs and gone once it closes', async () => {
    const ctx = await freshDatabase('postgres');
    const { openPostgres } = await import('@/db/client');
    const other = await openPostgres(ctx.url as string);
    try {
      expect(await ctx.database.isInstanceAlive(other.instanceId)).toBe(true);
      await other.close();
      expect(await ctx.database.isInstanceAlive(other.instanceId)).toBe(false);
    } finally {
      await ctx.cleanup();
    }
  });
});
