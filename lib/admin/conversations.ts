import * as z from 'zod/mini';
import type { ConversationCursor, ConversationFilter, ExportRow } from '@/db/queries/console';
import type { conversationQuery } from '@/lib/contracts/admin';
import { ParleyError } from '@/lib/errors';

const cursorShape = z.object({ u: z.string(), i: z.uuid() });

/** The next-page cursor as an opaque string (base64url of the keyset). */
export function encodeCursor(cursor: ConversationCursor | null): string | null {
  return cursor
    ? Buffer.from(JSON.stringify({ u: cursor.updatedAt, i: cursor.id })).toString('base64url')
    : null;
}

export function decodeCursor(text: string | undefined): ConversationCursor | undefined {
  if (!text) return undefined;
  try {
    const parsed = z.parse(cursorShape, JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (Number.isNaN(Date.parse(parsed.u))) throw new Error('not a time');
    return { updatedAt: parsed.u, id: parsed.i };
  } catch {
    throw new ParleyError('invalid_request', 'cursor: must be the `next` value of a previous page.');
  }
}

export function filterOf(query: z.infer<typeof conversationQuery>): ConversationFilter {
  return {
    siteId: query.site,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    status: query.status,
    feedback: query.feedback,
    q: query.q?.trim() || undefined,
  };
}

export const EXPORT_COLUMNS: Array<keyof ExportRow> = [
  'conversationId',
  'siteId',
  'title',
  'messageId',
  'createdAt',
  'role',
  'status',
  'model',
  'errorCode',
  'promptTokens',
  'completionTokens',
  'ttftMs',
  'rating',
  'comment',
  'content',
];

/**
 * One CSV field (RFC 4180). A text that a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return first) gets a leading apostrophe: an export must not execute what visitors typed.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The export as a stream of bytes, pulled a batch at a time: memory stays flat whatever its size. */
export function exportStream(
  batches: AsyncGenerator<ExportRow[]>,
  format: 'jsonl' | 'csv',
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let header = format === 'csv';
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const lines: string[] = [];
        if (header) {
          lines.push(EXPORT_COLUMNS.join(','));
          header = false;
        }
        const next = await batches.next();
        if (next.done) {
          if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join('\r\n')}\r\n`));
          controller.close();
          return;
        }
        for (const row of next.value) {
          lines.push(
            format === 'csv' ? EXPORT_COLUMNS.map((c) => csvField(row[c])).join(',') : JSON.stringify(row),
          );
        }
        controller.enqueue(
          encoder.encode(
            `${lines.join(format === 'csv' ? '\r\n' : '\n')}${format === 'csv' ? '\r\n' : '\n'}`,
          ),
        );
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
