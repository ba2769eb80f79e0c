/**
 * Demo mode: one Facebook page, Instagram account, WhatsApp number and X account, with secrets
 * generated on first start, their send APIs pointed at the local stand-in, and demo traffic
 * driven through signed webhook requests to the hub's own HTTP endpoints.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DepartmentId } from '../../../src-shared/index.js';
import type { DemoDriver, TrafficGenerator } from '../../demo/traffic.js';
import type { Database } from '../../store/schema.js';
import { findChannelAccount, listChannelAccounts, saveChannelAccount, type ChannelAccountRow } from '../registry.js';
import { metaDemoPayload, signMeta } from '../meta/demo.js';
import { xDemoPayload, signX } from '../x/demo.js';
import type { DemoStandIn } from './demo-stand-in.js';
import type { MetaChannel } from '../meta/accounts.js';

type SocialChannel = MetaChannel | 'x';

const DEMO_ACCOUNTS: { channel: SocialChannel; name: string; address: string; department: DepartmentId }[] = [
  { channel: 'facebook', name: 'Brightline (Facebook page)', address: '104200112233445', department: 'service' },
  { channel: 'instagram', name: '@brightline (Instagram)', address: '17841400123456789', department: 'marketing' },
  { channel: 'whatsapp', name: 'Brightline WhatsApp +1 555 078 3881', address: '106540352242922', department: 'service' },
  { channel: 'x', name: 'Brightline', address: '1590000000000000001', department: 'support' },
];

const secret = (): string => randomBytes(24).toString('base64url');

/**
 * Create the demo accounts once (keeping their secrets across restarts), point their API base URL
 * at this run's stand-in, and attach the demo history of those channels to them so replies to it
 * leave through the senders too.
 */
export async function seedDemoSocialAccounts(db: Kysely<Database>, standIn: DemoStandIn): Promise<void> {
  for (const demo of DEMO_ACCOUNTS) {
    const existing = (await listChannelAccounts(db, demo.channel)).find((a) => a.address === demo.address);
    const isMeta = demo.channel !== 'x';
    const fresh: Record<string, string> = isMeta
      ? { appSecret: secret(), verifyToken: secret(), accessToken: `demo-${secret()}` }
      : { consumerKey: `demo-${secret()}`, consumerSecret: secret(), accessToken: `demo-${secret()}`, accessTokenSecret: secret() };
    const saved = await saveChannelAccount(db, {
      ...(existing ? { id: existing.id } : {}),
      channel: demo.channel,
      name: existing?.name ?? demo.name,
      address: demo.address,
      departmentId: existing?.department_id ?? demo.department,
      settings: { ...(existing?.settings ?? {}), apiBaseUrl: isMeta ? standIn.metaBaseUrl : standIn.xBaseUrl },
      // Only missing secrets are generated; saved ones are kept.
      secrets: Object.fromEntries(Object.entries(fresh).filter(([key]) => !existing?.secrets?.[key])),
    });
    // Seeded history came in before the account existed; it belongs to it (not a console-visible field).
    await db.updateTable('conversations').set({ channel_account_id: saved.id }).where('channel', '=', demo.channel).where('channel_account_id', 'is', null).execute();
  }
}

/** Register the demo drivers that POST signed webhooks to `hubUrl()`. */
export function registerSocialDemoDrivers(traffic: TrafficGenerator, db: Kysely<Database>, hubUrl: () => string): void {
  const post = async (path: string, raw: string, headers: Record<string, string>): Promise<void> => {
    const response = await fetch(`${hubUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    if (!response.ok) throw new Error(`The hub refused the demo webhook: HTTP ${response.status} ${await response.text()}`);
  };
  const accountFor = async (channel: SocialChannel): Promise<ChannelAccountRow> => {
    const demo = DEMO_ACCOUNTS.find((a) => a.channel === channel)!;
    const account = await findChannelAccount(db, channel, demo.address);
    if (!account) throw new Error(`The demo ${channel} account is missing or disabled`);
    return account;
  };
  for (const channel of ['facebook', 'instagram', 'whatsapp'] as const) {
    const driver: DemoDriver = async (message) => {
      const account = await accountFor(channel);
      const { body, providerMessageId } = metaDemoPayload(channel, account, message);
      const raw = JSON.stringify(body);
      await post('/webhooks/meta', raw, { 'x-hub-signature-256': signMeta(raw, account.secrets.appSecret ?? '') });
      return { providerMessageId };
    };
    traffic.setDriver(channel, driver);
  }
  traffic.setDriver('x', async (message) => {
    const account = await accountFor('x');
    const { body, providerMessageId } = xDemoPayload(account, message);
    const raw = JSON.stringify(body);
    await post('/webhooks/x', raw, { 'x-twitter-webhooks-signature': signX(raw, account.secrets.consumerSecret ?? '') });
    return { providerMessageId };
  });
}
