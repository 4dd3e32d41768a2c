import { createHash } from 'node:crypto';
import { type GuardedFetchOptions, guardedFetch, OutboundError } from '@/lib/net/outbound';
import { originGate } from '@/lib/net/politeness';
import { crawlDelayMs, robotsVerdict } from '@/lib/net/robots';
import { ExtractError } from './extract/errors';
import { type FileKind, fileKind } from './extract/kinds';
import { decodeText } from './extract/text';
import type { Extracted } from './extract/types';

export { robotsAllows } from '@/lib/net/robots';
export { type DiscoverOptions, discoverSitemap } from '@/lib/net/sitemap';

export type FetchedPage = { url: string; title: string | null; extracted: Extracted; hash: string };

/** What fetchPage hands to extraction: the same shape as the extraction thread's requests. */
export type ExtractInput =
  | { kind: 'html'; html: string; url: string }
  | { kind: 'file'; bytes: Uint8Array; name: string; contentType: string | null };

export type PageOptions = GuardedFetchOptions & {
  /** Runs extraction (for instance on a worker thread); in this thread by default. */
  extract?: (input: ExtractInput) => Promise<Extracted>;
};

// The readers are loaded when first used: the server's thread normally hands extraction to a worker.
const inThread = async (input: ExtractInput): Promise<Extracted> => {
  const { extractFile, extractHtml } = await import('./extract');
  return input.kind === 'html'
    ? extractHtml(input.html, input.url)
    : extractFile(input.bytes, input.name, input.contentType);
};

const ACCEPT =
  'text/html,application/xhtml+xml;q=0.9,text/markdown;q=0.8,text/plain;q=0.8,application/pdf;q=0.7,*/*;q=0.1';

const byMime: Record<string, FileKind> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
};

/** What a download is, by its Content-Type; text/plain by its name (README.md); untyped by its bytes. */
function pageKind(mime: string, url: string, body: Uint8Array): FileKind | null {
  if (byMime[mime]) return byMime[mime];
  if (mime === 'text/plain') return /\.(md|markdown)$/i.test(new URL(url).pathname) ? 'markdown' : 'text';
  if (mime) return null;
  const head = new TextDecoder().decode(body.subarray(0, 512));
  return head.startsWith('%PDF-') ? 'pdf' : /^\s*</.test(head) ? 'html' : 'text';
}

const contentTypeOf: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  markdown: 'text/markdown',
  html: 'text/html',
  text: 'text/plain',
};

/** A digest of what was read, to tell whether a page changed since the last crawl. */
function digest(extracted: Extracted): string {
  return createHash('sha256').update(JSON.stringify(extracted)).digest('hex');
}

/** One page (HTML, or a PDF, Markdown or text file) through the guarded client, as text with structure. */
export async function fetchPage(url: string, options: PageOptions = {}): Promise<FetchedPage> {
  const { extract = inThread, ...fetchOptions } = options;
  const res = await guardedFetch(url, { accept: ACCEPT, ...fetchOptions });
  const mime = res.contentType?.split(';')[0].trim().toLowerCase() ?? '';
  const kind = pageKind(mime, res.url, res.body);
  if (!kind) {
    throw new ExtractError(
      'unsupported_file',
      `${res.url} is ${mime}; Parley reads HTML pages and PDF, Markdown and plain-text files`,
    );
  }
  let extracted: Extracted;
  if (kind === 'html') {
    extracted = await extract({
      kind: 'html',
      html: decodeText(res.body, res.contentType, true),
      url: res.url,
    });
    if (!extracted.sections.length) {
      throw new ExtractError(
        'no_text',
        `${res.url} has no text that Parley can read; if the page shows its content with JavaScript, give Parley a version that does not need it`,
      );
    }
  } else {
    // The address names the file in messages; the kind found here decides, whatever its extension.
    const charset = /;\s*charset=[^;]+/i.exec(res.contentType ?? '')?.[0] ?? '';
    const byName = fileKind(res.url);
    const name = byName === null || byName === kind ? res.url : `${res.url} (${kind})`;
    extracted = await extract({
      kind: 'file',
      bytes: res.body,
      name,
      contentType: contentTypeOf[kind] + charset,
    });
  }
  return { url: res.url, title: extracted.title, extracted, hash: digest(extracted) };
}

export type CrawlOptions = PageOptions & {
  /** Pages fetched at once (default 2); never more than 2 at once from one origin. */
  concurrency?: number;
  /**
   * Called as each page completes: with the page, or with why it could not be read (an
   * OutboundError or ExtractError with a code and a message for the owner, code robots_disallowed
   * included). A throw stops the crawl.
   */
  onPage: (url: string, result: FetchedPage | Error) => void | Promise<void>;
  /** Skip pages robots.txt disallows for Parley (default true). */
  respectRobots?: boolean;
  /** Time between two requests to one origin (default 200 ms), longer when robots.txt asks. */
  delayMs?: number;
  /** The longest Crawl-delay honoured (default 10 s). */
  maxDelayMs?: number;
};

/**
 * Fetches pages politely: a few at once, at most 2 per origin, requests to one origin spaced by a
 * small delay or robots.txt's Crawl-delay (capped). An abort, or an error thrown by onPage, stops it.
 */
export async function crawlPages(
  urls: string[],
  options: CrawlOptions,
): Promise<{ fetched: number; failed: number }> {
  const {
    concurrency = 2,
    onPage,
    respectRobots = true,
    delayMs = 200,
    maxDelayMs = 10_000,
    ...rest
  } = options;
  const stop = new AbortController();
  const signal = rest.signal ? AbortSignal.any([rest.signal, stop.signal]) : stop.signal;
  const pageOptions = { ...rest, signal };
  const acquire = originGate(2, signal);
  const queue = [...new Set(urls)];
  const counts = { fetched: 0, failed: 0 };

  const crawlOne = async (url: string): Promise<FetchedPage | Error> => {
    if (!URL.canParse(url)) return new OutboundError('invalid_url', `"${url}" is not a web address`);
    try {
      if (respectRobots) {
        const verdict = await robotsVerdict(url, pageOptions);
        if (!verdict.allowed) return new OutboundError('robots_disallowed', verdict.reason);
      }
      const asked = respectRobots ? await crawlDelayMs(url, pageOptions) : undefined;
      const release = await acquire(new URL(url).origin, Math.min(Math.max(asked ?? 0, delayMs), maxDelayMs));
      try {
        signal.throwIfAborted();
        return await fetchPage(url, pageOptions);
      } finally {
        release();
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      return error instanceof Error ? error : new Error(String(error));
    }
  };

  let firstError: unknown = null;
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined && !signal.aborted; url = queue.shift()) {
      const result = await crawlOne(url);
      counts[result instanceof Error ? 'failed' : 'fetched']++;
      await onPage(url, result);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, () =>
      worker().catch((error) => {
        firstError ??= error;
        stop.abort(error);
      }),
    ),
  );
  if (firstError) throw firstError;
  rest.signal?.throwIfAborted();
  return counts;
}
