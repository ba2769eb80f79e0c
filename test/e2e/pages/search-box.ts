import { expect, type Locator, type Page } from '@playwright/test';

/** The workspace's offline search box (features/search) and its results. */
export class SearchBox {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId('search');
  }

  input(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search messages' });
  }

  results(): Locator {
    return this.page.getByRole('region', { name: 'Search results' });
  }

  result(conversationId: string): Locator {
    return this.results().locator(`[data-conversation-id="${conversationId}"]`);
  }

  /** Type a query and wait until the results shown are the answer to exactly this query. */
  async search(query: string): Promise<void> {
    await this.input().fill(query);
    await expect(this.results()).toHaveAttribute('data-query', query);
  }

  /**
   * Search until the conversation is among the results: the worker indexes what the sync stored
   * a moment later (it polls its queue), so the first attempts may come before the index has it.
   */
  async searchUntilFound(query: string, conversationId: string, timeout = 20_000): Promise<void> {
    await expect(async () => {
      await this.input().fill('');
      await this.search(query);
      await expect(this.result(conversationId)).toBeVisible({ timeout: 500 });
    }).toPass({ timeout, intervals: [250, 500, 1000] });
  }

  /** Search until the conversation is no longer among the results. */
  async searchUntilGone(query: string, conversationId: string, timeout = 20_000): Promise<void> {
    await expect(async () => {
      await this.input().fill('');
      await this.search(query);
      await expect(this.result(conversationId)).toHaveCount(0, { timeout: 500 });
    }).toPass({ timeout, intervals: [250, 500, 1000] });
  }
}
