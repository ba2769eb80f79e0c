import { expect, type Locator, type Page } from '@playwright/test';

/** Settings → Channels (admins only): the channel account list and its add/edit form. */
export class ChannelsPage {
  constructor(readonly page: Page) {}

  entry(): Locator {
    return this.page.getByRole('button', { name: 'Settings · Channels' });
  }

  async open(): Promise<void> {
    await this.entry().click();
    await expect(this.page.getByRole('heading', { name: 'Settings · Channels' })).toBeVisible();
  }

  table(): Locator {
    return this.page.getByRole('table', { name: 'Channel accounts' });
  }

  row(name: string): Locator {
    return this.table().getByRole('row').filter({ has: this.page.getByRole('cell', { name, exact: true }) });
  }

  /** The "needs a connection" / "connecting" notice (absent while online). */
  linkNotice(): Locator {
    return this.page.getByTestId('channels-link');
  }

  form(): Locator {
    return this.page.locator('form.channel-form');
  }

  async startNew(channelLabel: string): Promise<void> {
    await this.page.getByLabel('New account on').selectOption({ label: channelLabel });
    await this.page.getByRole('button', { name: 'Add account' }).click();
    await expect(this.form()).toBeVisible();
  }

  async edit(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Edit ${name}`, exact: true }).click();
    await expect(this.form()).toBeVisible();
  }

  field(label: string | RegExp): Locator {
    return this.form().getByLabel(label, { exact: typeof label === 'string' });
  }

  /** "set" or "not set" for one credential. */
  secretState(key: string): Locator {
    return this.form().getByTestId(`secret-state-${key}`);
  }

  async save(): Promise<void> {
    await this.form().getByRole('button', { name: 'Save account' }).click();
  }

  saveError(): Locator {
    return this.page.getByTestId('channel-save-error');
  }
}
