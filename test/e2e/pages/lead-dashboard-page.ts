import { expect, type Locator, type Page } from '@playwright/test';

/** The team lead dashboard (opened from the top bar). */
export class LeadDashboardPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Team dashboard' }).click();
    await expect(this.page.getByRole('heading', { name: 'Team lead dashboard' })).toBeVisible();
    await expect(this.kpi('inbound')).toBeVisible();
  }

  kpi(name: 'waiting' | 'inbound' | 'at-risk' | 'breached'): Locator {
    return this.page.getByTestId(`kpi-${name}`);
  }

  async kpiValue(name: 'waiting' | 'inbound' | 'at-risk' | 'breached'): Promise<number> {
    return Number(await this.kpi(name).textContent());
  }

  waitingRow(conversationId: string): Locator {
    return this.page.getByTestId('lead-waiting').locator(`tr[data-conversation="${conversationId}"]`);
  }

  agentRow(name: string): Locator {
    return this.page.getByTestId('lead-agents').locator(`tr[data-agent="${name}"]`);
  }

  /** Pick an agent in a waiting conversation's "Assign to…" list. */
  async assignWaiting(conversationId: string, agentName: string): Promise<void> {
    const select = this.waitingRow(conversationId).getByRole('combobox', { name: 'Reassign' });
    const option = select.locator('option', { hasText: agentName });
    await select.selectOption({ value: (await option.getAttribute('value'))! });
  }

  /** Move a conversation from one agent to another from the agents table. */
  async reassign(fromAgent: string, conversationId: string, toAgent: string): Promise<void> {
    const select = this.agentRow(fromAgent).locator(`li[data-conversation="${conversationId}"]`).getByRole('combobox', { name: 'Reassign' });
    const option = select.locator('option', { hasText: toAgent });
    await select.selectOption({ value: (await option.getAttribute('value'))! });
  }
}
