import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { ConsolePage } from './support/console-page';

/*
 * A site's signed visitor identity in the owner's console, in Chromium against the production
 * build: the Identity tab, the first secret created (masked, shown, copied: the one the API
 * holds), a rotation with a grace period and one that stops the old secret at once, requiring
 * signed-in visitors (saved at once, and back to the environment's value), the warning on a site
 * with no secret, code samples that sign correctly and print no secret, axe, and the phone layout.
 */

const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery';

type Identity = {
  required: boolean;
  environmentSecret: boolean;
  secrets: { id: string; secret: string; createdAt: string; expiresAt: string | null }[];
};
type Site = { site: { settings: { identityRequired: boolean }; sources: Record<string, string> } };

test.describe("a site's identity in the console", () => {
  // axe runs twice (light, dark) on most steps: several seconds each on a small machine.
  test.describe.configure({ mode: 'serial', timeout: 150_000 });
  let app: RunningApp;
  let context: BrowserContext;
  let page: Page;
  let ui: ConsolePage;
  /** Every secret the server has handed out so far: none may appear in a code sample. */
  const seen: string[] = [];

  const identity = async (site = 'default') => {
    const answer = await ui.api<Identity>('GET', `/sites/${site}/identity`);
    expect(answer.status).toBe(200);
    for (const s of answer.body.secrets) if (!seen.includes(s.secret)) seen.push(s.secret);
    return answer.body;
  };
  const site = async (id = 'default') => (await ui.api<Site>('GET', `/sites/${id}`)).body.site;
  const secretBox = () => page.getByTestId('current-secret');
  const requireSwitch = () => page.getByRole('switch', { name: 'Require signed-in visitors' });

  test.beforeAll(async ({ browser }) => {
    app = await startApp({ ADMIN_EMAIL: EMAIL, ADMIN_PASSWORD: PASSWORD });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    page = await context.newPage();
    ui = new ConsolePage(page, app.url);
    await ui.goto('/admin/sites/default');
    await ui.logIn(EMAIL, PASSWORD);
    await expect(ui.siteTabs).toBeVisible();
  });
  test.afterAll(async () => {
    await context?.close();
    await app?.stop();
  });

  test('the site links to its identity page, which says that there is no secret yet', async () => {
    const tab = ui.siteTabs.getByRole('link', { name: 'Identity' });
    await tab.click();
    await expect(page).toHaveURL(`${app.url}/admin/sites/default/identity`);
    await expect(page).toHaveTitle('Identity · Parley console');
    await expect(tab).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 2, name: 'Secrets' })).toBeVisible();
    await expect(page.getByText('No secret yet.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create the secret' })).toBeVisible();
    await expect(secretBox()).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Rotate' })).toHaveCount(0);
    // No IDENTITY_SECRET on this server: no note that it verifies too.
    await expect(page.getByTestId('environment-secret')).toHaveCount(0);
    await expect(requireSwitch()).not.toBeChecked();
    await expect(page.getByTestId('setting-source')).toHaveText('From the environment');
    expect((await identity()).secrets).toEqual([]);
    await ui.expectAccessible('the identity page without a secret');
  });

  test('the secret created is masked; Show reveals the one the API holds, and Copy copies it', async () => {
    await page.getByRole('button', { name: 'Create the secret' }).click();
    await expect(ui.status(/^The secret was created\./)).toBeVisible();
    const { secrets } = await identity();
    expect(secrets).toHaveLength(1);
    expect(secrets[0].expiresAt).toBeNull();
    const secret = secrets[0].secret;

    // Masked: only its last characters are on the page, nowhere its whole value.
    await expect(secretBox()).toContainText(secret.slice(-4));
    await expect(secretBox()).not.toContainText(secret);
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('button', { name: 'Show the secret' }).click();
    await expect(secretBox()).toHaveText(secret);
    await page.getByRole('button', { name: 'Hide the secret' }).click();
    await expect(secretBox()).not.toContainText(secret);

    await page.getByRole('button', { name: 'Copy the secret' }).click();
    await expect(ui.status('The secret is on the clipboard.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await ui.expectAccessible('the identity page with its secret');
  });

  test('the code samples sign a user id as Parley checks it, and print no secret', async () => {
    const secret = (await identity()).secrets[0].secret;
    const samples = { 'Node.js': 'node', Python: 'python', PHP: 'php', Ruby: 'ruby' } as const;
    const calls = {
      node: "crypto.createHmac('sha256', secret).update(String(userId)).digest('hex')",
      python: 'hmac.new(secret.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()',
      php: "hash_hmac('sha256', (string) $userId, $secret)",
      ruby: "OpenSSL::HMAC.hexdigest('SHA256', secret, user_id.to_s)",
    };
    for (const [name, key] of Object.entries(samples)) {
      const tab = page.getByRole('tab', { name, exact: true });
      await tab.click();
      await expect(tab).toHaveAttribute('aria-selected', 'true');
      const code = page.getByTestId(`server-code-${key}`);
      await expect(code).toBeVisible();
      await expect(code).toContainText(calls[key]);
      await expect(code).toContainText('PARLEY_IDENTITY_SECRET');
      for (const s of seen) await expect(code).not.toContainText(s);
    }
    const pageCode = page.getByTestId('page-code');
    await expect(pageCode).toContainText("Parley('identify', {");
    await expect(pageCode).toContainText('userHash');
    await expect(pageCode).toContainText("Parley('reset');");
    for (const s of seen) await expect(pageCode).not.toContainText(s);

    // The Node.js sample, run as it is with the secret in its environment, gives Parley's hash.
    await page.getByRole('tab', { name: 'Node.js', exact: true }).click();
    const node = (await page.getByTestId('server-code-node').textContent()) ?? '';
    const sandbox = {
      require: createRequire(import.meta.url),
      process: { env: { PARLEY_IDENTITY_SECRET: secret } },
      userId: 42,
    };
    const hash = vm.runInNewContext(`${node}\n;userHash`, sandbox);
    expect(hash).toBe(createHmac('sha256', secret).update('42').digest('hex'));

    await page.getByRole('button', { name: 'Copy the Node.js code' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(node);
  });

  test('a rotation with 24 hours of grace lists the old secret with its end; one without ends it', async () => {
    const old = (await identity()).secrets[0];
    const grace = page.getByLabel('Grace period of the old secret');
    await expect(grace).toHaveValue('24');
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    await expect(ui.dialog).toContainText('Rotate the identity secret?');
    await expect(ui.dialog).toContainText('keeps verifying signatures for 24 hours, until');
    await ui.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(ui.dialog).toBeHidden();
    expect((await identity()).secrets).toHaveLength(1);

    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    const asked = Date.now();
    await ui.dialog.getByRole('button', { name: 'Rotate the secret' }).click();
    await expect(ui.dialog).toBeHidden();
    await expect(ui.status(/^A new secret is current\. The old one stops working /)).toBeVisible();

    const after = await identity();
    expect(after.secrets).toHaveLength(2);
    const [current, earlier] = after.secrets;
    expect(current.expiresAt).toBeNull();
    expect(current.secret).not.toBe(old.secret);
    expect(earlier.secret).toBe(old.secret);
    const ends = Date.parse(earlier.expiresAt ?? '');
    expect(Math.abs(ends - (asked + 24 * 3600_000))).toBeLessThan(5 * 60_000);

    const listed = page.getByTestId('earlier-secret');
    await expect(listed).toHaveCount(1);
    await expect(listed).toContainText(`Secret ending in ${old.secret.slice(-4)}`);
    await expect(listed).toContainText('Stops working');
    await expect(listed.locator('time')).toHaveAttribute('datetime', earlier.expiresAt ?? '');
    await expect(secretBox()).not.toContainText(current.secret);
    await page.getByRole('button', { name: 'Show the secret' }).click();
    await expect(secretBox()).toHaveText(current.secret);
    await ui.expectAccessible('the identity page after a rotation');

    // A leaked secret: no grace, and every earlier secret stops at once.
    await grace.selectOption({ label: 'Stop at once' });
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    await expect(ui.dialog).toContainText('the old secrets stop working at once');
    await ui.dialog.getByRole('button', { name: 'Rotate the secret' }).click();
    await expect(ui.dialog).toBeHidden();
    await expect(ui.status('A new secret is current. The old one no longer works.')).toBeVisible();
    await expect(listed).toHaveCount(0);
    const stopped = await identity();
    expect(stopped.secrets).toHaveLength(1);
    expect([old.secret, current.secret]).not.toContain(stopped.secrets[0].secret);
  });

  test('requiring signed-in visitors is saved at once, and the reset gives the environment its say', async () => {
    await requireSwitch().check();
    await expect(ui.status('Saved: only signed-in visitors can chat now.')).toBeVisible();
    await expect(ui.dialog).toBeHidden();
    let saved = await site();
    expect(saved.settings.identityRequired).toBe(true);
    expect(saved.sources.identityRequired).toBe('console');
    // The setting holds: an anonymous visitor of the site is refused.
    const refused = await page.request.post(`${app.url}/api/visitors`, { data: { siteId: 'default' } });
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('identity_required');

    await page.reload();
    await expect(requireSwitch()).toBeChecked();
    await expect(page.getByTestId('setting-source')).toHaveText('Set in the console');
    await page.getByRole('button', { name: "Use the environment's value" }).click();
    await expect(
      ui.status("Back to the environment's value: every visitor can chat, signed in or not."),
    ).toBeVisible();
    await expect(requireSwitch()).not.toBeChecked();
    await expect(requireSwitch()).toBeFocused();
    await expect(page.getByRole('button', { name: "Use the environment's value" })).toHaveCount(0);
    saved = await site();
    expect(saved.settings.identityRequired).toBe(false);
    expect(saved.sources.identityRequired).toBe('environment');
  });

  test('on a site with no secret, requiring visitors to sign in warns that everyone would be refused', async () => {
    const created = await ui.api('POST', '/sites', { id: 'shop', name: 'Shop' });
    expect(created.status).toBe(201);
    await ui.goto('/admin/sites/shop/identity');
    await expect(ui.heading).toHaveText('Shop');
    // Not check(): the switch stays off while the question is open.
    await requireSwitch().click();
    await expect(ui.dialog).toContainText('Refuse every visitor?');
    await expect(ui.dialog).toContainText('every visitor is refused');
    await ui.expectAccessible('the warning before refusing every visitor');
    await ui.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(ui.dialog).toBeHidden();
    await expect(requireSwitch()).not.toBeChecked();
    expect((await site('shop')).settings.identityRequired).toBe(false);

    await requireSwitch().click();
    await ui.dialog.getByRole('button', { name: 'Require anyway' }).click();
    await expect(ui.dialog).toBeHidden();
    await expect(requireSwitch()).toBeChecked();
    expect((await site('shop')).settings.identityRequired).toBe(true);
    await expect(ui.alert).toContainText('Every visitor is refused');
    // Only the default site has an environment's value of its own to go back to.
    await expect(page.getByRole('button', { name: "Use the environment's value" })).toHaveCount(0);

    await page.getByRole('button', { name: 'Create the secret' }).click();
    await expect(secretBox()).toBeVisible();
    await expect(ui.alert).toHaveCount(0);
    expect((await identity('shop')).secrets).toHaveLength(1);
  });

  test('on a phone nothing scrolls sideways, even with the secret shown', async () => {
    await ui.goto('/admin/sites/default/identity');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Show the secret' }).click();
    await expect(secretBox()).toHaveText((await identity()).secrets[0].secret);
    for (const name of ['Node.js', 'Python', 'PHP', 'Ruby']) {
      await page.getByRole('tab', { name, exact: true }).click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
    }
    await ui.expectAccessible('the identity page on a phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
