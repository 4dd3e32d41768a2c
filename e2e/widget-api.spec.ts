import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { root } from './support/app';
import { startWidgetEnv, type WidgetEnv } from './support/widget-env';
import { installProbe, WidgetPage } from './support/widget-page';

// The JavaScript API, the data attributes and the loader's manners on the host page.
let env: WidgetEnv;
test.beforeAll(async () => {
  env = await startWidgetEnv();
});
test.afterAll(async () => {
  await env?.stop();
});
test.beforeEach(async ({ page }) => {
  await installProbe(page);
});

type HostWindow = Window & { hostEvents: string[] };
const hostEvents = (page: Page) => page.evaluate(() => (window as unknown as HostWindow).hostEvents);

/** Adds the snippet again, as a second tag or an SPA re-rendering its layout would. */
async function insertSnippetAgain(page: Page, chatOrigin: string) {
  await page.evaluate(
    (src) =>
      new Promise((resolve) => {
        const script = document.createElement('script');
        script.src = src;
        script.dataset.site = 'default';
        script.onload = resolve;
        document.body.append(script);
      }),
    `${chatOrigin}/embed.js`,
  );
}

test('commands queued before the script loads run in order, and events reach their handlers', async ({
  page,
}) => {
  const widget = new WidgetPage(page);
  await widget.goto(
    env.host.page({
      before: `
        window.hostEvents = [];
        for (const name of ['ready', 'open', 'close', 'message']) {
          Parley('on', name, (detail) => hostEvents.push(detail ? name + ':' + detail.text : name));
        }
        Parley('open');`,
    }),
  );
  await expect(widget.launcher).toHaveAttribute('aria-expanded', 'true');
  await expect(widget.chat.composer).toBeVisible();
  await expect.poll(() => hostEvents(page)).toEqual(['ready', 'open']);

  await widget.call('close');
  await expect(widget.launcher).toHaveAttribute('aria-expanded', 'false');
  await expect(widget.frameElement).toBeHidden();
  await widget.call('toggle');
  await expect(widget.frameElement).toBeVisible();
  await widget.call('toggle');
  await expect(widget.frameElement).toBeHidden();
  await expect.poll(() => hostEvents(page)).toEqual(['ready', 'open', 'close', 'open', 'close']);

  await widget.call('open');
  await widget.call('send', 'Sent by the page');
  await expect(widget.chat.lastAnswer()).toContainText('Echo: Sent by the page');
  await expect.poll(() => hostEvents(page)).toContain('message:Echo: Sent by the page');

  // A handler that subscribes after 'ready' still hears it; unknown commands are ignored.
  await page.evaluate(() => {
    const w = window as unknown as HostWindow & { Parley: (...args: unknown[]) => void };
    w.Parley('on', 'ready', () => w.hostEvents.push('late ready'));
    w.Parley('no-such-command');
    w.Parley('__proto__');
  });
  await expect.poll(() => hostEvents(page)).toContain('late ready');
});

test('a reply that arrives while the chat is closed shows an unread badge', async ({ page }) => {
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page());
  await expect(widget.badge).toBeHidden();
  await widget.call('send', 'Are you open on Sundays?');
  await expect(widget.badge).toBeVisible();
  await expect(widget.badge).toHaveText('1');
  await expect(widget.launcher).toHaveAccessibleName('Open chat (1 new message)');
  await widget.call('send', 'And on holidays?');
  await expect(widget.badge).toHaveText('2');
  await expect(widget.launcher).toHaveAccessibleName('Open chat (2 new messages)');

  await widget.open();
  await expect(widget.badge).toBeHidden();
  await expect(widget.chat.assistantMessages).toContainText([
    'Echo: Are you open on Sundays?',
    'Echo: And on holidays?',
  ]);
  // Replies read while open leave no badge behind.
  await widget.chat.ask('One more');
  await widget.call('close');
  await expect(widget.badge).toBeHidden();
  await expect(widget.launcher).toHaveAccessibleName('Open chat');
});

test('data attributes place, colour, raise and open the widget', async ({ page }) => {
  const widget = new WidgetPage(page);
  await widget.goto(
    env.host.page({ attrs: { position: 'left', offset: '32 96', color: '#ffcc00', 'z-index': '12345' } }),
  );
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const box = await widget.launcher.boundingBox();
  expect(box?.x).toBe(32);
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBe(viewport.height - 96);
  await expect(widget.launcher).toHaveCSS('background-color', 'rgb(255, 204, 0)');
  // A light colour gets a black icon: the one with the higher WCAG contrast.
  await expect(widget.launcher).toHaveCSS('color', 'rgb(0, 0, 0)');
  await expect(widget.launcher).toHaveCSS('z-index', '12345');

  await widget.open();
  const frame = await widget.frameElement.boundingBox();
  expect(frame?.x).toBe(32);
  await expect(widget.frameElement).toHaveCSS('z-index', '12345');
  // The chat's accent follows the site's colour, with readable text on it.
  await widget.chat.composer.fill('Colour check');
  await expect(widget.chat.sendButton).toHaveCSS('background-color', 'rgb(255, 204, 0)');
  await expect(widget.chat.sendButton).toHaveCSS('color', 'rgb(0, 0, 0)');
});

test('without attributes the launcher sits bottom right in the default colour', async ({ page }) => {
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page());
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const box = await widget.launcher.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBe(viewport.width - 20);
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBe(viewport.height - 20);
  await expect(widget.launcher).toHaveCSS('background-color', 'rgb(67, 56, 202)');
  await expect(widget.launcher).toHaveCSS('color', 'rgb(255, 255, 255)');
  await expect(widget.launcher).toHaveCSS('z-index', '9000');
});

test('data-locale sets the language of the chat and of the launcher', async ({ page }) => {
  const de = JSON.parse(readFileSync(path.join(root, 'messages', 'de.json'), 'utf8'));
  const widget = new WidgetPage(page);
  const url = env.host.page({ attrs: { locale: 'de' } });
  await widget.goto(url);
  await widget.open();
  await expect(widget.frame.locator('html')).toHaveAttribute('lang', 'de');
  await expect(widget.frame.getByRole('textbox', { name: de.chat.messageLabel })).toBeVisible();
  await expect(widget.launcher).toHaveAccessibleName(de.widget.close);
  await expect(widget.frameElement).toHaveAttribute('title', de.widget.frameTitle);
  await widget.call('close');
  await expect(widget.launcher).toHaveAccessibleName(de.widget.open);
  // The words are kept with the visitor: the next page has them before the chat is opened.
  await page.reload();
  await expect(widget.launcher).toHaveAccessibleName(de.widget.open);
});

test('data-open opens the chat on load without taking the focus', async ({ page }) => {
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page({ attrs: { open: '' } }));
  await expect(widget.launcher).toHaveAttribute('aria-expanded', 'true');
  await expect(widget.chat.composer).toBeVisible();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
});

test('loading the script twice or navigating with pushState never makes a second launcher', async ({
  page,
}) => {
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page({ inHead: true }));
  await expect(widget.launcher).toHaveCount(1);
  await insertSnippetAgain(page, env.app.url);
  await page.evaluate(() => history.pushState({}, '', '/products'));
  await insertSnippetAgain(page, env.app.url);
  await expect(page.locator('parley-chat')).toHaveCount(1);
  await expect(widget.launcher).toHaveCount(1);

  // An SPA that replaces <body> and renders the snippet again gets the same launcher back.
  await widget.open();
  await page.evaluate(() => {
    document.body.innerHTML = '<main><h1>Products</h1></main>';
  });
  await expect(widget.launcher).toHaveCount(0);
  await insertSnippetAgain(page, env.app.url);
  await expect(widget.launcher).toHaveCount(1);
  await expect(widget.chat.composer).toBeVisible();
});

test('the loader adds exactly one global and takes over no handler of the page', async ({ page }) => {
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page({ noStub: true, noSnippet: true }));
  const before = await page.evaluate(() => Object.getOwnPropertyNames(window));
  await insertSnippetAgain(page, env.app.url);
  await expect(widget.launcher).toBeVisible();
  await widget.open();
  await expect(widget.chat.composer).toBeVisible();
  const after = await page.evaluate(() => Object.getOwnPropertyNames(window));
  expect(after.filter((name) => !before.includes(name))).toEqual(['Parley']);
  const handlers = await page.evaluate(() => [
    window.onmessage,
    window.onkeydown,
    window.onload,
    document.onkeydown,
    document.body.onload,
  ]);
  expect(handlers).toEqual([null, null, null, null, null]);
  // Nothing styled in the host document itself: no <style>, no style="" anywhere.
  expect(await page.locator('style, [style]').count()).toBe(0);
});
