import { expect, type Frame, type Page, test } from '@playwright/test';
import { XSS_PAYLOADS } from './fixtures/xss-payloads';
import { type RunningApp, startApp } from './support/app';
import { ConsolePage } from './support/console-page';
import { type HostServer, startHostServer } from './support/host-server';
import { ApiClient } from './support/sse';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';
import { WidgetPage } from './support/widget-page';

/*
 * Cross-site scripting (issue 15): 50 payloads sent as a visitor's messages, echoed back as the
 * model's answers (so they are rendered as Markdown), and stored in a knowledge document whose title
 * and text are shown as a citation, in the transcript's retrieval details and in the console's
 * test search. Rendered in the chat, the widget and the console: no payload runs, no dialog opens,
 * nothing is requested from another host, and no link can run script.
 */
const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery';
const ADMIN = 'xss-spec-admin-token-0123456789abcdefghij';
const KB_TITLE = `<img src=x onerror="window.__xss('kb-title')"> Zebra notes`;
const KB_QUESTION = 'What do the Zebra notes say about the zebrafact?';

let upstream: FakeUpstream;
let app: RunningApp;
let host: HostServer;
let token = '';
let conversation = '';

/** Records, in every frame, any payload that runs; no other host may be asked for anything. */
async function watch(page: Page) {
  const ran: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  await page.exposeFunction('__xssReport', (name: string) => ran.push(name));
  await page.addInitScript(() => {
    const w = window as unknown as { __xss: (name: string) => void; __xssReport: (name: string) => void };
    w.__xss = (name) => w.__xssReport(name);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && ![app.url, host.origin].includes(url.origin))
      requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { ran, requests, dialogs };
}

/** Addresses in a frame that the browser would run as script or open as an inline document. */
function dangerousLinks(frame: Frame | Page) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('[href], [src], [action], [formaction], [xlink\\:href]')]
      .flatMap((el) =>
        ['href', 'src', 'action', 'formaction', 'xlink:href'].map((name) => el.getAttribute(name)),
      )
      .filter((value): value is string => {
        if (!value) return false;
        try {
          // As the browser resolves it: "javascript&colon;…" is a harmless relative path.
          const { protocol } = new URL(value, document.baseURI);
          return ['javascript:', 'vbscript:', 'data:'].includes(protocol) && !value.startsWith('data:image/');
        } catch {
          return false;
        }
      }),
  );
}

test.describe('XSS payloads in the chat, the widget and the console', () => {
  test.describe.configure({ mode: 'serial', timeout: 120_000 });

  test.beforeAll(async () => {
    upstream = await startFakeUpstream({
      directives: { [KB_QUESTION]: '[[reply The Zebra notes say so [1].]]' },
    });
    host = await startHostServer();
    app = await startApp({
      OPENAI_BASE_URL: upstream.url,
      OPENAI_API_KEY: 'test',
      ADMIN_EMAIL: EMAIL,
      ADMIN_PASSWORD: PASSWORD,
      ADMIN_API_TOKEN: ADMIN,
      EMBED_ALLOWED_ORIGINS: host.origin,
      CHAT_MAX_INPUT_CHARS: '20000',
    });
    host.chatOrigin = app.url;

    // The document: its title and its text are payloads too.
    const added = await fetch(`${app.url}/api/admin/sites/default/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'text',
        title: KB_TITLE,
        text: `The zebrafact is that zebras are striped.\n\n${XSS_PAYLOADS.join('\n\n')}`,
      }),
    });
    expect(added.status).toBe(202);
    const { id } = (await added.json()) as { id: string };
    await expect
      .poll(async () => {
        const answer = await fetch(`${app.url}/api/admin/sites/default/sources/${id}`, {
          headers: { authorization: `Bearer ${ADMIN}` },
        });
        return ((await answer.json()) as { source: { status: string } }).source.status;
      })
      .toBe('ready');

    // A visitor sends every payload (four messages); the model echoes each back as Markdown.
    const client = new ApiClient(app.url);
    token = await client.visitor();
    const chunk = Math.ceil(XSS_PAYLOADS.length / 4);
    for (let i = 0; i < XSS_PAYLOADS.length; i += chunk) {
      const sent = await client.post('/api/chat', {
        messageId: crypto.randomUUID(),
        content: XSS_PAYLOADS.slice(i, i + chunk).join('\n\n'),
        ...(conversation ? { conversationId: conversation } : {}),
      });
      expect(sent.status).toBe(200);
      await sent.text();
      conversation ||= (await client.conversations())[0].id;
    }
    const cited = await client.post('/api/chat', {
      messageId: crypto.randomUUID(),
      content: KB_QUESTION,
      conversationId: conversation,
    });
    expect(await cited.text()).toContain('"citations"');
  });
  test.afterAll(async () => {
    await app?.stop();
    await host?.close();
    await upstream?.close();
  });

  test('the hosted chat shows every payload as text and runs none', async ({ page }) => {
    const seen = await watch(page);
    await page.addInitScript(
      ([origin, t, c]) => {
        if (location.origin !== origin) return;
        localStorage.setItem('parley:default:token', t);
        localStorage.setItem('parley:default:conversation', c);
      },
      [app.url, token, conversation],
    );
    await page.goto(`${app.url}/`);
    const bubbles = page.locator('li[data-role]');
    await expect(bubbles).toHaveCount(10);
    await expect(page.getByText(`<script>window.__xss('script')</script>`).first()).toBeVisible();
    // The citation names the document by its title: a payload too, shown as text.
    await expect(page.getByText(KB_TITLE, { exact: true })).toBeVisible();
    // Hover and focus every link and bubble: handlers would fire now.
    for (const link of await page.locator('li[data-role] a').all()) await link.hover();
    await page.waitForTimeout(300);
    expect(seen.ran).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(await dangerousLinks(page)).toEqual([]);
  });

  test('the widget on a host page shows them as text and runs none', async ({ page }) => {
    const seen = await watch(page);
    await page.addInitScript(
      ([origin, t, c]) => {
        if (location.origin !== origin) return;
        localStorage.setItem('parley:default', JSON.stringify({ token: t, conversation: c, user: null }));
      },
      [host.origin, token, conversation],
    );
    const widget = new WidgetPage(page);
    await widget.goto(host.page());
    await widget.open();
    await expect(widget.frame.locator('li[data-role]')).toHaveCount(10);
    await expect(widget.frame.getByText(`<svg onload="window.__xss('svg-onload')">`).first()).toBeVisible();
    await page.waitForTimeout(300);
    expect(seen.ran).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.requests).toEqual([]);
    const frame = page.frames().find((f) => f.url().includes('/embed/'));
    if (!frame) throw new Error('the chat frame is not there');
    expect(await dangerousLinks(frame)).toEqual([]);
  });

  test("the console's transcript, retrieval details and test search show them as text and run none", async ({
    page,
  }) => {
    const seen = await watch(page);
    const ui = new ConsolePage(page, app.url);
    await ui.goto(`/admin/conversations/${conversation}`);
    await ui.logIn(EMAIL, PASSWORD);
    await expect(page.getByText(`<script>window.__xss('script')</script>`).first()).toBeVisible();
    // Every disclosure open: the chunks the answers used, payloads and all.
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
    });
    await expect(page.getByText(/Zebra notes/).first()).toBeVisible();

    await ui.goto('/admin/sites/default/knowledge');
    await expect(page.getByText(KB_TITLE).first()).toBeVisible();
    const test = page.getByRole('region', { name: 'Test retrieval' });
    await test.getByRole('searchbox', { name: 'Question' }).fill('zebrafact onerror script');
    await test.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(
      test
        .getByRole('listitem')
        .getByText(/zebrafact/)
        .first(),
    ).toBeVisible();
    await page.waitForTimeout(300);
    expect(seen.ran).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(await dangerousLinks(page)).toEqual([]);
  });
});
