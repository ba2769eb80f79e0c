/**
 * Refusals carry a stable reason (key + parameters) next to the English message, on every path a
 * console meets them: a single event, the outbox's batch, the stale guard, and sign-in over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_REASONS, type ErrorReasonKey, type MutationBatchResult } from '../../../src-shared/index.js';
import { emit, envelope, errorOf, inbound, okData, startTestHub, type TestHub, type TestSocket } from './harness.js';

let t: TestHub;
let lead: TestSocket;
let anna: TestSocket;

beforeAll(async () => {
  t = await startTestHub();
  ({ socket: lead } = await t.connectAs(t.users.lead));
  ({ socket: anna } = await t.connectAs(t.users.agentA));
});

afterAll(async () => {
  await t?.close();
});

const known = (key: string): key is ErrorReasonKey => (ERROR_REASONS as readonly string[]).includes(key);

describe('refusal reasons on the wire', () => {
  it('a single event: a reply to a colleague’s conversation names the reason', async () => {
    const { conversationId } = await t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'reasons-1' }));
    okData(await emit(lead, 'conversation:assign', { ...envelope('lead-console'), conversationId, assigneeId: t.users.agentB.id }));
    const error = errorOf(await emit(anna, 'message:send', { ...envelope(), conversationId, messageId: randomUUID(), body: 'Mine now?' }), 'forbidden');
    expect(error.reason).toEqual({ key: 'conversation.assignedToColleague' });
    expect(error.message).toMatch(/assigned to a colleague/);
  });

  it('the outbox batch: each refused item carries its reason; the stale guard sends its facts as parameters', async () => {
    const { conversationId } = await t.hub.ingest(inbound({ channel: 'chat', department: 'support', sender: 'reasons-2' }));
    const seenAt = new Date(Date.now() - 60_000).toISOString();
    const ack = await emit(anna, 'mutation:batch', {
      mutations: [
        { seq: 1, name: 'conversation:untag', payload: { ...envelope(), conversationId, tag: 'nope' } },
        // Written when the customer's message was not there yet: the stale guard holds it.
        { seq: 2, name: 'message:send', payload: { ...envelope(), conversationId, messageId: randomUUID(), body: 'Hi', seen: { lastMessageAt: seenAt, assigneeId: null, status: 'open' } } },
      ],
    });
    const { results } = okData(ack) as MutationBatchResult;
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'not_found', reason: { key: 'tag.notFound', params: { tag: 'nope' } } } });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'stale', reason: { key: 'conversation.stale', params: { customer: 1, colleagues: 0, assigned: false, closed: false } } } });
  });

  it('validation and role refusals say which event, and every key sent is one the protocol lists', async () => {
    const invalid = errorOf(await emit(anna, 'conversation:snooze', { ...envelope(), conversationId: 'not-a-uuid', until: null }), 'bad_request');
    expect(invalid.reason).toMatchObject({ key: 'request.invalid', params: { event: 'conversation:snooze' } });
    const role = errorOf(await emit(anna, 'lead:dashboard', {}), 'forbidden');
    expect(role.reason).toEqual({ key: 'request.roleForbidden', params: { role: 'agent', event: 'lead:dashboard' } });
    for (const error of [invalid, role]) expect(known(error.reason!.key)).toBe(true);
  });

  it('sign-in over HTTP: a wrong password has its reason too', async () => {
    const response = await t.login(t.users.agentA.email, 'not the password at all');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: unknown }).error).toMatchObject({ code: 'unauthenticated', reason: { key: 'login.wrongCredentials' } });
  });
});
