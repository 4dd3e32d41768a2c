import type { Ranked } from '@/db/queries/retrieval';

/*
 * The pure parts of retrieval: the full-text query made of a question's words, Parley's own exact
 * vector scan (for PostgreSQL without pgvector), and reciprocal rank fusion of the two lists.
 */

// Words that match nearly every chunk in English; other languages' are left to the ranking.
const STOP = new Set(
  'a an and are as at be but by can do does for from has have how i if in is it its me my of on or our so that the their there this to was we what when where which who why will with you your'.split(
    ' ',
  ),
);
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;

/** The words of a question as a tsquery that matches any of them; null when none is left. */
export function anyWordQuery(question: string, max = 32): string | null {
  const words = questionWords(question, max);
  return words.length > 0 ? words.join(' | ') : null;
}

/** The words retrieval searches for: letters and digits only, so that none can be an operator. */
export function questionWords(question: string, max = 32): string[] {
  const words = new Set<string>();
  for (const word of question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (CJK.test(word)) {
      // Han, kana and Hangul are indexed a character at a time (db/schema.ts).
      for (const ch of word) if (CJK.test(ch)) words.add(ch);
      continue;
    }
    if (word.length < 2 || STOP.has(word)) continue;
    words.add(word);
  }
  return [...words].slice(0, max);
}

/** Reciprocal rank fusion (k = 60): a chunk ranked well in either list rises; in both, higher. */
export function fuse(lists: Ranked[][], limit: number, k = 60): Ranked[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    for (const [rank, item] of list.entries()) {
      scores.set(item.id, (scores.get(item.id) ?? 0) + 1 / (k + rank + 1));
    }
  }
  return [...scores]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, limit);
}

/** A site's embeddings in one block of memory, normalised, for an exact cosine scan. */
export class VectorMatrix {
  readonly ids: string[] = [];
  private readonly data: Float32Array;

  constructor(
    readonly dims: number,
    rows: Array<{ id: string; embedding: number[] | null }>,
  ) {
    const kept = rows.filter((r) => r.embedding?.length === dims);
    this.data = new Float32Array(kept.length * dims);
    kept.forEach((row, i) => {
      this.ids.push(row.id);
      this.data.set(normalised(row.embedding as number[]), i * dims);
    });
  }

  /** The `limit` nearest rows to `query` by cosine similarity. */
  nearest(query: number[], limit: number): Ranked[] {
    if (query.length !== this.dims) return [];
    const q = normalised(query);
    const best: Ranked[] = [];
    for (let i = 0; i < this.ids.length; i++) {
      let dot = 0;
      const base = i * this.dims;
      for (let d = 0; d < this.dims; d++) dot += q[d] * this.data[base + d];
      if (best.length < limit || dot > best[best.length - 1].score) {
        best.push({ id: this.ids[i], score: dot });
        best.sort((a, b) => b.score - a.score);
        if (best.length > limit) best.pop();
      }
    }
    return best;
  }
}

function normalised(v: number[]): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum) || 1;
  return Float32Array.from(v, (x) => x / norm);
}
