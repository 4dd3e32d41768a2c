import { readFileSync } from 'node:fs';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { ConsolePage } from './support/console-page';
import { ApiClient, streamOf } from './support/sse';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';

/*
 * The owner's console at /admin, in Chromium against the production build: the first owner set
 * up with the code from the server's log, login and logout, conversations found, read, exported
 * and deleted, tokens and owners, the performance charts, axe in light and dark, and the console's
 * code kept out of the visitor's bundles.
 */

const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery';

test.describe('the console', () => {
  // axe runs twice (light, dark) on most pages: several seconds each on a small machine.
  test.describe.configure({ mode: 'serial', timeout: 150_000 });
  let upstream: FakeUpstream;
  let app: RunningApp;
  let context: BrowserContext;
  let page: Page;
  let ui: ConsolePage;

  test.beforeAll(async ({ browser }) => {
    upstream = await startFakeUpstream({ ttftMs: 40 });
    app = await startApp({ OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'sk-test-console' });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    ui = new ConsolePage(page, app.url);
  });
  test.afterAll(async () => {
    await context?.close();
    await app?.stop();
    await upstream?.close();
  });

  test('the first owner is set up with the code from the server log, logs out, and logs in', async () => {
    const response = await ui.goto('/admin/settings');
    expect(response?.headers()['cache-control']).toBe('no-store');
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect(ui.heading).toHaveText('Set up Parley');
    await expect(page.getByText(/prints it in its log at start/)).toBeVisible();
    await ui.expectAccessible('the setup form');

    // A wrong code is refused and creates nothing.
    await ui.setUp('AAAA-BBBB-CCCC-DDDD', EMAIL, PASSWORD);
    await expect(ui.alert).toContainText('setup code is wrong');
    await expect.poll(() => /setup code ([A-Z2-9-]{19})/.exec(app.logs())?.[1]).toBeTruthy();
    const code = /setup code ([A-Z2-9-]{19})/.exec(app.logs())?.[1] ?? '';
    await ui.setUp(code, EMAIL, PASSWORD);
    // The page asked for comes up once the owner exists.
    await expect(ui.heading).toHaveText('Settings');
    await expect(ui.nav).toBeVisible();
    await expect(page.getByTestId('console-owner')).toHaveText(EMAIL);

    await ui.logoutButton.click();
    await expect(ui.heading).toHaveText('Log in to Parley');
    await expect(page).toHaveURL(`${app.url}/admin`);
    // Logged out on the server too: the API no longer knows this browser.
    const session = await page.request.get(`${app.url}/api/admin/session`);
    expect(session.status()).toBe(401);

    await ui.logIn(EMAIL, 'not the password at all');
    await expect(ui.alert).toHaveText('The email or the password is wrong.');
    await ui.expectAccessible('the login form with an error');
    await ui.logIn(EMAIL, PASSWORD);
    await expect(ui.heading).toHaveText('Conversations');
    await expect(ui.nav.getByRole('link', { name: 'Conversations' })).toHaveAttribute('aria-current', 'page');
  });

  test('too many failed logins: the form says how long to wait', async ({ browser }) => {
    for (let i = 0; i < 10; i++) {
      await fetch(`${app.url}/api/admin/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'guessing' }),
      });
    }
    const other = await browser.newContext();
    const login = new ConsolePage(await other.newPage(), app.url);
    await login.goto();
    await login.logIn('nobody@example.com', 'guessing again');
    await expect(login.alert).toHaveText(/^Too many attempts\. Try again in \d+ minutes?\.$/);
    await other.close();
  });

  test('a conversation is found by search, read with its costs and feedback, exported, and deleted', async () => {
    const visitor = new ApiClient(app.url);
    await visitor.visitor();
    const sent = await visitor.chat('Do you ship parcels to Morocco?');
    expect(sent.end).toMatchObject({ type: 'done', status: 'complete' });
    const vote = await visitor.post(`/api/messages/${sent.assistantMessageId}/feedback`, {
      rating: 'down',
      comment: 'I wanted the price too',
    });
    expect(vote.status).toBe(200);
    const other = new ApiClient(app.url);
    await other.visitor();
    expect((await other.chat('What are your opening hours?')).end).toMatchObject({ type: 'done' });

    await ui.goto('/admin');
    await expect(ui.rows).toHaveCount(2);
    await ui.search.fill('morocc');
    await ui.search.press('Enter');
    await expect(page).toHaveURL(/[?&]q=morocc/);
    await expect(ui.rows).toHaveCount(1);
    const row = ui.rows.first();
    await expect(row).toContainText('Do you ship parcels to Morocco?');
    await expect(row).toContainText('2 messages');
    await expect(row).toContainText('Thumbs down: 1');
    await ui.expectAccessible('the conversations list');

    // The filters are in the URL: a shared link opens the same selection.
    const shared = await context.newPage();
    await shared.goto(page.url());
    await expect(new ConsolePage(shared, app.url).rows).toHaveCount(1);
    await shared.close();

    // Exports: the current selection, as JSON Lines and as CSV.
    const jsonl = await download(page, 'Export JSON Lines');
    const lines = jsonl
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.content)).toEqual(['Do you ship parcels to Morocco?', sent.text]);
    expect(lines[1]).toMatchObject({ role: 'assistant', comment: 'I wanted the price too' });
    const csv = (await download(page, 'Export CSV')).trim().split('\r\n');
    expect(csv[0]).toMatch(/^conversationId,siteId,title,messageId/);
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain('Do you ship parcels to Morocco?');

    await row.getByRole('link').click();
    await expect(ui.heading).toHaveText('Do you ship parcels to Morocco?');
    await expect(ui.messages).toHaveCount(2);
    const answer = ui.messages.nth(1);
    await expect(answer).toContainText(sent.text);
    const model = String(
      upstream.requests.find((r) => JSON.stringify(r.messages).includes('Morocco'))?.model,
    );
    await expect(answer.getByRole('definition').first()).toHaveText(model);
    await expect(answer).toContainText(/Time to first token\s*\d+ ms/);
    await expect(answer).toContainText(/Tokens in \/ out\s*\d+ in \/ \d+ out/);
    await expect(answer).toContainText('Complete');
    await expect(answer.getByTestId('feedback')).toHaveText('Thumbs down');
    await expect(answer).toContainText('I wanted the price too');
    await ui.expectAccessible('a transcript');

    // Delete, with a confirmation first; Esc keeps the conversation and gives focus back.
    const deleteButton = page.getByRole('button', { name: 'Delete conversation' });
    await deleteButton.click();
    await expect(ui.dialog).toBeVisible();
    await expect(ui.dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await ui.expectAccessible('the delete dialog');
    await page.keyboard.press('Escape');
    await expect(ui.dialog).toBeHidden();
    await expect(deleteButton).toBeFocused();
    await deleteButton.click();
    await ui.dialog.getByRole('button', { name: 'Delete for good' }).click();
    await expect(page).toHaveURL(`${app.url}/admin`);
    await expect(ui.rows).toHaveCount(1);
    await expect(ui.rows.first()).toContainText('What are your opening hours?');
    await ui.search.fill('morocc');
    await ui.search.press('Enter');
    await expect(page.getByText('No conversation matches these filters.')).toBeVisible();
    expect((await visitor.get(`/api/conversations/${sent.conversationId}`)).status).toBe(404);
  });

  test('a transcript follows an answer while it is written', async () => {
    const visitor = new ApiClient(app.url);
    await visitor.visitor();
    const response = await visitor.post('/api/chat', {
      content: 'Tell me a long story [[words 60]] [[gap 60]]',
      messageId: crypto.randomUUID(),
    });
    const stream = streamOf(response);
    await stream.until((text) => text.includes('"delta"'));
    await ui.goto(`/admin/conversations/${stream.conversationId()}`);
    const answer = ui.messages.nth(1);
    await expect(answer).toHaveAttribute('data-status', 'streaming');
    await expect(page.getByRole('status').filter({ hasText: 'updates every 2 seconds' })).toBeVisible();
    await stream.rest();
    // No reload: the page reads the transcript again while an answer streams.
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 8_000 });
    await expect(answer).toContainText('Complete');
  });

  test('API tokens are created (shown once), used, and revoked; owners are added, never the last removed', async () => {
    await ui.goto('/admin/settings');
    await page.getByLabel('Name', { exact: true }).fill('CI export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const box = page.getByTestId('new-token');
    await expect(box).toContainText('shown only this once');
    const secret = await box.getByLabel('Token').inputValue();
    expect(secret).toMatch(/^pat_/);
    await ui.expectAccessible('settings with a new token');
    const withToken = () =>
      fetch(`${app.url}/api/admin/owners`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await withToken()).status).toBe(200);
    await box.getByRole('button', { name: 'I have copied it' }).click();
    await expect(box).toBeHidden();
    await page.reload();
    await expect(page.getByText(secret)).toHaveCount(0);

    const tokenRow = page.getByTestId('token-row').filter({ hasText: 'CI export' });
    await expect(tokenRow).toContainText('Active');
    await tokenRow.getByRole('button', { name: 'Revoke CI export' }).click();
    await ui.dialog.getByRole('button', { name: 'Revoke token' }).click();
    await expect(tokenRow).toContainText('Revoked');
    expect((await withToken()).status).toBe(401);

    // Owners: another one is added and removed; the last one cannot be.
    await page.getByRole('textbox', { name: 'Email' }).fill('colleague@example.com');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Add an owner' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'colleague@example.com can now log in.' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Remove colleague@example.com' }).click();
    await ui.dialog.getByRole('button', { name: 'Remove owner' }).click();
    await expect(page.getByRole('button', { name: 'Remove colleague@example.com' })).toHaveCount(0);
    await page.getByRole('button', { name: `Remove ${EMAIL}` }).click();
    await ui.dialog.getByRole('button', { name: 'Remove owner' }).click();
    await expect(ui.dialog.getByRole('alert')).toHaveText(
      'The last owner cannot be removed: add another owner first.',
    );
    await ui.expectAccessible('the refused removal of the last owner');
    await ui.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: EMAIL })).toBeVisible();
  });

  test('performance: charts per site and day, with the numbers in tables; uPlot only on this page', async () => {
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.push(r.url());
    });
    await ui.goto('/admin/performance');
    await expect(ui.heading).toHaveText('Performance');
    const bySite = page.getByRole('table').first();
    await expect(bySite.getByRole('row', { name: /default/ })).toBeVisible();
    const figures = page.getByRole('figure');
    await expect(figures).toHaveCount(4);
    await expect(page.locator('.uplot canvas')).toHaveCount(4);
    const ttft = figures.filter({ hasText: 'Time to first token' });
    await ttft.getByText('The numbers behind this chart').click();
    const today = new Date().toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
    await expect(ttft.getByRole('row', { name: today })).toContainText(/\d+ ms/);
    await ui.expectAccessible('the performance page');
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}&to=/);
    await expect(page.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute('aria-pressed', 'true');

    const bodies = await Promise.all(scripts.map(async (url) => (await fetch(url)).text()));
    expect(bodies.some((b) => b.includes('uplot') || b.includes('u-legend'))).toBe(true);
  });

  test('the console works with the keyboard and fits a tablet and a phone', async () => {
    await ui.goto('/admin');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(ui.nav.getByRole('link', { name: 'Conversations' })).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(ui.nav.getByRole('link', { name: 'Performance' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(ui.heading).toHaveText('Performance');

    for (const viewport of [
      { width: 768, height: 1024 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      for (const path of ['/admin', '/admin/performance', '/admin/settings']) {
        await ui.goto(path);
        await expect(ui.nav).toBeVisible();
        await expect(ui.logoutButton).toBeVisible();
        await expect(page.locator('main h1')).toBeVisible();
        // Nothing sticks out sideways: the page never scrolls horizontally (wide tables scroll in a box).
        const wider = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
            .filter((el) => !el.closest('[tabindex="0"]') || el.matches('[tabindex="0"]'))
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 120)),
        );
        expect(wider, `${path} at ${viewport.width}px`).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} at ${viewport.width}px`).toBeLessThanOrEqual(0);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test("none of the console's code or strings reach the chat's and the widget's pages", async ({
    browser,
  }) => {
    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    const scripts = new Set<string>();
    visitor.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.add(r.url());
    });
    for (const path of ['/', '/embed/default']) {
      await visitor.goto(`${app.url}${path}`);
      await visitor.waitForLoadState('networkidle');
    }
    expect(scripts.size).toBeGreaterThan(0);
    const consoleStrings = JSON.parse(readFileSync('messages/console/en.json', 'utf8')).console;
    for (const url of scripts) {
      const body = await (await fetch(url)).text();
      expect(body, url).not.toContain(consoleStrings.conversations.loadMore);
      expect(body, url).not.toContain(consoleStrings.auth.setupCodeHint.slice(0, 40));
      expect(body, url).not.toContain('parley-console:signed-out');
      expect(body, url).not.toContain('u-legend');
    }
    await visitorContext.close();
  });

  test('a page of the console without a session shows the login, and axe passes on it', async ({
    browser,
  }) => {
    const anonymous = await browser.newContext();
    const login = new ConsolePage(await anonymous.newPage(), app.url);
    for (const path of ['/admin/performance', `/admin/conversations/${crypto.randomUUID()}`]) {
      const response = await login.goto(path);
      expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await expect(login.heading).toHaveText('Log in to Parley');
      await expect(login.nav).toHaveCount(0);
    }
    await login.expectAccessible('the login form');
    await anonymous.close();
  });
});

async function download(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  return readFileSync(await file.path(), 'utf8');
}
