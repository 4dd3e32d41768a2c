import { expect, type Locator, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { ChatPage } from './support/chat-page';
import { question, seedConversation } from './support/seed';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';

let upstream: FakeUpstream;
let app: RunningApp;

test.beforeAll(async () => {
  upstream = await startFakeUpstream();
  app = await startApp({ OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'test' });
});
test.afterAll(async () => {
  await app?.stop();
  await upstream?.close();
});

test('a typed message streams back and survives a reload', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  await chat.send('Hello Parley [[ttft 700]] [[gap 400]]');
  await expect(chat.userMessages.first()).toContainText('Hello Parley');
  // Before the first token the visitor sees that the assistant is typing.
  await expect(page.getByRole('status').filter({ hasText: 'typing' })).toBeVisible();
  await expect(chat.stopButton).toBeVisible();
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await expect(answer).toContainText('Echo: Hello');
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer).toContainText('Echo: Hello Parley');
  await expect(chat.sendButton).toBeVisible();

  await page.reload();
  await expect(chat.userMessages).toHaveCount(1);
  await expect(chat.lastAnswer()).toContainText('Echo: Hello Parley');
});

test('Shift+Enter adds a line and Enter sends', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  await chat.composer.fill('line one');
  await chat.composer.press('Shift+Enter');
  await chat.composer.pressSequentially('line two');
  await expect(chat.composer).toHaveValue('line one\nline two');
  await chat.composer.press('Enter');
  await expect(chat.composer).toHaveValue('');
  await expect(chat.lastAnswer()).toContainText('line two');
});

test('a message sent while the earlier conversation still loads joins it and stays on screen', async ({
  page,
}) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  await chat.ask('earlier question');
  // Hold the restore of the earlier conversation until the visitor has already pressed Enter.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let asked = () => {};
  const restoring = new Promise<void>((resolve) => {
    asked = resolve;
  });
  await page.route(/\/api\/conversations\/[0-9a-f-]{36}$/, async (route) => {
    asked();
    await held;
    await route.continue();
  });
  await page.reload();
  await restoring;
  await expect(chat.messages).toHaveCount(0);
  await chat.send('sent while loading');
  // A second message typed meanwhile stays in the composer; it is neither sent early nor lost.
  await chat.composer.fill('typed while waiting');
  await chat.composer.press('Enter');
  await expect(chat.composer).toHaveValue('typed while waiting');
  release();

  await expect(chat.userMessages).toHaveCount(2);
  await expect(chat.userMessages.nth(0)).toContainText('earlier question');
  await expect(chat.userMessages.nth(1)).toContainText('sent while loading');
  await expect(chat.lastAnswer()).toContainText('Echo: sent while loading');
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'complete');
  await expect(chat.composer).toHaveValue('typed while waiting');
  await page.unroute(/\/api\/conversations\//);
  await page.reload();
  await expect(chat.userMessages).toHaveCount(2);
});

test('answers render as safe Markdown', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  let alerted = false;
  page.on('dialog', async (dialog) => {
    alerted = true;
    await dialog.dismiss();
  });
  const answer = await chat.ask('Show me [[markdown]]');
  await expect(answer.locator('strong').first()).toBeVisible();
  await expect(answer.locator('pre code')).toContainText('function greet');
  const link = answer.getByRole('link', { name: 'example' });
  await expect(link).toHaveAttribute('href', 'https://example.com');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  // Raw HTML from the model is shown as text, never parsed.
  await expect(answer).toContainText('<script>alert(1)</script>');
  expect(await answer.locator('script, img, iframe').count()).toBe(0);
  // A javascript: link from the model never becomes a live link.
  const trap = await chat.ask('[[reply Try [this](javascript:alert(1)) and [that](JaVaScRiPt:alert(2)) ]]');
  await expect(trap).toContainText('Try');
  for (const href of await trap
    .locator('a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
    expect(href ?? '').not.toMatch(/^\s*javascript:/i);
  }
  expect(alerted).toBe(false);
});

test('Stop keeps the partial answer, also after a reload', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  await chat.send('Tell me a long story [[words 400]] [[gap 40]]');
  const answer = chat.lastAnswer();
  await expect(answer).toContainText('lorem');
  await chat.stopButton.click();
  await expect(answer).toHaveAttribute('data-status', 'stopped');
  await expect(answer).toContainText('Stopped');
  const partial = (await answer.locator('.parley-markdown').innerText()).trim();
  expect(partial.split(/\s+/).length).toBeLessThan(400);
  await expect(chat.sendButton).toBeVisible();

  await page.reload();
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'stopped');
  expect((await chat.lastAnswer().locator('.parley-markdown').innerText()).trim()).toBe(partial);
});

test('a failed answer shows the error in the conversation, and Retry answers it', async ({ page }) => {
  const down = await startFakeUpstream();
  const port = down.port;
  await down.close();
  const local = await startApp({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, OPENAI_API_KEY: 'test' });
  try {
    const chat = new ChatPage(page);
    await page.goto(local.url);
    await chat.send('Are you there?');
    const answer = chat.lastAnswer();
    await expect(answer).toHaveAttribute('data-status', 'error');
    await expect(answer.getByRole('alert')).toContainText('could not answer');
    const back = await startFakeUpstream({ port });
    try {
      await chat.retryButton.click();
      await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'complete');
      await expect(chat.lastAnswer()).toContainText('Echo: Are you there?');
      await expect(chat.assistantMessages).toHaveCount(1);
    } finally {
      await back.close();
    }
  } finally {
    await local.stop();
  }
});

test('New conversation, earlier conversations, and another browser sees none of it', async ({
  page,
  browser,
}) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  await chat.ask('first topic');
  await page.getByRole('button', { name: 'New conversation' }).click();
  await expect(chat.messages).toHaveCount(0);
  await expect(chat.composer).toBeFocused();
  await chat.ask('second topic');

  // On a desktop the earlier conversations sit in a side panel, without a button to show them.
  const list = chat.conversationList;
  await expect(list.getByRole('button')).toHaveCount(2);
  await list.getByRole('button', { name: /first topic/ }).click();
  await expect(chat.lastAnswer()).toContainText('Echo: first topic');
  await page.reload();
  await expect(chat.lastAnswer()).toContainText('Echo: first topic');

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(app.url);
  await expect(otherPage.getByText(chat.names.greeting)).toBeVisible();
  await expect(otherPage.getByText('No earlier conversations yet.')).toBeVisible();
  await other.close();
});

test('works on a phone-sized screen', async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const chat = new ChatPage(page);
  await page.goto(app.url);
  await chat.ask('hello from a phone');
  await expect(chat.composer).toBeInViewport();
  const fontSize = await chat.composer.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(16);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test('a stream that dies shows the partial answer, the error and a Retry', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  await chat.send('[[cut 3]] alpha beta gamma delta epsilon');
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute('data-status', 'error');
  await expect(answer.locator('.parley-markdown')).toHaveText('Echo: alpha beta');
  await expect(answer.getByRole('alert')).toContainText('interrupted');
  await expect(answer.getByRole('button', { name: 'Retry' })).toBeVisible();
  await page.reload();
  await expect(chat.lastAnswer().locator('.parley-markdown')).toHaveText('Echo: alpha beta');
  await expect(chat.lastAnswer().getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('the model is asked to answer in the visitor’s language', async ({ browser }) => {
  const context = await browser.newContext({
    locale: 'de-DE',
    extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' },
  });
  const page = await context.newPage();
  await page.goto(app.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  const chat = new ChatPage(page, 'de');
  await chat.composer.fill('Guten Tag');
  await chat.composer.press('Enter');
  await expect(chat.lastAnswer()).toHaveAttribute('data-status', 'complete');
  const sent = upstream.requests.at(-1) as { messages: Array<{ role: string; content: string }> };
  expect(sent.messages[0].role).toBe('system');
  expect(sent.messages[0].content).toContain("Reply in the language of the visitor's latest message");
  expect(sent.messages[0].content).toContain('reply in German');
  await context.close();
});

const questions = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => question(from + k));

test('a long conversation opens on its newest page and loads earlier ones, in place, as the visitor scrolls up', async ({
  page,
}) => {
  test.slow();
  // 60 questions and 60 answers: pages of 50, 50 and 20 messages.
  const token = await seedConversation(app.url, 60);
  const olderRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('before=')) olderRequests.push(r.url());
  });
  await page.addInitScript((t) => localStorage.setItem('parley:default:token', t), token);
  await page.goto(app.url);
  const chat = new ChatPage(page);
  const texts = () => chat.userMessages.locator('[data-bubble]').allInnerTexts();

  // Only the newest page, scrolled to its end; nothing earlier is asked for until the visitor scrolls.
  await expect(chat.messages).toHaveCount(50);
  await expect(chat.lastAnswer()).toContainText(`Echo: ${question(60)}`);
  await expect(chat.lastAnswer()).toBeInViewport();
  expect(await texts()).toEqual(questions(36, 60));
  await expect(chat.loadOlderButton).toBeAttached();
  await page.waitForTimeout(500);
  expect(olderRequests).toEqual([]);

  // Scrolled to the top: the page before goes in above, and the message that was first stays put.
  const reading = chat.userMessages.filter({ hasText: question(36) });
  // Where it sits in the list's viewport; with `scroll`, the list is first scrolled to the top, in
  // the same task, so nothing can load before it is measured.
  const topOf = (message: Locator, scroll = false) =>
    message.evaluate((el, scroll) => {
      const scroller = el.closest('main') as HTMLElement;
      if (scroll) scroller.scrollTop = 0;
      return el.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    }, scroll);
  const before = await topOf(reading, true);
  await expect(chat.messages).toHaveCount(100);
  expect(await texts()).toEqual(questions(11, 60));
  await expect(reading).toBeInViewport();
  expect(Math.abs((await topOf(reading)) - before)).toBeLessThanOrEqual(2);
  expect(olderRequests).toHaveLength(1);

  // A failed load shows a way to try again and loses nothing; the button works from the keyboard.
  const olderPage = /\/api\/conversations\/[0-9a-f-]{36}\?before=/;
  await page.route(olderPage, (route) => route.abort());
  await chat.scroller.evaluate((el) => {
    el.scrollTop = 0;
  });
  await expect(page.getByRole('alert').filter({ hasText: chat.names.olderFailed })).toBeVisible();
  await expect(chat.messages).toHaveCount(100);
  await page.unroute(olderPage);
  await chat.olderRetryButton.focus();
  await page.keyboard.press('Enter');
  await expect(chat.messages).toHaveCount(120);
  expect(await texts()).toEqual(questions(1, 60));
  await expect(chat.userMessages.filter({ hasText: question(11) })).toBeInViewport();
  // The start of the conversation: nothing more to load.
  await expect(chat.loadOlderButton).toHaveCount(0);
  await expect(chat.olderRetryButton).toHaveCount(0);
});
