import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';

/** The chat as a visitor sees it, on the hosted page or inside the widget's iframe. */
export class ChatPage {
  readonly root: Page | FrameLocator;
  constructor(root: Page | FrameLocator) {
    this.root = root;
  }

  get composer(): Locator {
    return this.root.getByRole('textbox', { name: 'Message' });
  }
  get sendButton(): Locator {
    return this.root.getByRole('button', { name: 'Send', exact: true });
  }
  get stopButton(): Locator {
    return this.root.getByRole('button', { name: 'Stop', exact: true });
  }
  get retryButton(): Locator {
    return this.root.getByRole('button', { name: 'Retry' });
  }
  get messages(): Locator {
    return this.root.locator('li[data-role]');
  }
  get assistantMessages(): Locator {
    return this.root.locator('li[data-role="assistant"]');
  }
  get userMessages(): Locator {
    return this.root.locator('li[data-role="user"]');
  }
  lastAnswer(): Locator {
    return this.assistantMessages.last();
  }

  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
  }

  /** Sends and waits until the answer has finished streaming. */
  async ask(text: string): Promise<Locator> {
    const before = await this.assistantMessages.count();
    await this.send(text);
    await expect(this.assistantMessages).toHaveCount(before + 1);
    const answer = this.assistantMessages.nth(before);
    await expect(answer).not.toHaveAttribute('data-status', 'streaming');
    return answer;
  }
}
