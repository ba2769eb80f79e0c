import { expect, type Locator, type Page } from '@playwright/test';

/** The signed-in console: status bar, queue and conversation pane. */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  status(): Locator {
    return this.page.locator('[data-status]');
  }

  async waitOnline(): Promise<void> {
    await expect(this.status()).toHaveAttribute('data-status', 'online');
  }

  queueRow(conversationId: string): Locator {
    return this.page.getByRole('listbox', { name: 'Conversations' }).locator(`[data-conversation-id="${conversationId}"]`);
  }

  async open(conversationId: string): Promise<void> {
    await this.queueRow(conversationId).click();
    await expect(this.queueRow(conversationId)).toHaveAttribute('aria-selected', 'true');
  }

  thread(): Locator {
    return this.page.getByRole('list', { name: 'Messages' });
  }

  message(messageId: string): Locator {
    return this.thread().locator(`[data-message-id="${messageId}"]`);
  }

  async reply(text: string): Promise<void> {
    await this.page.getByLabel('Reply', { exact: true }).fill(text);
    await this.page.getByRole('button', { name: 'Send reply' }).click();
  }
}
