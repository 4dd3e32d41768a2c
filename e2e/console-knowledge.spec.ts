import path from 'node:path';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { type RunningApp, root, startApp } from './support/app';
import { ConsolePage } from './support/console-page';
import { startDocsHost } from './support/docs-host';
import { ApiClient } from './support/sse';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';

/*
 * A site's knowledge in the owner's console (issue 14), in Chromium against the production build:
 * files uploaded (and one dropped and refused), a web page and a text added, each followed to
 * Ready without a reload, the test search, deletion behind the confirmation, the transcript's
 * retrieved and cited chunks, axe in light and dark, and the phone layout.
 */

const EMAIL = 'owner@example.com';
const PASSWORD = 'correct horse battery';
const WARRANTY = 'How long is the warranty of the Zephyr kettle?';
const fixtures = path.join(root, 'e2e', 'fixtures', 'knowledge');

test.describe("a site's knowledge in the console", () => {
  test.describe.configure({ mode: 'serial', timeout: 120_000 });
  let upstream: FakeUpstream;
  let docs: Awaited<ReturnType<typeof startDocsHost>>;
  let app: RunningApp;
  let context: BrowserContext;
  let page: Page;
  let ui: ConsolePage;
  let conversationId = '';

  test.beforeAll(async ({ browser }) => {
    upstream = await startFakeUpstream({
      directives: { [WARRANTY]: '[[reply The Zephyr 9 kettle warranty lasts 7 years [1].]]' },
    });
    docs = await startDocsHost();
    app = await startApp({
      OPENAI_BASE_URL: upstream.url,
      OPENAI_API_KEY: 'sk-test-knowledge',
      ADMIN_EMAIL: EMAIL,
      ADMIN_PASSWORD: PASSWORD,
      EMBEDDING_MODEL: 'fake-embedding',
      OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8',
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    ui = new ConsolePage(page, app.url);
    await ui.goto('/admin/sites/default');
    await ui.logIn(EMAIL, PASSWORD);
    await expect(ui.siteTabs).toBeVisible();
  });
  test.afterAll(async () => {
    await context?.close();
    await app?.stop();
    await docs?.close();
    await upstream?.close();
  });

  test('the site links to its knowledge, which says how retrieval works and that it is empty', async () => {
    await ui.siteTabs.getByRole('link', { name: 'Knowledge' }).click();
    await expect(page).toHaveURL(`${app.url}/admin/sites/default/knowledge`);
    await expect(page).toHaveTitle('Knowledge · Parley console');
    await expect(ui.siteTabs.getByRole('link', { name: 'Knowledge' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByTestId('retrieval-mode')).toHaveText(
      'Hybrid search: full text and embeddings with fake-embedding.',
    );
    await expect(page.getByText(/^No knowledge yet\./)).toBeVisible();
    await expect(page.getByText('Add a source first: there is nothing to search yet.')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Question' }).fill('Zephyr warranty');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(ui.status('Nothing in the knowledge matches “Zephyr warranty”.')).toBeVisible();
    await expect(ui.hits).toHaveCount(0);
    await ui.expectAccessible('the empty knowledge page');
  });

  test('a PDF chosen with the file input is uploaded and followed to Ready, then the polling stops', async () => {
    await ui.fileInput.setInputFiles(path.join(fixtures, 'manual.pdf'));
    await expect(ui.uploads.filter({ hasText: 'manual.pdf' })).toContainText('Added: being indexed');
    const row = ui.source('manual.pdf');
    await expect(row).toContainText('File');
    // No reload: the page reads the list again until the source is indexed.
    await expect(row.getByTestId('source-status')).toHaveText('Ready', { timeout: 45_000 });
    await expect(ui.status(/^“manual\.pdf” is ready: \d+ chunks\./)).toBeAttached();
    expect(Number(await row.getByRole('cell').nth(1).textContent())).toBeGreaterThan(0);
    await expect(row.getByRole('cell').nth(2).locator('time')).toHaveText(/now|second|minute/);

    const reads: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/admin/sites/default/sources')) reads.push(r.url());
    });
    await page.waitForTimeout(3_500);
    expect(reads, 'the list is not read again once every source is indexed').toEqual([]);
    await ui.expectAccessible('the knowledge page with a source');
  });

  test("an unsupported file dropped on the zone shows the API's words and adds nothing", async () => {
    const transfer = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(['MZ fake program'], 'tool.exe', { type: 'application/x-msdownload' }));
      return data;
    });
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
    const upload = ui.uploads.filter({ hasText: 'tool.exe' });
    await expect(upload).toContainText(/Not added: Parley reads PDF \(\.pdf\), Word \(\.docx\)/);
    await expect(ui.status(/^tool\.exe: Parley reads PDF/)).toBeAttached();
    await expect(ui.sourceRows).toHaveCount(1);
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await expect(ui.uploads).toHaveCount(0);
  });

  test('a text is refused field by field, then added; a web page is added with its address as a link', async () => {
    await ui.addTab('Text').click();
    const title = page.getByRole('textbox', { name: 'Title', exact: true });
    const text = page.getByRole('textbox', { name: 'Text', exact: true });
    await page.getByRole('button', { name: 'Add text' }).click();
    await expect(title).toHaveAttribute('aria-invalid', 'true');
    await expect(title).toHaveAccessibleDescription(/^Must not be empty\./);
    await expect(text).toHaveAccessibleDescription('Must not be empty.');
    await expect(title).toBeFocused();
    await title.fill('Opening hours');
    await text.fill('The shop opens at 9:15 on weekdays, closed on Sundays.');
    await page.getByRole('button', { name: 'Add text' }).click();
    await expect(page.getByRole('tabpanel')).toContainText('“Opening hours” was added and is being indexed.');
    await expect(title).toHaveValue('');
    await expect(ui.source('Opening hours').getByTestId('source-status')).toHaveText('Ready', {
      timeout: 30_000,
    });

    await ui.addTab('Web page').click();
    const address = `${docs.origin}/shipping.html`;
    await page.getByRole('textbox', { name: 'Address' }).fill(address);
    await expect(page.getByRole('radio', { name: /This page/ })).toBeChecked();
    await page.getByRole('button', { name: 'Add web page' }).click();
    const web = ui.source('127.0.0.1');
    await expect(web.getByTestId('source-status')).toHaveText('Ready', { timeout: 30_000 });
    const link = web.getByRole('link', { name: address });
    await expect(link).toHaveAttribute('href', address);
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(web).toContainText('Web page');
    // A web page is synced again on a schedule (KNOWLEDGE_SYNC_HOURS, a day by default).
    await expect(web.getByTestId('next-sync')).toHaveText(/^in \d+ hours|tomorrow|in 1 day$/);
  });

  test("test retrieval ranks the PDF's warranty chunk first, with its scores", async () => {
    await page.getByRole('searchbox', { name: 'Question' }).fill('Zephyr warranty');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(ui.status(/passages? for “Zephyr warranty”, hybrid search/)).toBeVisible();
    const first = ui.hits.first();
    await expect(first).toContainText('Rank 1');
    await expect(first).toContainText('manual.pdf');
    await expect(first).toContainText('warranty lasts 7 years');
    await expect(first).toContainText(/Page 2/);
    await expect(first).toContainText(/Score\s*0?\.\d+/);
    await expect(first).toContainText(/Vector\s*-?\d/);
    await ui.expectAccessible('the knowledge page with search results');
  });

  test('the transcript of an answer that used knowledge lists the chunks it was given, and the cited one', async () => {
    const visitor = new ApiClient(app.url);
    await visitor.visitor();
    const chat = await visitor.chat(WARRANTY);
    expect(chat.end).toMatchObject({ type: 'done', citations: [{ n: 1, page: 2 }] });
    conversationId = chat.conversationId ?? '';

    await ui.goto(`/admin/conversations/${conversationId}`);
    const answer = ui.messages.nth(1);
    const retrieval = answer.getByTestId('retrieval');
    const summary = retrieval.locator('summary');
    await expect(summary).toHaveText(/^Knowledge: \d+ chunks? retrieved, \d+ cited/);
    const [, retrieved, cited] = /(\d+) chunks? retrieved, (\d+) cited/.exec(await summary.innerText()) ?? [];
    await summary.click();
    const chunks = retrieval.getByTestId('retrieved-chunk');
    await expect(chunks).toHaveCount(Number(retrieved));
    // [n] numbers the documents as the answer cites them: the cited ones are the PDF's, [1].
    const citedChunks = chunks.filter({ hasText: 'Cited' });
    await expect(citedChunks).toHaveCount(Number(cited));
    expect(Number(cited)).toBeGreaterThan(0);
    for (const chunk of await citedChunks.all()) {
      await expect(chunk).toContainText('[1]');
      await expect(chunk).toContainText('Zephyr 9 Kettle Manual');
    }
    const first = chunks.first();
    await expect(first).toContainText('Cited');
    await expect(first).toContainText('page 2');
    await expect(first).toContainText('warranty lasts 7 years');
    await expect(first).toContainText(/Score 0?\.\d+/);
    await ui.expectAccessible('a transcript with retrieved knowledge');
  });

  test('a source is deleted after the confirmation; the transcript then says so', async () => {
    await ui.goto('/admin/sites/default/knowledge');
    const row = ui.source('manual.pdf');
    await row.getByRole('button', { name: 'Delete manual.pdf' }).click();
    await expect(ui.dialog).toContainText('Delete “manual.pdf”?');
    await ui.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: 'Delete manual.pdf' }).click();
    await ui.dialog.getByRole('button', { name: 'Delete source' }).click();
    await expect(ui.dialog).toBeHidden();
    await expect(ui.source('manual.pdf')).toHaveCount(0);
    await expect(ui.status('“manual.pdf” was deleted.')).toBeAttached();
    await expect(ui.sourceRows).toHaveCount(2);

    await ui.goto(`/admin/conversations/${conversationId}`);
    const retrieval = ui.messages.nth(1).getByTestId('retrieval');
    await retrieval.locator('summary').click();
    await expect(retrieval.getByTestId('retrieved-chunk').first()).toContainText('(deleted since)');
  });

  test('Sync now asks again; on a phone the sources are cards and nothing scrolls sideways', async () => {
    await ui.goto('/admin/sites/default/knowledge');
    const row = ui.source('Opening hours');
    const [synced] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sync')),
      row.getByRole('button', { name: 'Sync Opening hours now' }).click(),
    ]);
    expect(synced.status()).toBe(202);
    // Followed again without a reload, to its end, which is announced.
    await expect(ui.status('“Opening hours” is ready: 1 chunk.')).toBeAttached({ timeout: 30_000 });
    await expect(row.getByTestId('source-status')).toHaveText('Ready');

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(ui.sourceRows).toHaveCount(0);
    const cards = page.getByRole('list', { name: 'Sources' }).getByRole('listitem');
    await expect(cards).toHaveCount(2);
    await expect(cards.filter({ hasText: 'Opening hours' })).toContainText('Ready');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The drop zone is a button: the keyboard reaches it, and Enter would open the file picker.
    await ui.addTab('Files').click();
    const zone = page.getByRole('button', { name: /^Drop files here, or click to choose them/ });
    await page.keyboard.press('Tab');
    await expect(zone).toBeFocused();
    expect(await zone.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
    expect(chooser.isMultiple()).toBe(true);
    await ui.expectAccessible('the knowledge page on a phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
