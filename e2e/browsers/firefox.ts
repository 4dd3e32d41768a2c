import { accessSync, constants } from 'node:fs';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import type { SmokeBrowser } from './smoke-browser';

/** Debian's Firefox ESR, driven over WebDriver BiDi by puppeteer-core (no geckodriver). */
export async function launchFirefox(): Promise<SmokeBrowser> {
  const executablePath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new Error(
      `Firefox is not at ${executablePath}: install Debian's firefox-esr (.ci/run does) or set FIREFOX_PATH`,
    );
  }
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      protocol: 'webDriverBiDi',
      headless: true,
      timeout: 45_000,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    throw new Error(`Firefox (${executablePath}) could not start: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const errors: string[] = [];
  let page: Page;
  try {
    page = await browser.newPage();
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
  // Script errors and console errors of the host page and of the chat's frame.
  page.on('pageerror', (error) => errors.push(`pageerror: ${(error as Error).message ?? error}`));
  page.on('console', (message) => {
    if (message.type() === 'error')
      errors.push(`console: ${message.text()} (${message.location().url ?? ''})`);
  });

  const chatFrame = (): Frame => {
    const frame = page.frames().find((f) => f.url().includes('/embed/'));
    if (!frame) throw new Error('the chat frame is not there');
    return frame;
  };
  const run = <T>(target: Page | Frame, body: string) =>
    target.evaluate(new Function(body) as () => T) as Promise<T>;

  let closed = false;
  return {
    name: await browser.version(),
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    async reload() {
      await page.reload({ waitUntil: 'load' });
    },
    host: (body) => run(page, body),
    chat: (body) => run(chatFrame(), body),
    async clickLauncher() {
      const launcher = await page.waitForSelector('parley-chat >>> button', { timeout: 20_000 });
      await launcher?.click();
    },
    async typeAndEnter(text) {
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    },
    errors: () => [...errors],
    async close() {
      if (closed) return;
      closed = true;
      const process = browser.process();
      const timer = setTimeout(() => process?.kill('SIGKILL'), 10_000);
      await browser.close().catch(() => process?.kill('SIGKILL'));
      clearTimeout(timer);
    },
  };
}
