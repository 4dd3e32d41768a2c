import {
  type Browser,
  type BrowserContextOptions,
  expect,
  type Locator,
  type Page,
  test,
} from '@playwright/test';
import { splitPieces } from './fake-upstream.mjs';
import { type RunningApp, startApp } from './support/app';
import { ChatPage } from './support/chat-page';
import { type HostServer, startHostServer } from './support/host-server';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';
import { WidgetPage } from './support/widget-page';

/*
 * Visual regression (issue 12): what a visitor sees, compared pixel by pixel with the baselines
 * committed in e2e/visual/, at a phone's 390×844 and a desktop's 1280×800. A missing baseline is
 * written by the test command itself (Playwright's default `updateSnapshots: 'missing'`) on this
 * machine's Chromium; `npx playwright test e2e/visual.spec.ts --update-snapshots` rewrites them
 * after a deliberate change. The README shows some of them.
 *
 * The upstream answers these questions with fixed text (and, where a state must be caught, holds
 * or fails the answer), so every picture is the same on every run. Times of day are hidden from
 * the comparison; everything else is compared.
 */

const RETURNS = 'Can I return shoes I have worn outside?';
const RETURNS_ANSWER =
  'Yes, within **30 days**, as long as they are clean. Start a return from your order page and we email you a prepaid label.';
const SIZES = 'Which size should I order?';
const SIZES_ANSWER = [
  '## Finding your size',
  '',
  'Our lasts run **half a size small**. Measure your foot in the evening and compare:',
  '',
  '| Foot length | EU | US | UK |',
  '| --- | --- | --- | --- |',
  '| 24.5 cm | 39 | 7 | 6 |',
  '| 25.5 cm | 40 | 8 | 7 |',
  '| 26.5 cm | 42 | 9 | 8 |',
  '',
  '> Between two sizes? Take the larger one: the leather softens, it does not stretch.',
  '',
  'To check an order from a script:',
  '',
  '```sh',
  'curl -s https://shop.example.com/api/orders/1042 -H "Authorization: Bearer $TOKEN"',
  '```',
  '',
  'The full chart: https://shop.example.com/help/sizing/a-very-long-page-address-that-goes-on-and-on-without-a-single-break-anywhere',
].join('\n');
const SHIPPING = 'How long does shipping to Canada take?';
const SHIPPING_ANSWER =
  'Orders to Canada arrive in **4 to 6 business days**. Duties are included in the price you see at checkout, so nothing is due on delivery. You get a tracking link by email as soon as the parcel leaves our warehouse.';
const ORDER = 'Where is my order?';
const ORDER_ANSWER = 'Send me your order number (it starts with **NW-**) and I will look it up.';
const BROKEN = 'Is the store open on Sunday?';
const STOPPED = 'Tell me everything about leather care.';
const ARABIC = 'هل يمكنني إرجاع الحذاء بعد ارتدائه؟';
const ARABIC_ANSWER =
  'نعم، خلال **30 يومًا** ما دام الحذاء نظيفًا. ابدأ الإرجاع من صفحة طلبك وسنرسل إليك ملصق شحن مدفوع مسبقًا.';

/** How many words of SHIPPING_ANSWER are on screen while it is caught streaming. */
const HELD = 14;

const replies = {
  [RETURNS]: RETURNS_ANSWER,
  [SIZES]: SIZES_ANSWER,
  [SHIPPING]: SHIPPING_ANSWER,
  [STOPPED]: SHIPPING_ANSWER,
  [ORDER]: ORDER_ANSWER,
  [ARABIC]: ARABIC_ANSWER,
};
const directives = {
  [SHIPPING]: `[[hang-after ${HELD}]]`,
  [STOPPED]: '[[hang-after 12]]',
  [BROKEN]: '[[fail 500]]',
};

let upstream: FakeUpstream;
let app: RunningApp;
let host: HostServer;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(async () => {
  upstream = await startFakeUpstream({ replies, directives });
  host = await startHostServer();
  app = await startApp({
    EMBED_ALLOWED_ORIGINS: host.origin,
    OPENAI_BASE_URL: upstream.url,
    OPENAI_API_KEY: 'test',
    CHAT_TITLE: 'Northwind Shoes',
    CHAT_AVATAR_URL: '/icon.svg',
    CHAT_GREETING: 'Hi! I can help with sizes, orders and returns.',
    CHAT_STARTERS: `${SIZES} | ${RETURNS} | ${ORDER}`,
  });
  host.chatOrigin = app.url;
});
test.afterAll(async () => {
  await host?.close();
  await app?.stop();
  await upstream?.close();
});

const sizes = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
} satisfies Record<string, BrowserContextOptions>;

/** Times of day change from run to run: hidden, not compared. */
const stable = {
  stylePath: 'e2e/visual/stable.css',
  animations: 'disabled',
  caret: 'hide',
  // Room for a few anti-aliased pixels; a lost border or a shifted line differs in hundreds.
  maxDiffPixels: 50,
  // Light borders and soft backgrounds differ little from white: compare colours closely.
  threshold: 0.02,
} as const;

async function open(browser: Browser, size: BrowserContextOptions, extra: BrowserContextOptions = {}) {
  // Playwright hides the times with a <style> it adds to the page, which the pages' own
  // Content-Security-Policy refuses (e2e/csp.spec.ts tests that policy); these pictures bypass it.
  const context = await browser.newContext({ ...size, ...extra, bypassCSP: true });
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

/** The hosted chat, loaded, with its greeting (or a conversation) drawn and fonts ready. */
async function hosted(page: Page, locale = 'en'): Promise<ChatPage> {
  const chat = new ChatPage(page, locale);
  await page.goto(app.url);
  await expect(chat.composer).toBeEditable();
  await page.evaluate(() => document.fonts.ready);
  return chat;
}

/** The first `count` words of an answer as they appear while it streams. */
function firstWords(text: string, count: number): string {
  return splitPieces(text).slice(0, count).join('').trim();
}

async function answered(chat: ChatPage, question: string): Promise<Locator> {
  const answer = await chat.ask(question);
  await expect(answer).toHaveAttribute('data-status', 'complete');
  return answer;
}

for (const [name, size] of Object.entries(sizes)) {
  test.describe(`${name} ${size.viewport.width}×${size.viewport.height}`, () => {
    test('the empty chat: greeting and starter questions', async ({ browser }) => {
      const { page, close } = await open(browser, size);
      const chat = await hosted(page);
      await expect(chat.root.getByText('Hi! I can help with sizes, orders and returns.')).toBeVisible();
      await expect(page).toHaveScreenshot(`${name}-empty.png`, stable);
      await close();
    });

    test('an answer while it streams, with Stop in the composer', async ({ browser }) => {
      const { page, close } = await open(browser, size);
      const chat = await hosted(page);
      await answered(chat, RETURNS);
      await chat.send(SHIPPING);
      const answer = chat.lastAnswer();
      await expect(answer).toHaveAttribute('data-status', 'streaming');
      await expect(answer).toContainText(firstWords(SHIPPING_ANSWER.replaceAll('**', ''), HELD - 1));
      await expect(chat.stopButton).toBeVisible();
      await expect(page).toHaveScreenshot(`${name}-streaming.png`, stable);
      await chat.stopButton.click();
      await close();
    });

    test('a long Markdown answer: heading, table, quote, code and a long address', async ({ browser }) => {
      const { page, close } = await open(browser, size);
      const chat = await hosted(page);
      const answer = await answered(chat, SIZES);
      await expect(answer.locator('table')).toBeVisible();
      await expect(page).toHaveScreenshot(`${name}-markdown.png`, stable);
      await close();
    });

    test('a failed answer: the error and Retry', async ({ browser }) => {
      const { page, close } = await open(browser, size);
      const chat = await hosted(page);
      await chat.send(BROKEN);
      await expect(chat.retryButton).toBeVisible();
      await expect(page).toHaveScreenshot(`${name}-error.png`, stable);
      await close();
    });

    test('a stopped answer', async ({ browser }) => {
      const { page, close } = await open(browser, size);
      const chat = await hosted(page);
      await chat.send(STOPPED);
      const answer = chat.lastAnswer();
      await expect(answer).toContainText(firstWords(SHIPPING_ANSWER.replaceAll('**', ''), 11));
      await chat.stopButton.click();
      await expect(answer).toHaveAttribute('data-status', 'stopped');
      await expect(chat.sendButton).toBeVisible();
      await expect(page).toHaveScreenshot(`${name}-stopped.png`, stable);
      await close();
    });

    test('earlier conversations', async ({ browser }) => {
      const { page, close } = await open(browser, size);
      const chat = await hosted(page);
      for (const question of [SIZES, RETURNS]) {
        await answered(chat, question);
        await chat.root.getByRole('button', { name: chat.names.newConversation }).first().click();
        await expect(chat.messages).toHaveCount(0);
      }
      await answered(chat, ORDER);
      if (name === 'phone') await chat.conversationsButton.click();
      await expect(chat.conversationList.getByRole('button')).toHaveCount(3);
      await expect(page).toHaveScreenshot(`${name}-conversations.png`, stable);
      await close();
    });

    test('dark mode', async ({ browser }) => {
      const { page, close } = await open(browser, size, { colorScheme: 'dark' });
      const chat = await hosted(page);
      await answered(chat, SIZES);
      await expect(page).toHaveScreenshot(`${name}-dark.png`, stable);
      await close();
    });

    test('Arabic, right to left', async ({ browser }) => {
      const { page, close } = await open(browser, size, { locale: 'ar' });
      const chat = await hosted(page, 'ar');
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      await answered(chat, ARABIC);
      await expect(page).toHaveScreenshot(`${name}-arabic.png`, stable);
      await close();
    });

    test('the widget on a host page: closed, open, answering', async ({ browser }) => {
      const { page, close } = await open(browser, size);
      const widget = new WidgetPage(page);
      await widget.goto(host.page());
      await expect(widget.launcher).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      await expect(page).toHaveScreenshot(`${name}-widget-closed.png`, stable);

      await widget.open();
      const chat = widget.chat;
      await expect(chat.composer).toBeEditable();
      await expect(chat.root.getByText('Hi! I can help with sizes, orders and returns.')).toBeVisible();
      await expect(page).toHaveScreenshot(`${name}-widget-open.png`, stable);

      await chat.send(SHIPPING);
      await expect(chat.lastAnswer()).toContainText(
        firstWords(SHIPPING_ANSWER.replaceAll('**', ''), HELD - 1),
      );
      await expect(page).toHaveScreenshot(`${name}-widget-answering.png`, stable);
      await chat.stopButton.click();
      await close();
    });
  });
}
