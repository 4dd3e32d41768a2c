import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { ChatPage } from './support/chat-page';
import { seedConversation } from './support/seed';
import { startWidgetEnv, type WidgetEnv } from './support/widget-env';
import { installProbe, WidgetPage } from './support/widget-page';

let env: WidgetEnv;
test.beforeAll(async () => {
  env = await startWidgetEnv();
});
test.afterAll(async () => env?.stop());

/** An answer with every kind of block the chat styles beyond the Markdown sample. */
const richReply = [
  '## Delivery',
  '',
  '| Zone | Days |',
  '| --- | --- |',
  '| EU | 2–3 |',
  '',
  '> Orders placed before noon ship the same day.',
  '',
  '---',
  '',
  '1. Order',
  '2. Pay',
].join('\n');

const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function expectNoViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(wcag).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

async function newPage(browser: Browser, scheme: 'light' | 'dark', locale: string) {
  const context = await browser.newContext({
    colorScheme: scheme,
    locale,
    extraHTTPHeaders: { 'Accept-Language': locale },
  });
  return { context, page: await context.newPage() };
}

for (const scheme of ['light', 'dark'] as const) {
  for (const locale of ['en', 'ar'] as const) {
    test.describe(`axe, ${scheme}, ${locale}`, () => {
      test('hosted chat: empty, with answers and an error, the side panel and the drawer', async ({
        browser,
      }) => {
        const { context, page } = await newPage(browser, scheme, locale);
        await page.goto(env.app.url);
        await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
        const chat = new ChatPage(page, locale);
        await expect(page.getByRole('list', { name: chat.names.starters })).toBeVisible();
        await expectNoViolations(page, '/ (empty)');
        for (const text of ['Hello [[markdown]]', `[[reply ${richReply}]]`]) {
          await chat.composer.fill(text);
          await chat.composer.press('Enter');
          await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'complete');
        }
        await chat.composer.fill('[[fail 500]] again');
        await chat.composer.press('Enter');
        await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'error');
        await expect(chat.conversationList).toBeVisible();
        await expectNoViolations(page, '/ (answers, an error, the side panel)');
        // Scrolled up while reading: the button back to the newest message shows.
        await chat.scroller.evaluate((el) => el.scrollTo({ top: 0 }));
        await expect(chat.jumpToLatestButton).toBeVisible();
        await expectNoViolations(page, '/ (reading earlier messages)');
        await page.setViewportSize({ width: 390, height: 844 });
        await chat.conversationsButton.click();
        await expect(chat.conversationList).toBeVisible();
        await expectNoViolations(page, '/ (conversation drawer on a phone)');
        await context.close();
      });

      test('demo page, embed page, unknown site page', async ({ browser }) => {
        const { context, page } = await newPage(browser, scheme, locale);
        await page.goto(`${env.app.url}/demo`);
        await expectNoViolations(page, '/demo');
        await page.goto(`${env.app.url}/embed/default?locale=${locale}`);
        await expectNoViolations(page, '/embed/default');
        const response = await page.goto(`${env.app.url}/embed/no-such-site?locale=${locale}`);
        expect(response?.status()).toBe(404);
        await expectNoViolations(page, '/embed/no-such-site');
        await context.close();
      });

      test('the open widget on a host page', async ({ browser }) => {
        const { context, page } = await newPage(browser, scheme, locale);
        const widget = new WidgetPage(page);
        await widget.goto(env.host.page({ attrs: { locale } }));
        await widget.open();
        const chat = new ChatPage(widget.frame, locale);
        await expect(chat.composer).toBeVisible();
        await chat.composer.fill('hi there');
        await chat.composer.press('Enter');
        await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'complete');
        await expectNoViolations(page, 'host page with the widget open');
        await context.close();
      });
    });
  }
}

test.describe('without a model', () => {
  let bare: RunningApp;
  test.beforeAll(async () => {
    bare = await startApp();
  });
  test.afterAll(async () => bare?.stop());

  test('axe: the hosted chat and the embed page say the chat is unavailable', async ({ browser }) => {
    // Eight pages, each loaded and checked by axe: 45 s on a quiet machine, more in a full run.
    test.setTimeout(150_000);
    for (const scheme of ['light', 'dark'] as const) {
      for (const locale of ['en', 'ar'] as const) {
        const { context, page } = await newPage(browser, scheme, locale);
        const chat = new ChatPage(page, locale);
        for (const path of ['/', `/embed/default?locale=${locale}`]) {
          await page.goto(`${bare.url}${path}`);
          await expect(chat.composer).toBeDisabled();
          await expectNoViolations(page, `${path} (no model, ${scheme}, ${locale})`);
        }
        await context.close();
      }
    }
  });
});

/** The element that has focus, looking into the chat's iframe. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    const inner =
      active instanceof HTMLElement && active.shadowRoot ? active.shadowRoot.activeElement : active;
    return {
      tag: inner?.tagName,
      name: inner?.getAttribute('aria-label') ?? inner?.textContent?.trim() ?? '',
    };
  });
}

test('the whole widget flow works with the keyboard alone, with a visible focus', async ({ page }) => {
  await installProbe(page);
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page());
  await expect(widget.launcher).toBeVisible();

  // Tab reaches the launcher; Enter opens the chat with focus in the composer.
  for (let i = 0; i < 10 && !(await widget.launcher.evaluate((el) => el.matches(':focus'))); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(widget.launcher).toBeFocused();
  const ring = await widget.launcher.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(ring).not.toBe('none');
  await page.keyboard.press('Enter');
  const chat = widget.chat;
  await expect(chat.composer).toBeFocused();

  // Write and send; Tab reaches Stop while the answer streams, Enter stops it.
  await page.keyboard.type('Tell me everything [[words 300]] [[gap 40]]');
  await page.keyboard.press('Enter');
  await expect(chat.lastAnswer()).toContainText('lorem');
  await page.keyboard.press('Tab');
  await expect(chat.stopButton).toBeFocused();
  const stopRing = await chat.stopButton.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(stopRing).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'stopped');

  // A failed answer: Retry is reachable and works from the keyboard.
  await chat.composer.focus();
  await page.keyboard.type('[[cut 2]] one two three');
  await page.keyboard.press('Enter');
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'error');
  await chat.retryButton.focus();
  await expect(chat.retryButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'error');

  // New conversation from the header, by keyboard.
  const newConversation = widget.frame.getByRole('button', { name: 'New conversation' });
  await newConversation.focus();
  await page.keyboard.press('Enter');
  await expect(chat.messages).toHaveCount(0);
  await expect(chat.composer).toBeFocused();

  // Esc closes and gives focus back to the launcher.
  await page.keyboard.press('Escape');
  await expect(widget.frameElement).toBeHidden();
  await expect(widget.launcher).toBeFocused();
  expect((await focused(page)).tag).toBe('BUTTON');
});

test('a polite live region announces each finished answer once, not every token', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.goto(env.app.url);
  const region = page.locator('[aria-live="polite"]');
  await expect(region).toHaveCount(1);
  await region.evaluate((el) => {
    const w = window as unknown as { __announcements: string[] };
    w.__announcements = [];
    new MutationObserver(() => {
      const text = el.textContent ?? '';
      if (text && w.__announcements.at(-1) !== text) w.__announcements.push(text);
    }).observe(el, { childList: true, subtree: true, characterData: true });
  });
  await chat.send('count with me [[words 30]] [[gap 20]]');
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'complete');
  await chat.send('once more');
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'complete');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __announcements: string[] }).__announcements))
    .toEqual([
      expect.stringMatching(/^The assistant answered: lorem/),
      'The assistant answered: Echo: once more',
    ]);
});

test('a long conversation: the earlier-messages button, and its failure, pass axe', async ({ browser }) => {
  // 52 messages: one more page than the 50 the chat opens on.
  const token = await seedConversation(env.app.url, 26);
  for (const [scheme, locale] of [
    ['light', 'en'],
    ['dark', 'ar'],
  ] as const) {
    const { context, page } = await newPage(browser, scheme, locale);
    await page.addInitScript((t) => localStorage.setItem('parley:default:token', t), token);
    await page.goto(env.app.url);
    const chat = new ChatPage(page, locale);
    await expect(chat.messages).toHaveCount(50);
    await expect(chat.loadOlderButton).toBeAttached();
    await expectNoViolations(page, `/ (long conversation, ${scheme}, ${locale})`);
    await page.route(/\?before=/, (route) => route.abort());
    await chat.loadOlderButton.click();
    await expect(page.getByRole('alert').filter({ hasText: chat.names.olderFailed })).toBeVisible();
    await expectNoViolations(page, `/ (earlier messages failed, ${scheme}, ${locale})`);
    await context.close();
  }
});
