import { expect, type Locator, type Page, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { ChatPage, chatNames } from './support/chat-page';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';

// What a visitor sees and does in the chat (issue 12): layout at a phone and a desktop size,
// scrolling, Markdown, titles, the conversation list, the empty state and an unconfigured server.
const ADMIN = 'admin-token-for-the-visitor-ui-spec';
let upstream: FakeUpstream;
let app: RunningApp;

test.beforeAll(async () => {
  upstream = await startFakeUpstream();
  app = await startApp({ OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'test', ADMIN_API_TOKEN: ADMIN });
});
test.afterAll(async () => {
  await app?.stop();
  await upstream?.close();
});

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const desktop = { viewport: { width: 1280, height: 800 } };
const en = chatNames('en');

/** How far the conversation is scrolled from its end, in pixels. */
const distanceFromEnd = (chat: ChatPage) =>
  chat.scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);

/**
 * Elements of the conversation that stick out of the viewport, except inside a box that scrolls
 * on its own (a code block, a table).
 */
function outOfView(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollsAlone = (el: Element) => {
      for (let p = el.parentElement; p && p.tagName !== 'LI'; p = p.parentElement) {
        if (/auto|scroll/.test(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const out: string[] = [];
    for (const el of document.querySelectorAll('main li, main li *')) {
      if (scrollsAlone(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.left < -1 || r.right > width + 1))
        out.push(`${el.tagName.toLowerCase()} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    return out;
  });
}

test.describe('on a phone', () => {
  test.use(phone);

  test('a long word or URL wraps inside its bubble, in the question and in the answer', async ({ page }) => {
    const chat = new ChatPage(page);
    await page.goto(app.url);
    const answer = await chat.ask(`Check this: https://example.com/${'a'.repeat(200)}`);
    await expect(answer).toContainText('aaaaaaaa');
    expect(await outOfView(page)).toEqual([]);
    expect(await chat.scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    const bubble = await chat.userMessages.last().boundingBox();
    expect(bubble?.width).toBeLessThanOrEqual(390);
  });

  test('a long line of code and a wide table scroll inside their own box, not the page', async ({ page }) => {
    const chat = new ChatPage(page);
    await page.goto(app.url);
    const url = `https://example.com/${'b'.repeat(150)}`;
    const reply = [
      '| Link | Note |',
      '| --- | --- |',
      `| ${url} | long |`,
      '',
      '```js',
      `const x = "${'c'.repeat(150)}";`,
      '```',
    ].join('\n');
    const answer = await chat.ask(`[[reply ${reply}]]`);
    await expect(answer.locator('pre')).toContainText('cccc');
    expect(await outOfView(page)).toEqual([]);
    expect(await chat.scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await answer.locator('pre').evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });

  test('Esc closes the earlier conversations and gives the focus back to their button', async ({ page }) => {
    const chat = new ChatPage(page);
    await page.goto(app.url);
    await chat.ask('hello there');
    await chat.conversationsButton.click();
    await expect(chat.conversationList).toBeVisible();
    // The drawer takes the focus while it is open.
    expect(
      await chat.conversationList.evaluate((el) => el.closest('dialog')?.contains(document.activeElement)),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await expect(chat.conversationList).toBeHidden();
    await expect(chat.conversationsButton).toBeFocused();
  });

  test('conversation titles are plain text, without Markdown', async ({ page }) => {
    const chat = new ChatPage(page);
    await page.goto(app.url);
    await chat.ask('**Shipping** to `Morocco`, see [the FAQ](https://example.com/faq)?');
    await chat.conversationsButton.click();
    const item = chat.conversationList.getByRole('button', { name: /Shipping/ });
    await expect(item).toContainText('Shipping to Morocco, see the FAQ?');
    await expect(item).not.toContainText('*');
    await expect(item).not.toContainText('`');
    await expect(item).not.toContainText('](');
  });

  test('the drawer of conversations opens from the reading side: left in English, right in Arabic', async ({
    browser,
  }) => {
    for (const locale of ['en', 'ar'] as const) {
      const context = await browser.newContext({
        ...phone,
        locale,
        extraHTTPHeaders: { 'Accept-Language': locale },
      });
      const page = await context.newPage();
      const chat = new ChatPage(page, locale);
      await page.goto(app.url);
      await chat.conversationsButton.click();
      await expect(chat.conversationList).toBeVisible();
      await expect
        .poll(async () => {
          const box = await chat.conversationList.boundingBox();
          return box && Math.round(locale === 'ar' ? 390 - (box.x + box.width) : box.x);
        })
        .toBe(0);
      await context.close();
    }
  });
});

test.describe('on a desktop', () => {
  test.use(desktop);

  test('the newest line stays in view when each of six answers ends', async ({ page }) => {
    const chat = new ChatPage(page);
    await page.goto(app.url);
    for (let i = 1; i <= 6; i++) {
      await chat.ask(`question ${i} [[words 90]]`);
      await expect.poll(() => distanceFromEnd(chat), { timeout: 3000 }).toBeLessThanOrEqual(1);
      const last = await chat.lastAnswer().boundingBox();
      const list = await chat.scroller.boundingBox();
      expect(last && list && last.y + last.height).toBeLessThanOrEqual((list?.y ?? 0) + (list?.height ?? 0));
    }
  });

  test('reading earlier messages while an answer streams: the view stays put; Jump to latest goes back', async ({
    page,
  }) => {
    const chat = new ChatPage(page);
    await page.goto(app.url);
    for (let i = 1; i <= 3; i++) await chat.ask(`filler ${i} [[words 120]]`);
    await chat.send('a long one [[words 500]] [[gap 30]]');
    const answer = chat.lastAnswer();
    await expect(answer).toContainText('lorem ipsum dolor sit');
    await expect(chat.jumpToLatestButton).toBeHidden();

    // The visitor scrolls up to read: the answer keeps growing below, the view does not move.
    await chat.scroller.hover();
    await page.mouse.wheel(0, -700);
    await expect.poll(() => distanceFromEnd(chat)).toBeGreaterThan(300);
    await page.waitForTimeout(300);
    const reading = await chat.scroller.evaluate((el) => el.scrollTop);
    const length = (await answer.innerText()).length;
    await page.waitForTimeout(800);
    expect((await answer.innerText()).length).toBeGreaterThan(length);
    await expect(answer).toHaveAttribute('data-status', 'streaming');
    expect(Math.abs((await chat.scroller.evaluate((el) => el.scrollTop)) - reading)).toBeLessThanOrEqual(1);
    await expect(chat.jumpToLatestButton).toBeVisible();

    // Back to the end, and it follows the answer again until it ends.
    await chat.jumpToLatestButton.click();
    await expect.poll(() => distanceFromEnd(chat)).toBeLessThanOrEqual(1);
    await expect(chat.jumpToLatestButton).toBeHidden();
    await expect(answer).toHaveAttribute('data-status', 'streaming');
    await page.waitForTimeout(400);
    expect(await distanceFromEnd(chat)).toBeLessThanOrEqual(1);
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
    await expect.poll(() => distanceFromEnd(chat)).toBeLessThanOrEqual(1);
  });

  test('earlier conversations sit in a side panel beside the chat', async ({ page }) => {
    const chat = new ChatPage(page);
    await page.goto(app.url);
    await expect(chat.conversationList).toBeVisible();
    await expect(chat.conversationsButton).toBeHidden();
    await chat.ask('side panel topic');
    const current = chat.conversationList.getByRole('button', { name: /side panel topic/ });
    await expect(current).toHaveAttribute('aria-current', 'true');
    const panel = await chat.conversationList.boundingBox();
    const list = await chat.scroller.boundingBox();
    expect(panel && list && panel.x + panel.width).toBeLessThanOrEqual(list?.x ?? 0);
  });

  test('the chat in the widget frame keeps the phone layout, even when wide', async ({ page }) => {
    const chat = new ChatPage(page);
    await page.goto(`${app.url}/embed/default`);
    await expect(chat.composer).toBeVisible();
    await expect(chat.conversationList).toBeHidden();
    await chat.conversationsButton.click();
    await expect(chat.conversationList).toBeVisible();
  });
});

test('a failed answer shows its error and Retry, with no empty bubble above them', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  await chat.send('[[fail 500]] please answer');
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.getByRole('alert')).toContainText('could not answer');
  await expect(answer.getByRole('button', { name: en.retry })).toBeVisible();
  // Nothing painted (a background or a border) that holds neither text nor an image.
  const empty = await answer.evaluate((li) =>
    [...li.querySelectorAll('*')]
      .filter((el) => {
        if (el.closest('svg') || el.querySelector('svg, img')) return false;
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        const painted = s.backgroundColor !== 'rgba(0, 0, 0, 0)' || Number.parseFloat(s.borderTopWidth) > 0;
        return r.width > 0 && r.height > 0 && painted && !el.textContent?.trim();
      })
      .map((el) => el.outerHTML.slice(0, 160)),
  );
  expect(empty).toEqual([]);
});

test('Markdown answers: headings, tables, quotes and code are styled, and code can be copied', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
  const chat = new ChatPage(page);
  await page.goto(app.url);
  const reply = [
    '## Delivery times',
    '',
    'Plain paragraph.',
    '',
    '| Zone | Days |',
    '| --- | --- |',
    '| EU | 2–3 |',
    '| World | 5–9 |',
    '',
    '> Orders placed before noon ship the same day.',
    '',
    '```sh',
    'npm install parley',
    '```',
  ].join('\n');
  const answer = await chat.ask(`[[reply ${reply}]]`);
  const css = (selector: string, property: string) =>
    answer
      .locator(selector)
      .first()
      .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
  const px = async (selector: string, property: string) => Number.parseFloat(await css(selector, property));

  expect(await px('h2', 'font-size')).toBeGreaterThan((await px('p', 'font-size')) * 1.1);
  expect(await px('th', 'border-bottom-width')).toBeGreaterThan(0);
  expect(await px('td', 'border-bottom-width')).toBeGreaterThan(0);
  expect(await css('th', 'background-color')).not.toBe(await css('td', 'background-color'));
  expect(await px('blockquote', 'border-inline-start-width')).toBeGreaterThan(0);
  expect(await px('blockquote', 'padding-inline-start')).toBeGreaterThan(0);

  await answer.getByRole('button', { name: en.copyCode }).click();
  await expect(answer.getByRole('button', { name: en.copied })).toBeVisible();
  expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe('npm install parley');
});

test('thumbs up or down on an answer, a comment after thumbs down, kept after a reload and seen by the owner', async ({
  page,
}) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  const first = await chat.ask('Do you sell boots?');
  const second = await chat.ask('And sandals?');
  const good = (answer: Locator) => answer.getByRole('button', { name: en.rateGood });
  const bad = (answer: Locator) => answer.getByRole('button', { name: en.rateBad });
  await expect(good(first)).toHaveAttribute('aria-pressed', 'false');

  await good(first).click();
  await expect(good(first)).toHaveAttribute('aria-pressed', 'true');
  await expect(first.getByRole('status')).toHaveText(en.rateThanks);

  // Thumbs down asks what was wrong; the comment is optional and goes with the same vote.
  await bad(second).click();
  await expect(bad(second)).toHaveAttribute('aria-pressed', 'true');
  const comment = second.getByRole('textbox', { name: en.rateComment });
  await comment.fill('It did not say which sizes.');
  await second.getByRole('button', { name: en.rateSend }).click();
  await expect(second.getByRole('status')).toHaveText(en.rateThanks);
  await expect(comment).toHaveCount(0);

  // A vote can be changed, and both show again after a reload.
  await bad(first).click();
  await expect(bad(first)).toHaveAttribute('aria-pressed', 'true');
  await expect(good(first)).toHaveAttribute('aria-pressed', 'false');
  await first.getByRole('button', { name: en.rateSkip }).click();
  await page.reload();
  await expect(chat.assistantMessages).toHaveCount(2);
  await expect(bad(chat.assistantMessages.first())).toHaveAttribute('aria-pressed', 'true');
  await expect(bad(chat.assistantMessages.last())).toHaveAttribute('aria-pressed', 'true');

  // The owner reads the votes and the comment in the transcript.
  const list = await (
    await fetch(`${app.url}/api/admin/conversations?feedback=down`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    })
  ).json();
  const mine = list.conversations.find((c: { title: string }) => c.title === 'Do you sell boots?');
  expect(mine).toBeDefined();
  const transcript = await (
    await fetch(`${app.url}/api/admin/conversations/${mine.id}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    })
  ).json();
  const votes = transcript.messages
    .filter((m: { role: string }) => m.role === 'assistant')
    .map((m: { feedback: unknown }) => m.feedback);
  expect(votes).toEqual([
    { rating: 'down', comment: null },
    { rating: 'down', comment: 'It did not say which sizes.' },
  ]);
});

test('the empty state greets the visitor, and a starter question sends itself', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  const starters = page.getByRole('list', { name: chatNames().starters }).getByRole('button');
  await expect(starters).toHaveCount(3);
  const question = await starters.first().innerText();
  await starters.first().click();
  await expect(chat.userMessages.first()).toContainText(question);
  await expect(chat.lastAnswer()).toContainText(`Echo: ${question}`);
  await expect(starters).toHaveCount(0);
});

test('the header, the greeting and the starters come from the environment', async ({ page }) => {
  const branded = await startApp({
    OPENAI_BASE_URL: upstream.url,
    OPENAI_API_KEY: 'test',
    CHAT_TITLE: 'Acme Outdoor',
    CHAT_AVATAR_URL: '/icon.svg',
    CHAT_GREETING: 'Hi! Ask us anything about tents.',
    CHAT_STARTERS: 'Do you ship abroad? | Which tent for two? | Returns | Warranty | A fifth one',
  });
  try {
    for (const path of ['/', '/embed/default']) {
      await page.goto(`${branded.url}${path}`);
      await expect(page.getByRole('banner').getByRole('heading', { level: 1 })).toHaveText('Acme Outdoor');
      await expect(page.getByRole('banner').locator('img')).toHaveAttribute('src', '/icon.svg');
      await expect(page.getByText('Hi! Ask us anything about tents.')).toBeVisible();
      const starters = page.getByRole('list', { name: chatNames().starters }).getByRole('button');
      await expect(starters).toHaveText([
        'Do you ship abroad?',
        'Which tent for two?',
        'Returns',
        'Warranty',
      ]);
    }
    await page.goto(branded.url);
    await expect(page).toHaveTitle('Acme Outdoor');
  } finally {
    await branded.stop();
  }
});

test('messages sent close together share one time; each shows its own on hover', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  await chat.ask('one');
  await chat.ask('two');
  await chat.ask('three');
  const shown = (times: Locator) =>
    times.evaluateAll(
      (els) =>
        els.filter((el) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true })).length,
    );
  expect(await shown(chat.scroller.locator('time'))).toBe(1);
  await chat.userMessages.nth(1).hover();
  await expect.poll(() => shown(chat.userMessages.nth(1).locator('time'))).toBe(1);
});

test('no motion when the visitor prefers reduced motion', async ({ page }) => {
  const chat = new ChatPage(page);
  const running = () =>
    page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
  await page.goto(app.url);
  await chat.send('slowly [[words 80]] [[gap 60]]');
  await expect(chat.lastAnswer()).toContainText('lorem');
  // The streaming answer shows that it is being written.
  await expect.poll(running).toBeGreaterThan(0);
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'complete');

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await chat.send('slowly again [[words 80]] [[gap 60]]');
  await expect(chat.lastAnswer()).toContainText('lorem');
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'streaming');
  expect(await running()).toBe(0);
});

test('without a model, visitors see that the chat is unavailable; the instructions go to the log', async ({
  page,
}) => {
  const bare = await startApp();
  try {
    const chat = new ChatPage(page);
    await page.goto(bare.url);
    await expect(page.getByRole('heading', { name: en.unavailable })).toBeVisible();
    await expect(chat.composer).toBeDisabled();
    expect(await page.locator('body').innerText()).not.toMatch(/OPENAI|\.env|restart/i);
    // Not even in the data the page carries.
    expect(await page.content()).not.toContain('OPENAI_API_KEY');
    await expect(page.getByRole('list', { name: chatNames().starters })).toHaveCount(0);
    await expect.poll(() => bare.logs()).toMatch(/upstream_not_configured.*OPENAI_API_KEY/);
  } finally {
    await bare.stop();
  }
});
