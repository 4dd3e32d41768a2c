import type { Extracted } from './types';

function charsetOf(contentType: string | null | undefined): string | null {
  const match = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '');
  return match ? match[1] : null;
}

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

/**
 * Decodes text the way a browser would, in order: byte-order mark, the Content-Type charset, an
 * HTML <meta charset> in the first kilobyte (for HTML), then UTF-8.
 */
export function decodeText(bytes: Uint8Array, contentType?: string | null, html = false): string {
  let label: string | null = null;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) label = 'utf-8';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  label ??= charsetOf(contentType);
  if (!label && html) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
    label = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ?? null;
  }
  const decoder = (label && decoderFor(label)) || new TextDecoder('utf-8');
  return decoder.decode(bytes);
}

/** Line endings unified, trailing spaces gone, runs of blank lines made one. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text: one section whose paragraphs are the blank-line separated blocks of the file. */
export function extractPlainText(text: string): Extracted {
  const body = tidy(text.replaceAll('\u0000', ''));
  return { title: null, sections: body ? [{ headings: [], text: body }] : [] };
}
