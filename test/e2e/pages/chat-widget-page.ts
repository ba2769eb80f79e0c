import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';

/**
 * The web chat as a visitor sees it: the `/chat` page itself, or the same page inside the frame
 * that `widget.js` opens on a website.
 */
export class ChatPanel {
  constructor(readonly root: Page | FrameLocator) {}

  /** Open the standalone chat page of a widget. */
  static async open(page: Page, widgetKey: string): Promise<ChatPanel> {
    await page.goto(`/chat?widget=${encodeURIComponent(widgetKey)}`);
    return new ChatPanel(page);
  }

  messages(): Locator {
    return this.root.getByRole('log', { name: 'Messages' });
  }

  message(text: string): Locator {
    return this.messages().getByRole('listitem').filter({ hasText: text });
  }

  typing(): Locator {
    return this.root.locator('.typing');
  }

  /** The pre-chat form: name (and email), then the chat. */
  async start(name: string, email = ''): Promise<void> {
    const form = this.root.getByRole('form', { name: 'Start the chat' });
    await form.getByLabel('Your name').fill(name);
    if (email) await form.getByLabel(/^Email/).fill(email);
    await form.getByRole('button', { name: 'Start chat' }).click();
    await expect(this.root.getByLabel('Message', { exact: true })).toBeVisible();
  }

  async send(text: string): Promise<void> {
    await this.root.getByLabel('Message', { exact: true }).fill(text);
    await this.root.getByRole('button', { name: 'Send', exact: true }).click();
  }

  /** The offline form, shown when nobody can chat. */
  offlineForm(): Locator {
    return this.root.getByRole('form', { name: 'Leave a message' });
  }

  async leaveMessage(name: string, email: string, text: string): Promise<void> {
    const form = this.offlineForm();
    await form.getByLabel('Your name').fill(name);
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Your message').fill(text);
    await form.getByRole('button', { name: 'Send message' }).click();
  }
}

/** A customer's website with the widget's script tag, and its launcher. */
export class WebsiteWithWidget {
  constructor(readonly page: Page) {}

  launcher(): Locator {
    return this.page.locator('switchboard-chat').getByRole('button', { name: /chat$/ });
  }

  async openChat(): Promise<ChatPanel> {
    await this.page.locator('switchboard-chat').getByRole('button', { name: 'Open chat' }).click();
    const frame = this.page.frameLocator('switchboard-chat iframe[title="Chat"]');
    return new ChatPanel(frame);
  }
}
