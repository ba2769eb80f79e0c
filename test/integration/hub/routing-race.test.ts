import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src-shared/index.js';
import { assignConversation } from '../../../src-hub/conversations/service.js';
import { claimConversation, claimMany, fits, routableAgents, waitingInOrder } from '../../../src-hub/lead/router.js';
import { toUser } from '../../../src-hub/store/mappers.js';
import { fixturePasswordHash, startTestHub, type TestHub } from './harness.js';

/**
 * Property: however claims race — routing's single claim, an auto-assignment round claiming many
 * at once, "next conversation", an agent assigning to herself through the mutation path — no conversation ever gets two owners and no agent ever holds
 * more open conversations on a channel than her capacity. The guards are in the database (row
 * locks, a conditional update), so the races run as concurrent transactions: on PostgreSQL over a
 * pool of 10 connections (real interleaving), on PGlite serialised by its single connection.
 *
 * Each generated scenario is a fresh team (agents with random capacities) and fresh waiting
 * conversations, and a list of operations that all start at once. Every operation is one race.
 */
const CHANNELS: Channel[] = ['chat', 'whatsapp'];

type Op =
  | { kind: 'claim' | 'self'; agent: number; conversation: number }
  | { kind: 'next'; agent: number }
  | { kind: 'round'; pairs: { agent: number; conversation: number }[] };

const scenario = fc.record({
  capacities: fc.array(fc.record({ chat: fc.integer({ min: 0, max: 3 }), whatsapp: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 4 }),
  conversations: fc.array(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 8 }),
  ops: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constantFrom('claim' as const, 'self' as const), agent: fc.nat(3), conversation: fc.nat(7) }),
      fc.record({ kind: fc.constant('next' as const), agent: fc.nat(3) }),
      // An auto-assignment round: several (conversation, agent) pairs claimed in one transaction.
      fc.record({ kind: fc.constant('round' as const), pairs: fc.array(fc.record({ agent: fc.nat(3), conversation: fc.nat(7) }), { minLength: 1, maxLength: 6 }) }),
    ),
    { minLength: 20, maxLength: 20 },
  ),
});

async function runRaces(t: TestHub, runs: number): Promise<number> {
  const db = t.db;
  const hash = await fixturePasswordHash();
  // Each scenario gets its own department-free team: conversations in a department no fixture uses.
  let races = 0;
  await fc.assert(
    fc.asyncProperty(scenario, async ({ capacities, conversations, ops }) => {
      const run = randomUUID().slice(0, 8);
      const agents = await db
        .insertInto('users')
        .values(capacities.map((_, i) => ({ id: randomUUID(), email: `race-${run}-${i}@example.test`, name: `Racer ${i}`, role: 'agent' as const, departments: ['marketing' as const], password_hash: hash, updated_at: new Date() })))
        .returningAll()
        .execute();
      await db
        .insertInto('agent_profiles')
        .values(agents.map((a, i) => ({ user_id: a.id, capacity: JSON.stringify(capacities[i]), default_capacity: 0, updated_at: new Date() })))
        .execute();
      const customer = await db.insertInto('customers').values({ id: randomUUID(), name: `Race ${run}`, language: null, country: null, updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
      const identity = await db
        .insertInto('identities')
        .values({ id: randomUUID(), customer_id: customer.id, channel: 'chat', handle: `race-${run}`, provider_user_id: `race-${run}`, display_name: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const convs = await db
        .insertInto('conversations')
        .values(conversations.map((channel) => ({ id: randomUUID(), customer_id: customer.id, identity_id: identity.id, channel, kind: 'message' as const, status: 'open' as const, assignee_id: null, department_id: 'marketing' as const, priority: 0, subject: null, version: 1, snippet: `race ${run}`, last_message_at: new Date(), waiting_since: new Date(), updated_at: new Date() })))
        .returningAll()
        .execute();
      const mine = new Set(convs.map((c) => c.id));
      const wins = new Map<string, string[]>();
      const won = (conversationId: string, userId: string) => wins.set(conversationId, [...(wins.get(conversationId) ?? []), userId]);

      const perform = async (op: Op): Promise<void> => {
        if (op.kind === 'round') {
          const plan = op.pairs.map((p) => ({ conversationId: convs[p.conversation % convs.length]!.id, userId: agents[p.agent % agents.length]!.id }));
          const { conversations } = await claimMany(db, plan);
          for (const c of conversations) won(c.id, c.assigneeId!);
          return;
        }
        const agent = agents[op.agent % agents.length]!;
        if (op.kind === 'next') {
          const [profile] = await routableAgents(db, [agent.id]);
          const waiting = (await waitingInOrder(db, new Map())).filter((w) => mine.has(w.id) && fits(profile!, w));
          for (const w of waiting.slice(0, 3)) {
            const claim = await claimConversation(db, agent.id, w.id);
            if (claim) return void won(w.id, agent.id);
          }
          return;
        }
        const conversation = convs[op.conversation % convs.length]!;
        if (op.kind === 'claim') {
          if (await claimConversation(db, agent.id, conversation.id)) won(conversation.id, agent.id);
          return;
        }
        try {
          const { result } = await assignConversation(db, toUser(agent), { clientId: `race-${agent.id}`, mutationId: randomUUID(), conversationId: conversation.id, assigneeId: agent.id });
          if (result.conversation.assigneeId === agent.id) won(conversation.id, agent.id);
        } catch (error) {
          // Refusals are expected outcomes of a race: full (conflict) or someone else's (forbidden).
          const code = (error as { code?: string }).code;
          if (code !== 'conflict' && code !== 'forbidden') throw error;
        }
      };
      await Promise.all(ops.map(perform));
      races += ops.length;

      const after = await db.selectFrom('conversations').select(['id', 'assignee_id', 'channel']).where('id', 'in', [...mine]).execute();
      for (const c of after) {
        // Never two owners: at most one claim succeeded per conversation (an agent re-claiming
        // her own conversation through the mutation path is the same owner), and it is the owner.
        const owners = new Set(wins.get(c.id) ?? []);
        expect(owners.size).toBeLessThanOrEqual(1);
        if (owners.size === 1) expect(c.assignee_id).toBe([...owners][0]);
        else expect(c.assignee_id).toBeNull();
      }
      agents.forEach((a, i) => {
        for (const channel of CHANNELS) {
          const load = after.filter((c) => c.assignee_id === a.id && c.channel === channel).length;
          expect(load).toBeLessThanOrEqual(capacities[i]![channel as 'chat' | 'whatsapp']);
        }
      });
      // Close this scenario's conversations so the next one's waiting list stays small.
      await db.updateTable('conversations').set({ status: 'closed' }).where('id', 'in', [...mine]).execute();
    }),
    { numRuns: runs },
  );
  return races;
}

describe('routing races on PGlite', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('never gives a conversation two owners or an agent more than her capacity (2,000 serialised races)', async () => {
    expect(await runRaces(t, 100)).toBe(2_000);
  }, 300_000);
});

const baseUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!baseUrl)('routing races on PostgreSQL', () => {
  let admin: pg.Client;
  let database: string;
  let t: TestHub;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    database = `sb_race_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database ${database}`);
    const url = new URL(baseUrl!);
    url.pathname = `/${database}`;
    t = await startTestHub({ database: { kind: 'postgres', url: url.toString() } });
  });
  afterAll(async () => {
    await t?.close();
    if (admin) {
      if (database) await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
  });

  it('never gives a conversation two owners or an agent more than her capacity (10,000 concurrent races)', async () => {
    expect(await runRaces(t, 500)).toBe(10_000);
  }, 600_000);
});
