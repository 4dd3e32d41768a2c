import { readFileSync } from 'node:fs';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { ChatPage, chatNames } from './support/chat-page';
import { ConsolePage } from './support/console-page';
import { ApiClient, streamOf } from './support/sse';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';

/*
 * The owner's console at /admin, in Chromium against the production build: the first owner set
 * up with the code from the server's log, login and logout, conversations found, read, exported
 * and deleted, tokens and owners, the performance charts, sites created, configured (the model and
 * a new visitor see the change), previewed and deleted, axe in light and dark, and the console's
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

  test('sites: one is created in the console, after the API has said what is wrong with its id', async () => {
    await ui.goto('/admin/sites');
    await expect(ui.heading).toHaveText('Sites');
    await expect(ui.siteCards).toHaveCount(1);
    await expect(ui.siteCards.first()).toContainText('default');
    await ui.expectAccessible('the sites list');

    // The id is suggested from the name; one the API refuses is marked, with its reason, and focused.
    const id = page.getByLabel('Id', { exact: true });
    await page.getByLabel('Name', { exact: true }).fill('Example Shoes');
    await expect(id).toHaveValue('example-shoes');
    await ui.createSite('Example Shoes', 'Shoes Shop');
    await expect(id).toHaveAttribute('aria-invalid', 'true');
    await expect(id).toHaveAccessibleDescription(/^Must be lower-case letters, digits, - and _/);
    await expect(id).toBeFocused();
    await ui.expectAccessible('the new site form with an error');
    await ui.createSite('Example Shoes', 'default');
    await expect(id).toHaveAccessibleDescription(/^A site with this id exists already/);

    await ui.createSite('Example Shoes', 'shoes');
    await expect(page).toHaveURL(`${app.url}/admin/sites/shoes`);
    await expect(ui.heading).toHaveText('Example Shoes');
    await expect(ui.setting('System prompt').source).toHaveText('From the environment');
    await ui.goto('/admin/sites');
    await expect(ui.siteCards).toHaveCount(2);
    await expect(ui.siteCards.filter({ hasText: 'Example Shoes' })).toContainText('No website allowed yet');
  });

  test("a site's system prompt set in the console is what the model reads next; Reset puts the environment's back", async () => {
    await ui.goto('/admin/sites/shoes');
    const prompt = ui.setting('System prompt');
    await expect(prompt.source).toHaveText('From the environment');
    await expect(prompt.reset).toHaveCount(0);
    await prompt.control.fill('You are the helpdesk of Example Shoes. Answer in one sentence.');
    await expect(prompt.box).toContainText('Unsaved');
    await expect(page.getByTestId('pending-changes')).toHaveText('1 unsaved change');
    await ui.saveButton.click();
    await expect(ui.status('Saved 1 change.')).toBeVisible();
    await expect(prompt.source).toHaveText('Set in the console');
    await expect(ui.saveButton).toBeDisabled();
    await ui.expectAccessible("a site's page");

    // A visitor of this site: the next upstream request starts with the new prompt.
    const visitor = new ApiClient(app.url);
    await visitor.visitor('shoes');
    expect((await visitor.chat('Do you sell running shoes?')).end).toMatchObject({ type: 'done' });
    const system = () => lastRequest(upstream)[0]?.content;
    expect(system()).toContain('You are the helpdesk of Example Shoes.');

    await prompt.reset.click();
    await expect(ui.status("System prompt: back to the environment's value.")).toBeVisible();
    await expect(prompt.source).toHaveText('From the environment');
    await expect(prompt.control).toBeFocused();
    await expect(prompt.control).not.toHaveValue(/Example Shoes/);
    expect((await visitor.chat('And trail shoes?')).end).toMatchObject({ type: 'done' });
    expect(system()).not.toContain('Example Shoes');
  });

  test('a greeting and two starters reach the preview and a new visitor, and a starter is sent', async ({
    browser,
  }) => {
    await ui.goto('/admin/sites/shoes');
    const greeting = 'Hi! I am the Example Shoes helper.';
    await ui.setting('Greeting').control.fill(greeting);
    await page.getByLabel('Starter question 1').fill('Where is my order?');
    await page.getByLabel('Starter question 2').fill('How do returns work?');
    await ui.saveButton.click();
    await expect(ui.status('Saved 2 changes.')).toBeVisible();
    await expect(ui.setting('Starter questions').source).toHaveText('Set in the console');
    // The preview loads the chat again, as a new visitor sees it.
    await expect(ui.preview.getByRole('heading', { name: greeting })).toBeVisible();
    await expect(ui.preview.getByRole('button', { name: 'How do returns work?' })).toBeVisible();

    const visitorContext = await browser.newContext();
    const visitorPage = await visitorContext.newPage();
    await visitorPage.goto(`${app.url}/embed/shoes`);
    await expect(visitorPage.getByRole('heading', { name: greeting })).toBeVisible();
    const starters = visitorPage.getByRole('list', { name: chatNames().starters }).getByRole('button');
    await expect(starters).toHaveText(['Where is my order?', 'How do returns work?']);
    await starters.nth(1).click();
    const chat = new ChatPage(visitorPage);
    await expect(chat.lastAnswer()).toContainText('How do returns work?');
    const lastUser = lastRequest(upstream).at(-1);
    expect(lastUser).toMatchObject({ role: 'user', content: 'How do returns work?' });
    await visitorContext.close();
  });

  test('the snippet is copied; the drawn launcher follows the unsaved colour, corner and name', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await ui.goto('/admin/sites/shoes');
    const snippet = page.getByTestId('embed-snippet');
    await expect(snippet).toContainText('data-site="shoes"');
    const copy = page.getByRole('button', { name: 'Copy' });
    await copy.click();
    await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
    await expect(ui.status('The snippet is on the clipboard.')).toBeAttached();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await snippet.textContent());
    await expect(copy).toHaveText('Copy', { timeout: 5_000 });

    const launcher = ui.previewLauncher;
    await expect(launcher).toHaveCSS('background-color', 'rgb(67, 56, 202)');
    await ui.setting('Colour').control.fill('#0f766e');
    await page.getByText('Bottom left').click();
    await ui.setting("Launcher's name").control.fill('Ask Example Shoes');
    await expect(launcher).toHaveCSS('background-color', 'rgb(15, 118, 110)');
    await expect(launcher).toHaveAttribute('data-position', 'left');
    await expect(launcher).toHaveAccessibleName('Ask Example Shoes');
    const [frame, button] = await Promise.all([
      page.locator('[data-testid="site-preview"] iframe').boundingBox(),
      launcher.boundingBox(),
    ]);
    const stage = await page.getByTestId('site-preview').boundingBox();
    expect(button && stage && button.x - stage.x).toBeLessThan(40);
    expect(frame && stage && frame.x - stage.x).toBeLessThan(40);
    await expect(page.getByText('save first, then copy it again')).toBeVisible();

    // Saved: the snippet carries the colour and the corner.
    await ui.saveButton.click();
    await expect(ui.status('Saved 3 changes.')).toBeVisible();
    await expect(snippet).toContainText('data-color="#0f766e" data-position="left"');
  });

  test('a site is deleted: gone from the list, and its visitor is told the chat is no longer available', async ({
    browser,
  }) => {
    const visitorContext = await browser.newContext();
    const visitorPage = await visitorContext.newPage();
    await visitorPage.goto(`${app.url}/embed/shoes`);
    const chat = new ChatPage(visitorPage);
    await chat.ask('Hello there');
    const api = new ApiClient(app.url);
    await api.visitor('shoes');
    const before = await api.chat('Hello from the API');
    expect(before.end).toMatchObject({ type: 'done' });

    // The default site cannot be deleted: the dialog says why, in the API's words.
    await ui.goto('/admin/sites/default');
    await page.getByRole('button', { name: 'Delete site' }).click();
    await ui.dialog.getByRole('button', { name: 'Delete site' }).click();
    await expect(ui.dialog.getByRole('alert')).toHaveText(
      'The default site serves the hosted chat and cannot be deleted.',
    );
    await ui.dialog.getByRole('button', { name: 'Cancel' }).click();

    await ui.goto('/admin/sites/shoes');
    await page.getByRole('button', { name: 'Delete site' }).click();
    await expect(ui.dialog).toContainText('Delete “Example Shoes”?');
    await ui.dialog.getByRole('button', { name: 'Delete site' }).click();
    await expect(page).toHaveURL(`${app.url}/admin/sites?deleted=shoes`);
    await expect(ui.status('The site “shoes” was deleted.')).toBeVisible();
    await expect(ui.siteCards).toHaveCount(1);
    await expect(ui.siteCards.filter({ hasText: 'Example Shoes' })).toHaveCount(0);

    // The API: a clear code, for a message in the old conversation and for a new visitor alike.
    const refused = await api.post(
      '/api/chat',
      { content: 'Still there?', messageId: crypto.randomUUID(), conversationId: before.conversationId },
      { 'x-parley-site': 'shoes' },
    );
    expect(refused.status).toBe(404);
    expect((await refused.json()).error.code).toBe('site_not_found');
    const newcomer = await fetch(`${app.url}/api/visitors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ siteId: 'shoes' }),
    });
    expect(newcomer.status).toBe(404);
    expect((await newcomer.json()).error.code).toBe('site_not_found');

    // The visitor's chat, still open: the next message says so, with nothing to try again.
    await chat.send('Are you still there?');
    await expect(
      visitorPage
        .getByRole('alert')
        .filter({ hasText: 'This chat has been removed and is no longer available.' }),
    ).toBeVisible();
    await expect(chat.retryButton).toHaveCount(0);
    await visitorContext.close();
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
      for (const path of [
        '/admin',
        '/admin/performance',
        '/admin/settings',
        '/admin/sites',
        '/admin/sites/default',
      ]) {
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

/** The messages of the latest request the model received. */
function lastRequest(upstream: FakeUpstream): Array<{ role: string; content: string }> {
  return (upstream.requests.at(-1)?.messages ?? []) as Array<{ role: string; content: string }>;
}
