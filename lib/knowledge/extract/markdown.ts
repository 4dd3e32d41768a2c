import { tidy } from './text';
import type { Extracted, Section } from './types';

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Follows code fences line by line: the fence a line opens, keeps open or closes (null outside any).
 * Shared with the chunker, which must not cut a code block either.
 */
export function fenceAfter(line: string, fence: string | null): string | null {
  const open = FENCE.exec(line);
  if (!fence) return open ? open[1] : null;
  const closes =
    open && open[1][0] === fence[0] && open[1].length >= fence.length && !line.trim().slice(open[1].length);
  return closes ? null : fence;
}

/** YAML front matter: dropped from the text, its title kept. */
function frontMatter(lines: string[]): { title: string | null; skip: number } {
  if (lines[0]?.trim() !== '---') return { title: null, skip: 0 };
  const end = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
  if (end === -1) return { title: null, skip: 0 };
  const titleLine = lines.slice(1, end).find((line) => /^title\s*:/i.test(line));
  const title =
    titleLine
      ?.replace(/^title\s*:\s*/i, '')
      .replace(/^["']|["']$/g, '')
      .trim() || null;
  return { title, skip: end + 1 };
}

/**
 * Markdown split at its ATX (# Title) and Setext (underlined) headings. The text stays Markdown,
 * which models read well; fenced code blocks are never searched for headings.
 */
export function extractMarkdown(source: string): Extracted {
  const lines = source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const front = frontMatter(lines);
  const sections: Section[] = [];
  const stack: { level: number; text: string }[] = [];
  let body: string[] = [];
  let fence: string | null = null;
  let firstH1: string | null = null;

  const flush = () => {
    const text = tidy(body.join('\n'));
    if (text) sections.push({ headings: stack.map((h) => h.text), text });
    body = [];
  };
  const heading = (level: number, raw: string) => {
    const text = raw.replace(/\s+/g, ' ').trim();
    flush();
    if (!text) return;
    if (level === 1) firstH1 ??= text;
    while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
    stack.push({ level, text });
  };

  for (let i = front.skip; i < lines.length; i++) {
    const line = lines[i];
    const inside = fence !== null;
    fence = fenceAfter(line, fence);
    if (inside || fence) {
      body.push(line);
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      heading(atx[1].length, atx[2] ?? '');
      continue;
    }
    const next = lines[i + 1];
    const setext = next !== undefined ? SETEXT.exec(next) : null;
    const previous = body[body.length - 1];
    const startsParagraph = previous === undefined || previous.trim() === '';
    if (setext && line.trim() && startsParagraph && !/^ {0,3}([-*+>]|\d+[.)])\s/.test(line)) {
      heading(setext[1][0] === '=' ? 1 : 2, line);
      i++;
      continue;
    }
    body.push(line);
  }
  flush();
  return { title: front.title ?? firstH1, sections };
}
