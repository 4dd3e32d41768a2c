/*
 * Which files Parley reads, apart from the readers themselves: the admin API checks an upload with
 * this without loading pdf.js, mammoth and Readability into the server's thread.
 */

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
