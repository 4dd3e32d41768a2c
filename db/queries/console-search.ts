import { type SQL, sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { conversations as c, chatMessages as m, SEARCH_CJK } from '../schema';

/* The console's full-text search: the person's words as a tsquery, and how to find the matches. */

const CJK = new RegExp(SEARCH_CJK, 'u');
const CJK_ALL = new RegExp(SEARCH_CJK, 'gu');

/**
 * A person's search as tsqueries for the 'simple' index (db/schema.ts). `conversation`: every word
 * must appear somewhere in the conversation, as a prefix (conversations.search, words without
 * positions). `phrase`: when the search has a run of Chinese or Japanese characters, what one
 * message must hold for it (the characters in that order); the conversation's words only say that
 * the characters are there. Null when nothing searchable is left.
 */
export type SearchQuery = { conversation: string; phrase: string | null };

export function searchQuery(text: string): SearchQuery | null {
  const quote = (lexeme: string) => `'${lexeme.replace(/['\\]/g, (ch) => `\\${ch}`)}'`;
  const parts: string[][] = [];
  const spaced = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(CJK_ALL, (ch) => ` ${ch} `);
  let phrase: string[] = [];
  const flush = () => {
    if (phrase.length > 0) parts.push(phrase);
    phrase = [];
  };
  for (const word of spaced.split(/[^\p{L}\p{N}\p{M}]+/u)) {
    if (!word) continue;
    if (CJK.test(word)) {
      phrase.push(quote(word));
      continue;
    }
    flush();
    parts.push([`${quote(word)}:*`]);
  }
  flush();
  if (parts.length === 0) return null;
  const kept = parts.slice(0, 16);
  const joined = (glue: string) => kept.map((p) => (p.length === 1 ? p[0] : `(${p.join(glue)})`)).join(' & ');
  return { conversation: joined(' & '), phrase: kept.some((p) => p.length > 1) ? joined(' <-> ') : null };
}

/** Up to this many conversations whose words match, a search first collects them all. */
const PROBE = 2000;

/**
 * Where a search's matches are, asked of the conversations' words (conversations.search), one row
 * per conversation. Rare words: every conversation that has them, found through the index, so that
 * the page is sorted from a short list. Common words (more than PROBE conversations): null, and the
 * page is found by walking conversations newest first until enough match, which stops early. The
 * planner cannot tell the two apart from its statistics (measured at a million messages: 5 s for a
 * rare word when it guessed wrong), so one indexed probe decides.
 */
async function searchHits(db: Db, query: SearchQuery): Promise<string[] | null> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`select ${c.id} as id from ${c}
      where ${c.search} @@ to_tsquery('simple'::regconfig, ${query.conversation}) limit ${PROBE + 1}`,
  );
  return rows.length > PROBE ? null : rows.map((r) => r.id);
}

/** A conversation whose words match the search (a column of the row, cheap to test while walking). */
export const matches = (query: SearchQuery) =>
  sql`${c.search} @@ to_tsquery('simple'::regconfig, ${query.conversation})`;

/**
 * For a phrase of Chinese or Japanese characters: whether one message of conversation `id` has it.
 * Asked of each conversation in turn, newest first, after its words matched (see pageRows): a
 * subquery with a limit, so that the planner cannot turn it into a join over every message with
 * those characters (measured: 300 ms at a million messages).
 */
export const phraseIn = (query: SearchQuery, id: SQL) =>
  query.phrase
    ? sql`coalesce((select true from ${m} where ${m.conversationId} = ${id}
        and ${m.search} @@ to_tsquery('simple'::regconfig, ${query.phrase}) limit 1), false)`
    : null;

/** The search as a condition on `c`, chosen by the probe (searchHits). */
export async function searchFilter(db: Db, query: SearchQuery) {
  const hits = await searchHits(db, query);
  if (hits === null) return matches(query);
  if (hits.length === 0) return sql`false`;
  return sql`${c.id} in (${sql.join(
    hits.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}
