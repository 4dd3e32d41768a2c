import { expect, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { ChatPage } from './support/chat-page';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';
import { installProbe } from './support/widget-page';

/*
 * Every page's Content-Security-Policy (issue 15, docs/security.md): a new nonce per request for
 * scripts, no inline script or eval, images from this server (and the site's avatar host) only,
 * nothing framed or framing that should not be; the console's policy is stricter. In Chromium the
 * pages work under it without a single violation, and a script injected into them does not run.
 */
const ADMIN = 'csp-spec-admin-token-0123456789abcdefghij';

function directives(policy: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

let upstream: FakeUpstream;
let app: RunningApp;

test.beforeAll(async () => {
  upstream = await startFakeUpstream();
  app = await startApp({
    OPENAI_BASE_URL: upstream.url,
    OPENAI_API_KEY: 'test',
    ADMIN_API_TOKEN: ADMIN,
    CHAT_AVATAR_URL: 'https://cdn.example.com/logo.png',
  });
});
test.afterAll(async () => {
  await app?.stop();
  await upstream?.close();
});

test('every page sends a nonce policy: no inline scripts, no eval, no foreign images, no plugins, no base', async () => {
  for (const path of ['/', '/embed/default', '/demo', '/admin', '/admin/sites/default', '/no-such-page']) {
    const first = await fetch(`${app.url}${path}`);
    const second = await fetch(`${app.url}${path}`);
    const policy = directives(first.headers.get('content-security-policy'));
    const script = policy.get('script-src') ?? [];
    const nonce = script.find((v) => v.startsWith("'nonce-"));
    expect(nonce, path).toMatch(/^'nonce-[A-Za-z0-9+/=]{22,}'$/);
    expect(script, path).toContain("'strict-dynamic'");
    expect(script.join(' '), path).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
    // A new nonce on every request, and the page's scripts carry this one.
    expect(second.headers.get('content-security-policy'), path).not.toBe(
      first.headers.get('content-security-policy'),
    );
    const html = await first.text();
    const value = nonce?.slice(7, -1) ?? '';
    expect(html, path).toContain(`nonce="${value}"`);
    expect(policy.get('object-src'), path).toEqual(["'none'"]);
    expect(policy.get('base-uri'), path).toEqual(["'none'"]);
    expect(policy.get('default-src'), path).toEqual(["'self'"]);
    const images = policy.get('img-src') ?? [];
    expect(images, path).not.toContain('*');
    expect(images.join(' '), path).not.toMatch(/(^| )(https?:|http:\/\/\*)( |$)/);
  }
});

test("the chat's policy admits its site's avatar host and nothing else; the console's admits none and is never framed", async () => {
  const chat = directives((await fetch(`${app.url}/`)).headers.get('content-security-policy'));
  expect(chat.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://cdn.example.com']);
  expect(chat.get('frame-ancestors')).toEqual(["'self'"]);
  expect(chat.get('frame-src')).toEqual(["'none'"]);
  const console = directives((await fetch(`${app.url}/admin`)).headers.get('content-security-policy'));
  expect(console.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  expect(console.get('frame-ancestors')).toEqual(["'none'"]);
  expect(console.get('form-action')).toEqual(["'self'"]);
  const embed = directives((await fetch(`${app.url}/embed/default`)).headers.get('content-security-policy'));
  expect(embed.get('frame-ancestors')).toEqual(["'self'"]);
  // The API is not a page: no nonce to leak into a JSON answer.
  const api = await fetch(`${app.url}/api/health`);
  expect(api.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
});

test('the chat, the demo and the console work under their policy, and a script injected into them does not run', async ({
  page,
}) => {
  await installProbe(page);
  const violations = () =>
    page.evaluate(
      () => (window as unknown as { __parleyProbe: { violations: string[] } }).__parleyProbe.violations,
    );
  // What markup injected into a page can try: an event handler attribute, a javascript: link,
  // and an inline script parsed from HTML. (A script element created by code that already runs is
  // trusted by 'strict-dynamic' by design: such code has won already, which is what the nonce prevents.)
  const inject = () =>
    page.evaluate(() => {
      const handler = document.createElement('img');
      handler.setAttribute('src', 'data:,x');
      handler.setAttribute('onerror', 'window.__injected = true');
      document.body.append(handler);
      const link = document.createElement('a');
      link.href = 'javascript:window.__injected = true';
      document.body.append(link);
      link.click();
      const frame = document.createElement('iframe');
      frame.srcdoc = '<script>parent.__injected = true</script>';
      document.body.append(frame);
      return new Promise((resolve) => setTimeout(resolve, 300));
    });
  const injected = () =>
    page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected === true);

  await page.goto(`${app.url}/`);
  const chat = new ChatPage(page);
  await chat.ask('Hello under a strict policy');
  await expect(chat.lastAnswer()).toContainText('Echo: Hello under a strict policy');
  expect(await violations()).toEqual([]);
  await inject();
  expect(await injected()).toBe(false);
  expect((await violations()).some((v) => v.startsWith('script-src'))).toBe(true);

  await page.goto(`${app.url}/demo`);
  await expect(page.locator('parley-chat button')).toBeVisible();
  expect(await violations()).toEqual([]);

  await page.goto(`${app.url}/admin`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await violations()).toEqual([]);
  await inject();
  expect(await injected()).toBe(false);
});
