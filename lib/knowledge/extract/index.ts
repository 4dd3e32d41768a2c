import { extractDocx } from './docx';
import { ExtractError } from './errors';
import { extractHtml } from './html';
import { extractMarkdown } from './markdown';
import { extractPdf } from './pdf';
import { decodeText, extractPlainText } from './text';
import type { Extracted } from './types';

export { ExtractError, type ExtractErrorCode } from './errors';
export { extractHtml } from './html';
export type { Extracted, Section } from './types';

export type FileKind = 'pdf' | 'docx' | 'markdown' | 'html' | 'text';

const byExtension: Record<string, FileKind> = {
  pdf: 'pdf',
  docx: 'docx',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  txt: 'text',
};

const byMime: Record<string, FileKind> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
};

export const SUPPORTED_FILES = 'PDF (.pdf), Word (.docx), Markdown (.md), HTML (.html) and plain text (.txt)';

/** The kind of a file: its extension first (browsers often send no or a generic type), then its type. */
export function fileKind(name: string, contentType?: string | null): FileKind | null {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const fromName = extension ? byExtension[extension] : undefined;
  if (fromName) return fromName;
  const mime = contentType?.split(';')[0].trim().toLowerCase();
  return (mime && byMime[mime]) || null;
}

/**
 * The text of an uploaded or downloaded file, in sections that keep its structure. A pure function
 * of its input, so that it can run in a worker thread.
 */
export async function extractFile(
  bytes: Uint8Array,
  name: string,
  contentType?: string | null,
): Promise<Extracted> {
  const kind = fileKind(name, contentType);
  const label = name || 'The file';
  if (!kind) {
    throw new ExtractError(
      'unsupported_file',
      `${label} is not a file Parley can read; it reads ${SUPPORTED_FILES} files`,
    );
  }
  let extracted: Extracted;
  if (kind === 'pdf') extracted = await extractPdf(bytes, label);
  else if (kind === 'docx') extracted = await extractDocx(bytes, label);
  else {
    const text = decodeText(bytes, contentType, kind === 'html');
    if (kind === 'html') extracted = extractHtml(text, '');
    else if (kind === 'markdown') extracted = extractMarkdown(text);
    else extracted = extractPlainText(text);
  }
  if (!extracted.sections.some((section) => section.text.trim())) {
    const hint =
      kind === 'pdf' ? ': it may be a scanned document (images of text), which needs OCR first' : '';
    throw new ExtractError('no_text', `${label} contains no text that Parley can read${hint}`);
  }
  return extracted;
}
