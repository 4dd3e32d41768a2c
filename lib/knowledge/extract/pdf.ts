import { getDocumentProxy } from 'unpdf';
import { ExtractError } from './errors';
import type { Extracted, Section } from './types';

type Line = { text: string; size: number; y: number };
type TextItem = { str: string; transform: number[]; width: number; height: number; hasEOL: boolean };
type Pdf = Awaited<ReturnType<typeof getDocumentProxy>>;

/** The page's text items gathered into lines, top to bottom as the PDF draws them. */
async function pageLines(pdf: Pdf, number: number): Promise<Line[]> {
  const page = await pdf.getPage(number);
  const content = await page.getTextContent();
  const lines: Line[] = [];
  let current: (Line & { end: number }) | null = null;
  const close = () => {
    if (current?.text.trim())
      lines.push({ text: current.text.replace(/\s+/g, ' ').trim(), size: current.size, y: current.y });
    current = null;
  };
  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    const item = raw as TextItem;
    const [, , c, d, x, y] = item.transform;
    const size = Math.hypot(c, d) || item.height;
    if (item.str) {
      if (current && Math.abs(current.y - y) > size * 0.5) close();
      if (!current) current = { text: '', size: 0, y, end: x };
      const gap = x - current.end;
      if (current.text && gap > size * 0.15 && !/\s$/.test(current.text) && !/^\s/.test(item.str)) {
        current.text += ' ';
      }
      current.text += item.str;
      if (item.str.trim()) current.size = Math.max(current.size, size);
      current.end = x + item.width;
    }
    if (item.hasEOL) close();
  }
  close();
  page.cleanup();
  return lines;
}

/** The size most of the text is set in: larger lines are headings. */
function bodySize(pages: Line[][]): number {
  const weight = new Map<number, number>();
  for (const line of pages.flat()) {
    const size = Math.round(line.size * 2) / 2;
    weight.set(size, (weight.get(size) ?? 0) + line.text.length);
  }
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

function joinLines(previous: string, next: string): string {
  // A word broken at the end of a line ("warran-" / "ty") is joined again.
  if (/\p{Ll}-$/u.test(previous) && /^\p{Ll}/u.test(next)) return previous.slice(0, -1) + next;
  return `${previous} ${next}`;
}

/**
 * Sections of a PDF: one or more per page (never across pages), with headings recognised by their
 * size against the body text, and a heading path that carries over from page to page.
 */
function sectionsOf(pages: Line[][]): Section[] {
  const body = bodySize(pages);
  const isHeading = (line: Line) =>
    line.size >= body * 1.15 && line.text.length <= 120 && /\p{L}/u.test(line.text);
  const sections: Section[] = [];
  const stack: { size: number; text: string }[] = [];
  pages.forEach((lines, index) => {
    const page = index + 1;
    let paragraphs: string[] = [];
    const flush = () => {
      const text = paragraphs.join('\n\n').trim();
      if (text) sections.push({ headings: stack.map((h) => h.text), page, text });
      paragraphs = [];
    };
    let previous: Line | null = null;
    let previousHeading = false;
    for (const line of lines) {
      const gap = previous ? previous.y - line.y : 0;
      const near = previous !== null && gap > 0 && gap <= Math.max(previous.size, line.size) * 1.6;
      if (isHeading(line)) {
        const top = stack[stack.length - 1];
        if (previousHeading && near && top && Math.abs(top.size - line.size) < 0.5) {
          top.text = `${top.text} ${line.text}`;
        } else {
          flush();
          while (stack.length && stack[stack.length - 1].size <= line.size) stack.pop();
          stack.push({ size: line.size, text: line.text });
        }
        previousHeading = true;
      } else {
        if (near && !previousHeading && paragraphs.length) {
          paragraphs[paragraphs.length - 1] = joinLines(paragraphs[paragraphs.length - 1], line.text);
        } else {
          paragraphs.push(line.text);
        }
        previousHeading = false;
      }
      previous = line;
    }
    flush();
  });
  return sections;
}

export async function extractPdf(bytes: Uint8Array, name: string): Promise<Extracted> {
  let pdf: Pdf;
  try {
    // pdf.js takes ownership of the buffer it is given: it gets a copy, the caller keeps theirs.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: 0 });
  } catch (cause) {
    throw new ExtractError(
      'no_text',
      `${name} could not be read as a PDF: it may be damaged or protected by a password`,
      { cause },
    );
  }
  try {
    const pages: Line[][] = [];
    for (let n = 1; n <= pdf.numPages; n++) pages.push(await pageLines(pdf, n));
    const sections = sectionsOf(pages);
    const info = (await pdf.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
    const metaTitle = typeof info?.Title === 'string' ? info.Title.trim() : '';
    const title = metaTitle || sections.find((s) => s.headings.length)?.headings[0] || null;
    return { title, sections };
  } finally {
    await pdf.destroy();
  }
}
