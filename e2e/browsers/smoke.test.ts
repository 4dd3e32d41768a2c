import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startWidgetEnv, type WidgetEnv } from '../support/widget-env';
import { launchFirefox } from './firefox';
import { endAllGroups, type SmokeBrowser, waitFor } from './smoke-browser';
import { launchWebKit } from './webkit';

// The widget flow of e2e/widget.spec.ts, in the browsers Playwright does not cover here:
// Debian's Firefox ESR (WebDriver BiDi) and WebKitGTK (WebDriver). A browser that cannot
// start fails its test: nothing is skipped.

const { messageLabel } = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'messages', 'en.json'), 'utf8')) as {
    chat: { messageLabel: string };
  }
).chat;

/**
 * A same-origin script of the host page, run before the loader: the strict CSP blocks inline
 * scripts, and WebDriver classic cannot inject one before a page loads.
 */
const HOST_PROBE = `window.__smoke = { violations: [], errors: [] };
document.addEventListener('securitypolicyviolation', (e) => __smoke.violations.push(e.effectiveDirective + ' ' + e.blockedURI));
window.addEventListener('error', (e) => __smoke.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => __smoke.errors.push(String(e.reason)));
`;

const LAUNCHER = `const button = document.querySelector('parley-chat')?.shadowRoot?.querySelector('button');
return button ? [button.getAttribute('aria-label'), button.getAttribute('aria-expanded')] : null;`;

/** Records every state of the last answer, to tell a streamed answer from one that arrived whole. */
const WATCH_ANSWER = `const seen = (window.__smokeSeen = []);
new MutationObserver(() => {
  const answers = document.querySelectorAll('li[data-role="assistant"]');
  const last = answers[answers.length - 1];
  if (last) seen.push([last.getAttribute('data-status'), last.textContent]);
}).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });`;

const CONVERSATION = `return [...document.querySelectorAll('li[data-role]')].map((li) => [
  li.getAttribute('data-role'), li.getAttribute('data-status'), li.textContent,
]);`;

type Item = [role: string, status: string, text: string];
type Launcher = [label: string, expanded: string] | null;

let env: WidgetEnv;
beforeAll(async () => {
  env = await startWidgetEnv();
});
afterAll(async () => {
  await env?.stop();
});

const BROWSERS = [
  ['Firefox ESR', launchFirefox],
  ['WebKitGTK', launchWebKit],
] as const;

for (const [label, launch] of BROWSERS) {
  describe(label, () => {
    let browser: SmokeBrowser | undefined;
    afterAll(async () => {
      await browser?.close();
      // Processes of a launch that failed half-way, too.
      await endAllGroups();
    });

    test('a host page with a strict CSP gets the chat: it streams and survives a reload', async () => {
      browser = await launch();
      const b = browser;
      console.info(`${label}: ${b.name}`);
      const question = `Hello from ${label}`;
      const answer = `Echo: ${question}`;

      await b.goto(env.host.page({ before: HOST_PROBE }));
      expect(await waitFor('the launcher', () => b.host<Launcher>(LAUNCHER), Boolean)).toEqual([
        'Open chat',
        'false',
      ]);
      // No iframe before the visitor comes near the launcher.
      expect(
        await b.host("return document.querySelector('parley-chat').shadowRoot.querySelector('iframe')"),
      ).toBe(null);

      await b.clickLauncher();
      await waitFor(
        'the launcher to say the chat is open',
        () => b.host<Launcher>(LAUNCHER),
        (v) => v?.[1] === 'true',
      );
      // The frame's HTML shows the composer at once; the chat has taken over (and put the focus
      // there) once the conversation region is no longer busy.
      await waitFor(
        'the chat in the frame, ready',
        () =>
          b.chat(
            `return !!document.querySelector('textarea[aria-label="${messageLabel}"]:not([disabled])') && !!document.querySelector('main[aria-busy="false"]')`,
          ),
        Boolean,
      );

      await b.chat(WATCH_ANSWER);
      // Straight after opening, without a click in the chat: what is typed lands in the composer.
      await b.typeAndEnter(`${question} [[gap 80]]`);
      await waitFor(
        'the typed message to be sent (did the keys reach the composer?)',
        () => b.chat<Item[]>(CONVERSATION),
        (list) => list[0]?.[0] === 'user',
        10_000,
      );
      const items = await waitFor(
        'the answer to complete',
        () => b.chat<Item[]>(CONVERSATION),
        (list) => list.at(-1)?.[0] === 'assistant' && list.at(-1)?.[1] === 'complete',
      );
      expect(items.map(([role]) => role)).toEqual(['user', 'assistant']);
      expect(items[0][2]).toContain(question);
      expect(items[1][2]).toContain(answer);
      // It streamed: the answer was on screen in part before it was whole.
      const seen = await b.chat<Array<[string, string]>>('return window.__smokeSeen');
      const partial = seen.filter(([status, text]) => status === 'streaming' && text.includes('Echo:'));
      expect(partial.length, JSON.stringify(seen)).toBeGreaterThan(0);
      expect(
        partial.some(([, text]) => !text.includes(answer)),
        JSON.stringify(partial),
      ).toBe(true);

      // The visitor is kept in the host page's own storage: wait for it before reloading.
      const stored = await waitFor(
        'the visitor in the host page storage',
        () => b.host<string | null>("return localStorage.getItem('parley:default')"),
        (value) => Boolean(value && JSON.parse(value).conversation),
      );
      expect(JSON.parse(stored ?? '{}').token).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      expect(await b.host('return window.__smoke')).toEqual({ violations: [], errors: [] });

      await b.reload();
      expect(
        await waitFor('the launcher after the reload', () => b.host<Launcher>(LAUNCHER), Boolean),
      ).toEqual(['Open chat', 'false']);
      await b.clickLauncher();
      const again = await waitFor(
        'the same conversation after the reload',
        () => b.chat<Item[]>(CONVERSATION),
        (list) => list.length === 2 && list[1][1] === 'complete',
      );
      expect(again.map(([role]) => role)).toEqual(['user', 'assistant']);
      expect(again[0][2]).toContain(question);
      expect(again[1][2]).toContain(answer);

      expect(await b.host('return window.__smoke')).toEqual({ violations: [], errors: [] });
      const logged = b.errors();
      if (logged) expect(logged).toEqual([]);
      // The probe, and the browser's log, do see violations: a <style> element is one here.
      await b.host(
        "const style = document.createElement('style'); style.textContent = 'p { color: red }'; document.head.append(style);",
      );
      const violations = await waitFor(
        'the probe to report a style-src violation',
        () => b.host<string[]>('return window.__smoke.violations'),
        (list) => list.length > 0,
        5000,
      );
      expect(violations).toEqual([expect.stringMatching(/^style-src(-elem)? /)]);
      if (logged) {
        await waitFor(
          'the browser log to report it',
          async () => b.errors() ?? [],
          (list) => list.some((line) => line.includes('style-src')),
        );
      }
    });
  });
}
