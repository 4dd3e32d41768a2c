import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { conversations as c, chatMessages as m, SEARCH_CJK } from '../schema';

/* The console's full-text search: the person's words as a tsquery, and how to find the matches. */

const CJK = new RegExp(SEARCH_CJK, 'u');
const CJK_ALL = new RegExp(SEARCH_CJK, 'gu');

/**
 * A person's search as a tsquery for the 'simple' index (db/schema.ts): every word must appear,
 * as a prefix; a run of Chinese or Japanese characters must appear as written (a phrase of single
 * characters). Null when nothing searchable is left.
 */
export function searchQuery(text: string): string | null {
  const quote = (lexeme: string) => `'${lexeme.replace(/['\\]/g, (ch) => `\\${ch}`)}'`;
  const parts: string[] = [];
  const spaced = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(CJK_ALL, (ch) => ` ${ch} `);
  let phrase: string[] = [];
  const flush = () => {
    if (phrase.length > 0) parts.push(phrase.length === 1 ? phrase[0] : `(${phrase.join(' <-> ')})`);
    phrase = [];
  };
  for (const word of spaced.split(/[^\p{L}\p{N}\p{M}]+/u)) {
    if (!word) continue;
    if (CJK.test(word)) {
      phrase.push(quote(word));
      continue;
    }
    flush();
    parts.push(`${quote(word)}:*`);
  }
  flush();
  return parts.length > 0 ? parts.slice(0, 16).join(' & ') : null;
}

/** Up to this many matching messages, a search first collects them all. */
const PROBE = 2000;

/**
 * Where a search's matches are. Rare words: every matching conversation, found through the index,
 * so that the page is sorted from a short list. Common words (more than PROBE messages): null, and the
 * page is found by walking conversations newest first until enough match, which stops early. The
 * planner cannot tell the two apart from its statistics (measured at a million messages: 5 s for a rare
 * word when it guessed wrong), so one indexed probe decides.
 */
async function searchHits(db: Db, query: string): Promise<string[] | null> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`select ${m.conversationId} as id from ${m}
      where ${m.search} @@ to_tsquery('simple'::regconfig, ${query}) limit ${PROBE + 1}`,
  );
  return rows.length > PROBE ? null : [...new Set(rows.map((r) => r.id))];
}

/** A conversation with a message that matches the search. */
export const matches = (query: string) =>
  sql`exists (select 1 from ${m} where ${m.conversationId} = ${c.id}
    and ${m.search} @@ to_tsquery('simple'::regconfig, ${query}))`;

/** The search as a condition on `c`, chosen by the probe (searchHits). */
export async function searchFilter(db: Db, query: string) {
  const hits = await searchHits(db, query);
  if (hits === null) return matches(query);
  if (hits.length === 0) return sql`false`;
  return sql`${c.id} in (${sql.join(
    hits.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}
