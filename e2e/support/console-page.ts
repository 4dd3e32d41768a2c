import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The owner's console at /admin, by the names a person sees (messages/console/en.json). */
export class ConsolePage {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}

  goto(path = '/admin') {
    return this.page.goto(`${this.base}${path}`);
  }

  get heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  get email() {
    return this.page.getByLabel('Email', { exact: true });
  }
  get password() {
    return this.page.getByLabel('Password', { exact: true });
  }
  get alert() {
    return this.page.getByRole('main').getByRole('alert');
  }
  get nav() {
    return this.page.getByRole('navigation', { name: 'Console' });
  }
  get logoutButton() {
    return this.page.getByRole('button', { name: 'Log out' });
  }
  get search() {
    return this.page.getByRole('searchbox', { name: 'Search messages' });
  }
  get rows() {
    return this.page.getByRole('list', { name: 'Conversations' }).getByRole('listitem');
  }
  get messages() {
    return this.page.getByTestId('transcript-message');
  }
  get dialog() {
    return this.page.getByRole('dialog');
  }

  get siteCards() {
    return this.page.getByRole('list', { name: 'Your sites' }).getByRole('listitem');
  }
  get saveButton() {
    return this.page.getByRole('button', { name: 'Save changes' });
  }
  /** The chat inside a site's preview. */
  get preview() {
    return this.page.frameLocator('[data-testid="site-preview"] iframe');
  }
  get previewLauncher() {
    return this.page.getByTestId('preview-launcher');
  }
  /** A site's pages (Settings, Knowledge, Identity), under its name. */
  get siteTabs() {
    return this.page.getByRole('navigation', { name: 'Site sections' });
  }
  /** The knowledge page's kinds of source to add (Files, Web page, Text, Question). */
  addTab(name: string) {
    return this.page.getByRole('tab', { name, exact: true });
  }
  get fileInput() {
    return this.page.locator('input[type="file"]');
  }
  get uploads() {
    return this.page.getByRole('list', { name: 'Uploads' }).getByRole('listitem');
  }
  /** The knowledge sources' table rows (the table shows from 1280 px up; cards below). */
  get sourceRows() {
    return this.page.getByRole('table', { name: 'Sources' }).locator('tbody').getByRole('row');
  }
  source(title: string) {
    return this.sourceRows.filter({ hasText: title });
  }
  /** The test search's ranked chunks. */
  get hits() {
    return this.page.getByRole('list', { name: 'Passages, best first' }).getByRole('listitem');
  }
  /** A live region's announcement (role=status) with this text. */
  status(text: string | RegExp) {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  /** A setting on a site's page, by its label: its control, where its value comes from, and its Reset. */
  setting(label: string) {
    const box = this.page
      .locator('[data-setting]')
      .filter({ has: this.page.getByText(label, { exact: true }) });
    return {
      box,
      control: this.page.getByLabel(label, { exact: true }),
      source: box.getByTestId('setting-source'),
      reset: this.page.getByRole('button', { name: `Reset ${label} to the environment's value` }),
    };
  }

  /**
   * A call of the admin API with the page's session cookie (and, for a change, the session's CSRF
   * token, as the console sends it): what the server holds, seen apart from what the page shows.
   */
  async api<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
    const url = `${this.base}/api/admin${path}`;
    const headers: Record<string, string> = {};
    if (method !== 'GET') {
      const session = await this.page.request.get(`${this.base}/api/admin/session`);
      headers['x-csrf-token'] = ((await session.json()) as { csrfToken: string }).csrfToken;
    }
    const response = await this.page.request.fetch(url, { method, headers, data: body });
    return { status: response.status(), body: (await response.json().catch(() => null)) as T };
  }

  /** Fills the New site form (the id is suggested from the name unless one is given) and submits it. */
  async createSite(name: string, id?: string) {
    await this.page.getByLabel('Name', { exact: true }).fill(name);
    if (id !== undefined) await this.page.getByLabel('Id', { exact: true }).fill(id);
    await this.page.getByRole('button', { name: 'Create site' }).click();
  }

  async setUp(code: string, email: string, password: string) {
    await this.page.getByLabel('Setup code').fill(code);
    await this.email.fill(email);
    await this.password.fill(password);
    await this.page.getByRole('button', { name: 'Create the owner and log in' }).click();
  }

  async logIn(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.page.getByRole('button', { name: 'Log in' }).click();
  }

  /** axe in light and in dark on the page as it stands. */
  async expectAccessible(label: string) {
    for (const scheme of ['light', 'dark'] as const) {
      await this.page.emulateMedia({ colorScheme: scheme });
      const results = await new AxeBuilder({ page: this.page }).withTags(wcag).analyze();
      const summary = results.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
      );
      expect(summary, `axe violations on ${label}, ${scheme}`).toEqual([]);
    }
    await this.page.emulateMedia({ colorScheme: 'light' });
  }
}
