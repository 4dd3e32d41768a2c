import { extractDocx } from './docx';
import { ExtractError } from './errors';
import { extractHtml } from './html';
import { fileKind, SUPPORTED_FILES } from './kinds';
import { extractMarkdown } from './markdown';
import { extractPdf } from './pdf';
import { decodeText, extractPlainText } from './text';
import type { Extracted } from './types';

export { ExtractError, type ExtractErrorCode } from './errors';
export { extractHtml } from './html';
export { type FileKind, fileKind, SUPPORTED_FILES } from './kinds';
export type { Extracted, Section } from './types';

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
