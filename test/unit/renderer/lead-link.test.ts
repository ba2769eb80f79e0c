import { describe, expect, it } from 'vitest';
import { describeLeadError, leadEnvelope, leadRequest, since } from '../../../src-renderer/features/lead/lead-link.js';
import type { HubSocket } from '../../../src-renderer/sync/hub-client.js';

describe('the lead dashboard link', () => {
  it('turns a request without a connection into an error answer that says nothing changed', async () => {
    const socket = { connected: false } as unknown as HubSocket;
    const ack = await leadRequest(socket, 'conversation:assign', { ...leadEnvelope(), conversationId: crypto.randomUUID(), assigneeId: null });
    expect(ack).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('nothing was changed'), reason: { key: 'linkLost' } } });
  });

  it('says a refused role in plain words and keeps the hub’s other messages', () => {
    expect(describeLeadError({ code: 'forbidden', message: 'Your role (agent) may not use lead:dashboard' })).toBe('Only team leads may use the dashboard.');
    expect(describeLeadError({ code: 'conflict', message: 'You have no shift running' })).toBe('You have no shift running');
  });

  it('says how long something has waited', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(since(null, now)).toBe('—');
    expect(since('2026-11-23T11:48:30Z', now)).toBe('11 min');
    expect(since('2026-11-23T08:55:00Z', now)).toBe('3 h 5 min');
    expect(since('2026-11-21T08:00:00Z', now)).toBe('2 d 4 h');
    // A clock a little ahead on the hub never shows negative waits.
    expect(since('2026-11-23T12:00:30Z', now)).toBe('0 min');
  });

  it('gives every online action its own mutation id', () => {
    const a = leadEnvelope();
    const b = leadEnvelope();
    expect(a.clientId).toBe(b.clientId);
    expect(a.mutationId).not.toBe(b.mutationId);
  });
});
