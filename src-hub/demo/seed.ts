/**
 * Demo workspace: staff accounts, customers with social, email and chat identities, and a few
 * weeks of history — all written through the same ingest and reply paths real traffic uses.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DemoAccount, User } from '../../src-shared/index.js';
import { hashPassword } from '../auth/passwords.js';
import { sendReply, setConversationStatus } from '../conversations/service.js';
import { ingestInbound } from '../ingest/ingest.js';
import { createUser } from '../store/users.js';
import { seedCustomer360Demo } from '../customers/demo.js';
import type { Database } from '../store/schema.js';
import { DEMO_AGENT_REPLIES, DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_STAFF, fillTemplate } from './content.js';
import { createRandom } from './random.js';
import { demoInboundFor } from './traffic.js';

const SEED = 20_261_123;
const SEED_CLIENT_ID = 'demo-seed-client';

/** The accounts the login screen lists in demo mode. */
export function demoAccounts(): DemoAccount[] {
  return DEMO_STAFF.map((s) => ({ email: s.email, password: DEMO_PASSWORD, name: s.name, role: s.role }));
}

/** Seed once: a hub that already has users is left as it is. */
export async function seedDemoWorkspace(db: Kysely<Database>, log: (msg: string) => void): Promise<void> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  log('Seeding the demo workspace (first start in demo mode)…');

  const staff: User[] = [];
  // One hash for all demo accounts: they share the documented demo password anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const member of DEMO_STAFF) {
    const { user } = await createUser(db, { ...member, departments: [...member.departments], passwordHash });
    staff.push(user);
  }
  const agents = staff.filter((s) => s.role === 'agent');

  const random = createRandom(SEED);
  const now = Date.now();
  let conversations = 0;
  for (const customer of DEMO_CUSTOMERS) {
    for (const identity of customer.identities) {
      if (!random.chance(0.7)) continue;
      const startedAt = now - random.int(2, 21 * 24) * 3_600_000;
      const inbound = demoInboundFor(random, customer, identity, new Date(startedAt));
      const stored = await ingestInbound(db, inbound);
      conversations += 1;
      // Most of the history has been answered; some of it is closed.
      if (random.chance(0.7)) {
        // Answered by someone of the conversation's team, as routing would have done.
        const team = agents.filter((a) => inbound.department !== undefined && a.departments.includes(inbound.department));
        const agent = random.pick(team.length > 0 ? team : agents);
        const text = fillTemplate(random.pick(DEMO_AGENT_REPLIES[customer.language]), { name: customer.name.split(' ')[0] ?? customer.name });
        await sendReply(
          db,
          agent,
          { clientId: SEED_CLIENT_ID, mutationId: randomUUID(), conversationId: stored.conversationId, messageId: randomUUID(), body: text, direction: 'outbound', confirmed: false },
          new Date(startedAt + random.int(5, 240) * 60_000),
          // History: answered back then, not sent again now.
          true,
        );
        if (random.chance(0.6)) {
          await setConversationStatus(db, agent, { clientId: SEED_CLIENT_ID, mutationId: randomUUID(), conversationId: stored.conversationId, status: 'closed' });
        }
      }
    }
  }
  await seedCustomer360Demo(db);
  log(`Demo workspace ready: ${staff.length} staff, ${DEMO_CUSTOMERS.length} customers, ${conversations} conversations`);
}
