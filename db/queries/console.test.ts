import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, freshDatabase } from '@/e2e/support/databases';
import { finishAnswer } from './answers';
import { exportMessages, listConversations } from './console';
import { searchQuery } from './console-search';
import { consoleTranscript, deleteConversation } from './console-transcript';
import { setFeedback } from './feedback';
import { DEFAULT_SITE_ID, ensureDefaultSite } from './sites';
import { dailyStats } from './stats';
import { insertExchange } from './turns';
import { createVisitor } from './visitors';

describe('a console search', () => {
  it('asks for every word as a prefix, and for Chinese and Japanese as written', () => {
    expect(searchQuery('Shipping  to Morocco?')).toEqual({
      conversation: "'shipping':* & 'to':* & 'morocco':*",
      phrase: null,
    });
    // A conversation's words have no positions: there a phrase is its characters in any order, and
    // one message must have them in order.
    expect(searchQuery('返品できますか')).toEqual({
      conversation: "('返' & '品' & 'で' & 'き' & 'ま' & 'す' & 'か')",
      phrase: "('返' <-> '品' <-> 'で' <-> 'き' <-> 'ま' <-> 'す' <-> 'か')",
    });
    expect(searchQuery("l'été")?.conversation).toBe("'l':* & 'été':*");
    expect(searchQuery('& | ! ( ) :*')).toBeNull();
  });
});

describe.each(databaseKinds)('the console’s queries on %s', (kind) => {
  let ctx: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    ctx = await freshDatabase(kind);
    await ensureDefaultSite(ctx.database.db);
  });
  afterAll(async () => ctx?.cleanup());

  /** A conversation of one visitor with these exchanges, each answer ended as given. */
  async function conversation(
    exchanges: Array<{ q: string; a: string; status?: 'complete' | 'stopped' | 'error'; code?: string }>,
  ) {
    const db = ctx.database.db;
    const { visitor } = await createVisitor(db, DEFAULT_SITE_ID);
    const scope = { siteId: DEFAULT_SITE_ID, visitorId: visitor.id };
    const conversationId = crypto.randomUUID();
    const answers: string[] = [];
    for (const [i, e] of exchanges.entries()) {
      const ids = { userMessageId: crypto.randomUUID(), assistantMessageId: crypto.randomUUID() };
      await insertExchange(db, scope, {
        conversationId,
        ...ids,
        newConversation: i === 0 ? { title: e.q, locale: 'en' } : undefined,
        content: e.q,
        owner: 'me',
        model: 'm',
      });
      await finishAnswer(db, ids.assistantMessageId, {
        status: e.status ?? 'complete',
        content: e.a,
        model: 'm',
        errorCode: e.code ?? null,
        usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
        ttftMs: 100 + i,
      });
      answers.push(ids.assistantMessageId);
    }
    return { scope, conversationId, answers };
  }

  it('finds conversations by words in any language, by filter, a page at a time', async () => {
    const db = ctx.database.db;
    const shipping = await conversation([{ q: 'Do you ship to Morocco?', a: 'Yes, shipping takes a week.' }]);
    const returns = await conversation([
      { q: '返品できますか？', a: 'はい、30日以内なら返品できます。' },
      { q: 'ありがとう', a: '', status: 'error', code: 'upstream_error' },
    ]);
    const arabic = await conversation([{ q: 'هل تشحنون إلى المغرب؟', a: 'نعم', status: 'stopped' }]);
    const ids = async (filter: Parameters<typeof listConversations>[1]) =>
      (await listConversations(db, filter, { limit: 50 })).conversations.map((c) => c.id);

    expect(await ids({ q: 'morocc' })).toEqual([shipping.conversationId]);
    expect(await ids({ q: 'SHIPPING week' })).toEqual([shipping.conversationId]);
    expect(await ids({ q: '返品' })).toEqual([returns.conversationId]);
    expect(await ids({ q: '品返' })).toEqual([]);
    expect(await ids({ q: 'المغرب' })).toEqual([arabic.conversationId]);
    expect(await ids({ q: 'nothing-like-this' })).toEqual([]);
    // Words anywhere in the conversation: 'Morocco' is in the question, 'week' in the answer.
    expect(await ids({ q: 'morocco week' })).toEqual([shipping.conversationId]);
    expect(await ids({ q: '品返' })).toEqual([]);
    expect(await ids({ status: 'error' })).toEqual([returns.conversationId]);
    expect(await ids({ status: 'stopped' })).toEqual([arabic.conversationId]);

    expect(
      await setFeedback(db, shipping.scope, shipping.answers[0], { rating: -1, comment: 'too slow' }),
    ).toBe(true);
    // Another visitor's answer, or a question, cannot be voted on.
    expect(await setFeedback(db, returns.scope, shipping.answers[0], { rating: 1, comment: null })).toBe(
      false,
    );
    expect(await ids({ feedback: 'down' })).toEqual([shipping.conversationId]);
    expect(await ids({ feedback: 'up' })).toEqual([]);
    await setFeedback(db, shipping.scope, shipping.answers[0], { rating: 1, comment: null });
    expect(await ids({ feedback: 'up' })).toEqual([shipping.conversationId]);

    const first = await listConversations(db, {}, { limit: 2 });
    expect(first.conversations.map((c) => c.id)).toEqual([arabic.conversationId, returns.conversationId]);
    expect(first.conversations[1]).toMatchObject({ messages: 4, errors: 1, stopped: 0 });
    const second = await listConversations(db, {}, { limit: 2, after: first.next ?? undefined });
    expect(second.conversations.map((c) => c.id)).toEqual([shipping.conversationId]);
    expect(second.next).toBeNull();
  });

  it('shows a transcript with what each answer cost, deletes it everywhere, and exports in batches', async () => {
    const db = ctx.database.db;
    const { scope, conversationId, answers } = await conversation([
      { q: 'one', a: 'first answer' },
      { q: 'two', a: 'second answer' },
    ]);
    await setFeedback(db, scope, answers[1], { rating: -1, comment: 'wrong' });
    const transcript = await consoleTranscript(db, conversationId);
    expect(transcript?.messages.map((x) => [x.role, x.content, x.ttftMs, x.rating])).toEqual([
      ['user', 'one', null, null],
      ['assistant', 'first answer', 100, null],
      ['user', 'two', null, null],
      ['assistant', 'second answer', 101, -1],
    ]);
    const batches: number[] = [];
    const exported: string[] = [];
    for await (const rows of exportMessages(db, { q: 'second' }, 3)) {
      batches.push(rows.length);
      exported.push(...rows.map((r) => r.content));
    }
    expect(exported).toEqual(['one', 'first answer', 'two', 'second answer']);
    expect(batches).toEqual([3, 1]);

    // Pages of a search: from the newest conversations while enough of them match, then from the index.
    const found: string[] = [];
    for (const q of ['windowword a', 'windowword b', 'windowword c']) {
      found.unshift((await conversation([{ q, a: 'x' }])).conversationId);
    }
    const pages: string[][] = [];
    let cursor: Awaited<ReturnType<typeof listConversations>>['next'] | undefined;
    do {
      const page = await listConversations(db, { q: 'windowword' }, { limit: 1, after: cursor ?? undefined });
      pages.push(page.conversations.map((x) => x.id));
      cursor = page.next;
    } while (cursor);
    expect(pages).toEqual(found.map((id) => [id]));

    // Batches cross conversations: newest activity first, each conversation's messages in order.
    const older = await conversation([
      { q: 'exportme a1', a: 'a2' },
      { q: 'a3', a: 'a4' },
    ]);
    const newer = await conversation([
      { q: 'exportme b1', a: 'b2' },
      { q: 'b3', a: 'b4' },
    ]);
    const across: string[][] = [];
    for await (const rows of exportMessages(db, { q: 'exportme' }, 3)) {
      across.push(
        rows.map(
          (r) =>
            `${r.conversationId === newer.conversationId ? 'new' : r.conversationId === older.conversationId ? 'old' : '?'}:${r.content}`,
        ),
      );
    }
    expect(across).toEqual([
      ['new:exportme b1', 'new:b2', 'new:b3'],
      ['new:b4', 'old:exportme a1', 'old:a2'],
      ['old:a3', 'old:a4'],
    ]);

    const today = new Date();
    const stats = await dailyStats(db, {
      from: new Date(today.getTime() - 86_400_000),
      to: new Date(today.getTime() + 86_400_000),
    });
    expect(stats.reduce((n, s) => n + s.answers, 0)).toBeGreaterThanOrEqual(2);

    expect(await deleteConversation(db, conversationId)).toBe(true);
    expect(await consoleTranscript(db, conversationId)).toBeUndefined();
    expect(await setFeedback(db, scope, answers[1], { rating: 1, comment: null })).toBe(false);
    expect(await deleteConversation(db, conversationId)).toBe(false);
  });
});
