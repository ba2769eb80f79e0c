import { expect, type Locator, type Page } from '@playwright/test';

/** The link states the top bar shows (`data-status`), as in src-renderer/sync/status.ts. */
export type LinkStatus = 'connecting' | 'syncing' | 'online' | 'standby' | 'offline' | 'signed-out' | 'incompatible';

/** What a message row shows about its delivery (`data-state`). */
export type MessageState = 'sent' | 'pending' | 'failed' | 'needs-attention';

/** The signed-in console: status bar, queue and conversation pane. */
export class WorkspacePage {
  constructor(readonly page: Page) {}

  status(): Locator {
    return this.page.locator('[data-status]');
  }

  /** `timeout` for a first sign-in: a fresh cache downloads the queue first, late in a full run from a long log. */
  async waitOnline(timeout?: number): Promise<void> {
    await expect(this.status()).toHaveAttribute('data-status', 'online', timeout === undefined ? undefined : { timeout });
  }

  /**
   * Wait until the top bar shows the given link status.
   *
   * `timeout` is for reconnects: socket.io backs off (up to 10 s ± 50 % in this console) while the
   * hub is unreachable, so the first attempt after the link returns can take that long.
   */
  async waitStatus(status: LinkStatus, options: { timeout?: number } = {}): Promise<void> {
    await expect(this.status()).toHaveAttribute('data-status', status, options);
  }

  /** The "n waiting to send" badge: pending outbox rows. */
  outboxPending(): Locator {
    return this.page.getByTestId('outbox-pending');
  }

  /** The "n need attention" badge: replies the stale-send guard held back. */
  needsAttention(): Locator {
    return this.page.getByTestId('needs-attention');
  }

  /** The queue's listbox, by test id: its accessible name follows the UI language. */
  queueList(): Locator {
    return this.page.getByTestId('queue-scroll');
  }

  queueRow(conversationId: string): Locator {
    return this.queueList().locator(`[data-conversation-id="${conversationId}"]`);
  }

  /**
   * Scroll the virtualized queue until the row is rendered: only rows on screen exist in the DOM,
   * so a conversation further down has to be scrolled to, as an agent would.
   */
  async reveal(conversationId: string, options: { timeout?: number } = {}): Promise<void> {
    const list = this.queueList();
    const row = this.queueRow(conversationId);
    // All in one retried block: the virtualized list may re-render the row between finding it and
    // scrolling it into view ("element is not attached"), and then it is simply looked up again.
    // Rows whose part of the queue is still being read from the cache show as placeholders: let them
    // fill in before deciding the row is not here and scrolling on (under load that read can take
    // longer than a retry interval, and the search would then skip past the row again and again).
    const placeholders = list.locator('.queue-row.placeholder');
    await expect(async () => {
      await expect(placeholders).toHaveCount(0, { timeout: 3_000 }).catch(() => undefined);
      if ((await row.count()) === 0) {
        await list.evaluate((el) => {
          const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
          el.scrollTop = atEnd ? 0 : el.scrollTop + el.clientHeight;
        });
        throw new Error(`conversation ${conversationId} is not in the queue (yet)`);
      }
      await row.scrollIntoViewIfNeeded({ timeout: 2_000 });
      await expect(row).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: options.timeout ?? 30_000, intervals: [50, 100, 250] });
  }

  async open(conversationId: string): Promise<void> {
    await this.reveal(conversationId);
    await this.queueRow(conversationId).click();
    await expect(this.queueRow(conversationId)).toHaveAttribute('aria-selected', 'true');
  }

  thread(): Locator {
    return this.page.getByRole('list', { name: 'Messages' });
  }

  message(messageId: string): Locator {
    return this.thread().locator(`[data-message-id="${messageId}"]`);
  }

  /** Thread rows containing `text` — a test's unique reply text, so normally one row. */
  messageWithText(text: string): Locator {
    return this.thread().getByRole('listitem').filter({ hasText: text });
  }

  async expectMessageState(text: string, state: MessageState, options: { timeout?: number } = {}): Promise<void> {
    await expect(this.messageWithText(text)).toHaveAttribute('data-state', state, options);
  }

  /** The open conversation's pane. */
  conversation(): Locator {
    return this.page.getByRole('region', { name: /^Conversation with / });
  }

  /** Wait until the open conversation shows as unassigned, so an agent may reply. */
  async expectUnassigned(): Promise<void> {
    await expect(this.conversation().getByText('Unassigned', { exact: true })).toBeVisible();
  }

  /** Claim the open conversation. */
  async assignToMe(): Promise<void> {
    await this.conversation().getByRole('button', { name: 'Assign to me' }).click();
    await expect(this.conversation().getByText('Assigned to you', { exact: true })).toBeVisible();
  }

  /** On a held-back reply: the agent reviewed what changed and sends it anyway. */
  async sendAnyway(text: string): Promise<void> {
    await this.messageWithText(text).getByRole('button', { name: 'Send anyway' }).click();
  }

  /** On a held-back or failed reply: drop it. */
  async discard(text: string): Promise<void> {
    await this.messageWithText(text).getByRole('button', { name: 'Discard' }).click();
  }

  /** Wait until a reply shows the given channel delivery status (`data-delivery`: queued, sent, failed). */
  async expectDelivery(text: string, status: 'queued' | 'sent' | 'failed', options: { timeout?: number } = {}): Promise<void> {
    await expect(this.messageWithText(text)).toHaveAttribute('data-delivery', status, options);
  }

  /** The reason a reply could not be delivered, as the row says it in words. */
  deliveryError(text: string): Locator {
    return this.messageWithText(text).getByTestId('delivery-error');
  }

  /** The composer's notice that WhatsApp's 24-hour window is closed (with its template form). */
  replyWindowNotice(): Locator {
    return this.page.getByRole('region', { name: 'Reply window' });
  }

  /** Send an approved WhatsApp template from the reply-window notice. */
  async sendTemplate(template: { name: string; language: string; parameters: string[] }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'WhatsApp template' });
    await form.getByLabel('Template name').fill(template.name);
    await form.getByLabel('Template language').fill(template.language);
    await form.getByLabel(/Body parameters/).fill(template.parameters.join('\n'));
    await form.getByRole('button', { name: 'Send template' }).click();
  }

  /** Write and send a reply; returns once the composer has taken it (the box is empty again). */
  async reply(text: string): Promise<void> {
    const box = this.page.getByLabel('Reply', { exact: true });
    await box.fill(text);
    await this.page.getByRole('button', { name: 'Send reply' }).click();
    await expect(box).toHaveValue('');
  }

  /** Type into the reply box key by key, without sending. */
  async typeReply(text: string): Promise<void> {
    await this.page.getByLabel('Reply', { exact: true }).pressSequentially(text, { delay: 20 });
  }

  /** Send what is in the reply box. */
  async sendReply(): Promise<void> {
    await this.page.getByRole('button', { name: 'Send reply' }).click();
  }
}
