import { countTokens as count, decode, encode } from 'gpt-tokenizer';
import type { Section } from './extract';
import { fenceAfter } from './extract/markdown';

export type Chunk = { text: string; headings: string[]; page?: number; tokens: number };
export type ChunkOptions = { maxTokens?: number; overlapTokens?: number };

/** A piece of a section that is never cut further: a paragraph, or a part of a paragraph too long. */
type Unit = { text: string; tokens: number; sep: string };

// Documents may contain "<|endoftext|>" and the like: they are text here, not special tokens.
const PLAIN = { disallowedSpecial: new Set<string>() };
export const countTokens = (text: string) => count(text, PLAIN);

/** Blank-line separated paragraphs; a fenced code block is one paragraph, blank lines and all. */
function paragraphs(text: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const inside = fence !== null;
    fence = fenceAfter(line, fence);
    if (inside || fence) {
      current.push(line);
    } else if (!line.trim()) {
      if (current.length) out.push(current.join('\n'));
      current = [];
    } else current.push(line);
  }
  if (current.length) out.push(current.join('\n'));
  return out;
}

const lines = (text: string) => text.split(/(?<=\n)/);
// After . ! ? (and closing quotes or brackets) and a space, or after a CJK full stop. Intl.Segmenter
// would be finer, but it takes half a second on a 100 kB paragraph.
const sentences = (text: string) => text.split(/(?<=[.!?…]["'”’)\]]*\s+|[。！？])(?=\S)/u);
// Words keep the space before them, as the tokenizer does.
const words = (text: string) => text.split(/(?<=\S)(?=\s)/);
const splitters = [lines, sentences, words];

/** Cuts text that is too long at lines, then sentences, then words, then tokens (the last resort). */
function pieces(text: string, max: number, step: number, level = 0): { text: string; tokens: number }[] {
  const tokens = countTokens(text);
  if (tokens <= max) return [{ text, tokens }];
  if (level >= splitters.length) {
    const ids = encode(text, PLAIN);
    const out: { text: string; tokens: number }[] = [];
    for (let i = 0; i < ids.length; i += step) {
      const piece = decode(ids.slice(i, i + step));
      out.push({ text: piece, tokens: countTokens(piece) });
    }
    return out;
  }
  const parts = splitters[level](text);
  if (parts.length <= 1) return pieces(text, max, step, level + 1);
  return parts.flatMap((part) => pieces(part, max, step, level + 1));
}

function join(parts: Unit[]): string {
  return parts
    .map((part, i) => (i === 0 ? '' : part.sep) + part.text)
    .join('')
    .replace(/^\n+/, '')
    .trimEnd();
}

// A blank line between paragraphs costs about one token.
const estimate = (parts: Unit[]) =>
  parts.reduce((sum, part, i) => sum + part.tokens + (i && part.sep ? 1 : 0), 0);

/** The end of a chunk, about `overlap` tokens of it: whole units, then the last sentences of one more. */
function tail(parts: Unit[], overlap: number): Unit[] {
  const out: Unit[] = [];
  let total = 0;
  for (let k = parts.length - 1; k >= 0; k--) {
    const part = parts[k];
    if (total + part.tokens <= overlap) {
      out.unshift(part);
      total += part.tokens;
      continue;
    }
    const taken: string[] = [];
    for (const sentence of sentences(part.text).reverse()) {
      const tokens = countTokens(sentence);
      if (total + tokens > overlap) break;
      taken.unshift(sentence);
      total += tokens;
    }
    if (taken.length)
      out.unshift({ text: taken.join(''), tokens: countTokens(taken.join('')), sep: part.sep });
    break;
  }
  return out;
}

function chunkSection(section: Section, max: number, overlap: number, step: number): Chunk[] {
  const units: Unit[] = paragraphs(section.text).flatMap((paragraph) =>
    pieces(paragraph, max, step).map((piece, i) => ({ ...piece, sep: i === 0 ? '\n\n' : '' })),
  );
  const chunks: Chunk[] = [];
  let carry: Unit[] = [];
  let i = 0;
  while (i < units.length) {
    // The overlap gives way when it leaves no room for the next unit.
    while (carry.length && estimate([...carry, units[i]]) > max) carry.shift();
    let est = estimate([...carry, units[i]]);
    let end = i + 1;
    for (; end < units.length; end++) {
      const add = units[end].tokens + (units[end].sep ? 1 : 0);
      if (est + add > max) break;
      est += add;
    }
    let parts = [...carry, ...units.slice(i, end)];
    let text = join(parts);
    let tokens = countTokens(text);
    while (tokens > max && parts.length > 1) {
      if (end - 1 > i) end--;
      else carry = carry.slice(1);
      parts = [...carry, ...units.slice(i, end)];
      text = join(parts);
      tokens = countTokens(text);
    }
    if (text) chunks.push({ text, headings: section.headings, ...pageOf(section), tokens });
    carry = overlap > 0 ? tail(parts, overlap) : [];
    i = end;
  }
  return chunks;
}

const pageOf = (section: Section) => (section.page === undefined ? {} : { page: section.page });

/**
 * Chunks for embedding and search, structure first: a chunk never spans two sections (so never two
 * pages nor two heading paths); within a section, whole paragraphs are packed up to maxTokens, and a
 * paragraph too long is cut at lines, sentences, words, then tokens. Consecutive chunks of a section
 * share about overlapTokens of text, taken from whole paragraphs or sentences where possible.
 */
export function chunkSections(sections: Section[], options: ChunkOptions = {}): Chunk[] {
  const max = Math.max(1, Math.floor(options.maxTokens ?? 800));
  const overlap = Math.max(0, Math.min(Math.floor(options.overlapTokens ?? 400), max - 1));
  // Token-cut pieces are small enough for the overlap to be made of whole pieces.
  const step = Math.min(max, Math.max(16, overlap > 0 ? Math.min(overlap, max - overlap) : max));
  return sections.flatMap((section) => chunkSection(section, max, overlap, step));
}
