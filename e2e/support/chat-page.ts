import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';

type Names = {
  messageLabel: string;
  send: string;
  stop: string;
  retry: string;
  loadOlder: string;
  olderFailed: string;
  olderRetry: string;
  showConversations: string;
  conversations: string;
  newConversation: string;
  jumpToLatest: string;
  copyCode: string;
  copied: string;
  unavailable: string;
  starters: string;
  greeting: string;
  rateGood: string;
  rateBad: string;
  rateThanks: string;
  rateComment: string;
  rateSend: string;
  rateSkip: string;
};

/** The chat's own words in a locale, from messages/<locale>.json, to find controls by name. */
export function chatNames(locale = 'en'): Names {
  const file = path.resolve(import.meta.dirname, '..', '..', 'messages', `${locale}.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { chat: Names }).chat;
}

/** The chat as a visitor sees it, on the hosted page or inside the widget's iframe. */
export class ChatPage {
  readonly root: Page | FrameLocator;
  readonly names: Names;
  constructor(root: Page | FrameLocator, locale = 'en') {
    this.root = root;
    this.names = chatNames(locale);
  }

  get composer(): Locator {
    return this.root.getByRole('textbox', { name: this.names.messageLabel });
  }
  get sendButton(): Locator {
    return this.root.getByRole('button', { name: this.names.send, exact: true });
  }
  get stopButton(): Locator {
    return this.root.getByRole('button', { name: this.names.stop, exact: true });
  }
  get retryButton(): Locator {
    return this.root.getByRole('button', { name: this.names.retry });
  }
  /** The button above a long conversation that loads its earlier messages (or tries again). */
  get loadOlderButton(): Locator {
    return this.root.getByRole('button', { name: this.names.loadOlder });
  }
  get olderRetryButton(): Locator {
    return this.root.getByRole('button', { name: this.names.olderRetry });
  }
  /** Opens the earlier conversations (a drawer on a phone; on a desktop they are beside the chat). */
  get conversationsButton(): Locator {
    return this.root.getByRole('button', { name: this.names.showConversations });
  }
  get conversationList(): Locator {
    return this.root.getByRole('navigation', { name: this.names.conversations });
  }
  get jumpToLatestButton(): Locator {
    return this.root.getByRole('button', { name: this.names.jumpToLatest });
  }
  /** The element that scrolls the conversation. */
  get scroller(): Locator {
    return this.root.locator('main');
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
