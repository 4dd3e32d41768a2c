import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { selectRows } from '@/db/client';
import { DEFAULT_SITE_ID, ensureDefaultSite, getSite } from '@/db/queries/sites';
import { createVisitor } from '@/db/queries/visitors';
import { freshDatabase } from '@/e2e/support/databases';
import { type FakeUpstream, startFakeUpstream } from '@/e2e/support/upstream';
import type { VisitorPrincipal } from '@/lib/auth';
import { configureEnv, env } from '@/lib/env';
import { siteConfig } from '@/lib/sites/settings';
import type { Exchange } from './answer';
import { retryAnswer } from './retry';
import { Runtime } from './runtime';
import { sendMessage } from './send';

/*
 * A message in a conversation that this instance answered last is sent to the model from the
 * history held in memory (lib/chat/recent.ts). What a visitor can tell: the model is always sent
 * the conversation as the database holds it, whoever wrote to it since.
 */

let upstream: FakeUpstream;
let ctx: Awaited<ReturnType<typeof freshDatabase>>;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  configureEnv({
    OPENAI_API_KEY: 'sk-unit-test-secret-000222',
    OPENAI_BASE_URL: upstream.url,
    CHAT_MODEL: 'model-a',
    RATE_LIMIT_VISITOR_PER_MINUTE: '0',
    RATE_LIMIT_IP_PER_MINUTE: '0',
  });
  ctx = await freshDatabase('pglite');
  await ensureDefaultSite(ctx.database.db);
});
afterAll(async () => {
  await upstream?.close();
  await ctx?.cleanup();
});

async function visitor(): Promise<VisitorPrincipal> {
  const db = ctx.database.db;
  const row = await getSite(db, DEFAULT_SITE_ID);
  if (!row) throw new Error('no default site');
  const site = siteConfig(row, env());
  const { visitor } = await createVisitor(db, DEFAULT_SITE_ID);
  return { kind: 'visitor', visitor, site, scope: { siteId: site.id, visitorId: visitor.id }, ip: null };
}

/** Sends, waits for the answer's end, returns the exchange and what the model was sent for it. */
async function send(rt: Runtime, who: VisitorPrincipal, content: string, conversationId?: string) {
  const exchange = await sendMessage(rt, who, { conversationId, messageId: crypto.randomUUID(), content });
  await ended(exchange);
  const request = upstream.requests.at(-1);
  const messages = (request?.messages ?? []) as { role: string; content: string }[];
  const sent = messages.filter((m) => m.role !== 'system');
  return { exchange, sent, conversationId: exchange.start.conversationId };
}

function ended(exchange: Exchange): Promise<void> {
  return new Promise((resolve) => {
    const off = exchange.feed.subscribe((event) => {
      if (event.type !== 'delta') {
        off();
        resolve();
      }
    });
  });
}

describe('the next message of a conversation', () => {
  it('is sent with the whole history, from memory when this instance answered last', async () => {
    const rt = new Runtime(ctx.database);
    const who = await visitor();
    const first = await send(rt, who, 'one');
    expect(rt.recent.get(who.scope, first.conversationId)).toBeDefined();
    const second = await send(rt, who, 'two', first.conversationId);
    expect(second.sent).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'Echo: one' },
      { role: 'user', content: 'two' },
    ]);
    // Another visitor's message in this conversation is refused, held history or not.
    const stranger = await visitor();
    await expect(
      sendMessage(rt, stranger, {
        conversationId: first.conversationId,
        messageId: crypto.randomUUID(),
        content: 'x',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('is sent with what another instance wrote since, not with a stale held history', async () => {
    const a = new Runtime(ctx.database);
    const b = new Runtime(ctx.database);
    const who = await visitor();
    const { conversationId } = await send(a, who, 'one');
    await send(b, who, 'two', conversationId);
    // a still holds the history as it was after 'one'; the database has moved on.
    expect(a.recent.get(who.scope, conversationId)).toBeDefined();
    const third = await send(a, who, '[[ttft 200]] three', conversationId);
    expect(third.sent.map((m) => m.content)).toEqual([
      'one',
      'Echo: one',
      'two',
      'Echo: two',
      '[[ttft 200]] three',
    ]);
    // The model request made from the stale history was cancelled, not answered.
    const stale = upstream.requests.at(-2);
    expect(JSON.stringify(stale?.messages)).not.toContain('two');
    await vi.waitFor(() => expect(stale?.closedByClient).toBe(true));
    const fourth = await send(a, who, 'four', conversationId);
    expect(fourth.sent.map((m) => m.content)).toEqual([
      'one',
      'Echo: one',
      'two',
      'Echo: two',
      '[[ttft 200]] three',
      'Echo: three',
      'four',
    ]);
  });

  it('is sent with the retried answer when the Retry ran on another instance', async () => {
    const a = new Runtime(ctx.database);
    const b = new Runtime(ctx.database);
    const who = await visitor();
    const question = '[[words 30]] [[gap 20]] one';
    const exchange = await sendMessage(a, who, { messageId: crypto.randomUUID(), content: question });
    const { conversationId, assistantMessageId } = exchange.start;
    // Stopped after its first words: a holds the partial answer.
    await new Promise<void>((resolve) => {
      const off = exchange.feed.subscribe(() => {
        off();
        a.runs.get(assistantMessageId)?.stop();
        resolve();
      });
    });
    await ended(exchange);
    const partial = exchange.feed.snapshot();
    expect(partial.split(' ').length).toBeLessThan(30);
    const retried = await retryAnswer(b, who, { conversationId, messageId: assistantMessageId });
    await ended(retried);
    const full = retried.feed.snapshot();
    expect(full.split(' ')).toHaveLength(30);
    const next = await send(a, who, 'two', conversationId);
    expect(next.sent.map((m) => m.content)).toEqual([question, full, 'two']);
  });
});

describe('rate limits on the next message', () => {
  /** A visitor of a site that allows `limit` answers a minute. */
  async function limited(limit: number): Promise<VisitorPrincipal> {
    const who = await visitor();
    const settings = { ...who.site.settings, rateLimitVisitorPerMinute: limit };
    return { ...who, site: { ...who.site, settings } };
  }
  const storedCount = async (conversationId: string) =>
    (
      await selectRows<{ n: number }>(
        ctx.database.db,
        sql`select count(*)::int as n from chat_messages where conversation_id = ${conversationId}`,
      )
    )[0].n;

  it('far below the limit, are counted while the model is called; a refusal cancels it and stores nothing', async () => {
    const rt = new Runtime(ctx.database);
    const who = await limited(4);
    const first = await send(rt, who, 'one');
    // Another instance has used this visitor's minute up since.
    await selectRows(
      ctx.database.db,
      sql`update rate_limits set count = 4 where key = ${`chat:visitor:${who.visitor.id}`}`,
    );
    const before = upstream.requests.length;
    const refused = sendMessage(rt, who, {
      conversationId: first.conversationId,
      messageId: crypto.randomUUID(),
      content: '[[gap 50]] two',
    });
    await expect(refused).rejects.toMatchObject({ code: 'rate_limited' });
    // The model had been asked (the visitor did not wait for the count), and was cancelled: either
    // the request reached the upstream and was closed, or the refusal came before its bytes left
    // (which way depends on the machine's load; both leave no answer behind).
    const asked = upstream.requests.length - before;
    expect([0, 1]).toContain(asked);
    if (asked === 1) await vi.waitFor(() => expect(upstream.requests.at(-1)?.closedByClient).toBe(true));
    expect(await storedCount(first.conversationId)).toBe(2);

    // Refused once, the visitor's next message waits for the count, and the model is not asked.
    const again = sendMessage(rt, who, {
      conversationId: first.conversationId,
      messageId: crypto.randomUUID(),
      content: 'three',
    });
    await expect(again).rejects.toMatchObject({ code: 'rate_limited' });
    expect(upstream.requests.length).toBe(before + 1);
    expect(await storedCount(first.conversationId)).toBe(2);
  });

  it('near the limit, are counted before the model is called', async () => {
    const rt = new Runtime(ctx.database);
    const who = await limited(2);
    const first = await send(rt, who, 'one');
    const second = await send(rt, who, 'two', first.conversationId);
    expect(second.sent.map((m) => m.content)).toEqual(['one', 'Echo: one', 'two']);
    const before = upstream.requests.length;
    const third = sendMessage(rt, who, {
      conversationId: first.conversationId,
      messageId: crypto.randomUUID(),
      content: 'three',
    });
    await expect(third).rejects.toMatchObject({ code: 'rate_limited' });
    expect(upstream.requests.length).toBe(before);
    expect(await storedCount(first.conversationId)).toBe(4);
  });
});
