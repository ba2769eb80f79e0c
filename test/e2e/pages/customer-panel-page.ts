import { expect, type Locator, type Page } from '@playwright/test';

/** The customer panel beside the open conversation (src-renderer/features/customer). */
export class CustomerPanelPage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByRole('complementary', { name: 'Customer' });
  }

  async expectName(name: string): Promise<void> {
    await expect(this.root().getByRole('heading', { level: 3 })).toHaveText(name);
  }

  masterData(): Locator {
    return this.root().getByRole('region', { name: 'Master data' });
  }

  identities(): Locator {
    return this.root().getByRole('region', { name: 'Identities' }).getByRole('listitem');
  }

  suggestion(name: string): Locator {
    return this.root().getByRole('region', { name: 'Possible matches' }).locator('[data-suggestion]').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  mergeDialog(): Locator {
    return this.root().getByRole('form', { name: 'Merge customers' });
  }

  /** Pick, for one field, the value shown for `value`. */
  async chooseField(field: string, value: string): Promise<void> {
    await this.mergeDialog().getByRole('radio', { name: new RegExp(`^${field}: ${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) }).check();
  }

  unmergeButton(name: string): Locator {
    return this.root().getByRole('button', { name: `Unmerge ${name}` });
  }

  history(): Locator {
    return this.root().getByRole('list', { name: 'Customer history' });
  }
}
