import { expect, type Locator, type Page, test } from '@playwright/test';
import { startWidgetEnv, type WidgetEnv } from './support/widget-env';
import { WidgetPage } from './support/widget-page';

// How much of the screen the open widget takes: never more than the viewport allows. On a desktop
// the host page's top edge stays visible; on a phone (upright or sideways) the chat fills the
// screen but keeps out of the safe-area insets (notch, home indicator) that a page drawn with
// viewport-fit=cover extends under.
let env: WidgetEnv;
test.beforeAll(async () => {
  env = await startWidgetEnv();
});
test.afterAll(async () => {
  await env?.stop();
});

type Insets = { top: number; right: number; bottom: number; left: number };
type Box = { x: number; y: number; width: number; height: number };

/** Makes env(safe-area-inset-*) what a notched phone reports (Chromium's DevTools emulation). */
async function emulateSafeArea(page: Page, insets: Insets) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets });
}

/** The open widget's frame and the part of it the chat is drawn in (inside any border). */
async function openWidget(page: Page, fitCover = false) {
  const widget = new WidgetPage(page);
  await widget.goto(env.host.page({ viewportFit: fitCover }));
  await widget.open();
  await expect(widget.chat.composer).toBeVisible();
  const frame = (await widget.frameElement.boundingBox()) as Box;
  const chat = await widget.frameElement.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return {
      x: box.x + element.clientLeft,
      y: box.y + element.clientTop,
      width: element.clientWidth,
      height: element.clientHeight,
    };
  });
  return { widget, frame, chat };
}

/**
 * Where an element of the chat is on the screen: its place in the frame plus where the frame
 * draws (Playwright's boundingBox leaves out the border of an iframe in a shadow root).
 */
async function onScreen(element: Locator, chat: Box): Promise<Box> {
  const box = await element.evaluate((node) => node.getBoundingClientRect().toJSON());
  return { x: chat.x + box.x, y: chat.y + box.y, width: box.width, height: box.height };
}

const within = (inner: Box, outer: Box) => {
  expect(inner.x).toBeGreaterThanOrEqual(outer.x);
  expect(inner.y).toBeGreaterThanOrEqual(outer.y);
  expect(inner.x + inner.width).toBeLessThanOrEqual(outer.x + outer.width);
  expect(inner.y + inner.height).toBeLessThanOrEqual(outer.y + outer.height);
};

for (const { width, height, panelHeight } of [
  { width: 1280, height: 800, panelHeight: 680 },
  { width: 1280, height: 600, panelHeight: 600 - 20 - 68 - 20 },
]) {
  test.describe(`on a ${width}×${height} desktop`, () => {
    test.use({ viewport: { width, height } });

    test('the panel sits above the launcher and leaves the top of the page visible', async ({ page }) => {
      const { widget, frame } = await openWidget(page);
      const launcher = (await widget.launcher.boundingBox()) as Box;
      expect(frame.width).toBe(400);
      expect(frame.height).toBe(panelHeight);
      // At least the launcher's own margin (20 px) of the host page shows above the panel.
      expect(frame.y).toBeGreaterThanOrEqual(20);
      expect(frame.y + frame.height).toBeLessThanOrEqual(launcher.y - 12);
      expect(frame.x + frame.width).toBe(width - 20);
      within(frame, { x: 0, y: 0, width, height });
    });
  });
}

test.describe('on a phone with a notch and a home indicator', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const insets = { top: 47, right: 0, bottom: 34, left: 0 };

  test('the chat fills the screen inside the safe area', async ({ page }) => {
    await emulateSafeArea(page, insets);
    const { widget, frame, chat } = await openWidget(page, true);
    expect(frame).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    expect(chat).toEqual({ x: 0, y: 47, width: 390, height: 844 - 47 - 34 });
    // What the visitor touches is clear of the status bar and the home indicator.
    const safe = { x: 0, y: 47, width: 390, height: 844 - 47 - 34 };
    within(await onScreen(widget.chat.composer, chat), safe);
    within(await onScreen(widget.frame.getByRole('button', { name: 'Close chat' }), chat), safe);

    // The keyboard takes the lower part of the screen: the chat shrinks with the visual viewport.
    await page.setViewportSize({ width: 390, height: 500 });
    await expect
      .poll(() => widget.frameElement.boundingBox())
      .toEqual({ x: 0, y: 0, width: 390, height: 500 });
    await expect(widget.chat.composer).toBeInViewport();
  });
});

test.describe('on a phone held sideways', () => {
  test.use({ viewport: { width: 844, height: 390 }, isMobile: true, hasTouch: true });
  const insets = { top: 0, right: 47, bottom: 21, left: 47 };

  test('the chat fills the screen, clear of the notch on either side', async ({ page }) => {
    await emulateSafeArea(page, insets);
    const { widget, frame, chat } = await openWidget(page, true);
    expect(frame).toEqual({ x: 0, y: 0, width: 844, height: 390 });
    expect(chat).toEqual({ x: 47, y: 0, width: 844 - 94, height: 390 - 21 });
    within(await onScreen(widget.chat.composer, chat), chat);
    within(await onScreen(widget.frame.getByRole('button', { name: 'Close chat' }), chat), chat);
  });
});
