import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The Content-Security-Policy docs/embed.md tells a host page to send, as strict as it gets. */
export function strictCsp(chatOrigin: string): string {
  return `default-src 'self'; script-src 'self' ${chatOrigin}; frame-src ${chatOrigin}; style-src 'self'`;
}

/** The queue stub from docs/embed.md. Inline scripts are blocked by the strict CSP: it is a file. */
export const QUEUE_STUB =
  'window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };\n';

export type HostPageOptions = {
  /** data-* attributes of the snippet (without the `data-` prefix); `data-site` defaults to "default". */
  attrs?: Record<string, string>;
  /** Same-origin scripts that run before the loader (after the stub), e.g. queued commands. */
  before?: string;
  /** Leave the snippet out (a page that loads the loader later, or not at all). */
  noSnippet?: boolean;
  /** Put the snippet in <head> instead of at the end of <body>. */
  inHead?: boolean;
  /** Leave the queue stub out. */
  noStub?: boolean;
  /** `viewport-fit=cover`: the page extends under the notch and the home indicator (safe-area insets). */
  viewportFit?: boolean;
};

export type HostServer = {
  /** e.g. http://localhost:4567: another origin than the app's http://127.0.0.1:<port>. */
  origin: string;
  /** The chat's origin (the app's URL): where the snippet points and what the CSP allows. */
  chatOrigin: string;
  /** Registers a page and returns its URL. */
  page(options?: HostPageOptions): string;
  close(): Promise<void>;
};

/**
 * A website that embeds Parley: every page is sent with the strict CSP, its stylesheet and
 * scripts are same-origin files, and the snippet is the one-tag embed.
 */
export async function startHostServer(chatOrigin = ''): Promise<HostServer> {
  const files = new Map<string, { type: string; body: string }>();
  files.set('/stub.js', { type: 'text/javascript', body: QUEUE_STUB });
  files.set('/host.css', {
    type: 'text/css',
    body: 'body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem;min-height:150vh;background:#faf7f2;color:#222}main{max-width:40rem}',
  });
  let count = 0;

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const file = files.get(path);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': file.type, 'Cache-Control': 'no-store' };
    if (file.type === 'text/html') headers['Content-Security-Policy'] = strictCsp(result.chatOrigin);
    res.writeHead(200, headers).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;

  const result: HostServer = {
    origin,
    chatOrigin,
    page(options = {}) {
      const n = ++count;
      const attrs = { site: 'default', ...options.attrs };
      const dataAttrs = Object.entries(attrs)
        .map(([name, value]) => (value === '' ? ` data-${name}` : ` data-${name}="${value}"`))
        .join('');
      const before = options.before ? `<script src="/before-${n}.js"></script>` : '';
      if (options.before) files.set(`/before-${n}.js`, { type: 'text/javascript', body: options.before });
      const snippet = options.noSnippet
        ? ''
        : `<script src="${result.chatOrigin}/embed.js"${dataAttrs} async></script>`;
      files.set(`/page-${n}.html`, {
        type: 'text/html',
        body: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1${options.viewportFit ? ', viewport-fit=cover' : ''}">
<title>Acme Garden Supplies</title>
<link rel="stylesheet" href="/host.css">
${options.noStub ? '' : '<script src="/stub.js"></script>'}
${before}
${options.inHead ? snippet : ''}
</head>
<body>
<main>
<h1>Acme Garden Supplies</h1>
<p>Seeds, tools and friendly advice since 1987.</p>
<p><a href="#top" id="host-link">A link on the host page</a></p>
</main>
${options.inHead ? '' : snippet}
</body>
</html>
`,
      });
      return `${origin}/page-${n}.html`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return result;
}
