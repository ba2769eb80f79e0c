import { describe, expect, it } from 'vitest';
import { adminRequest, describeHubError, describeLink, LINK_TEXT } from '../../../src-renderer/features/settings/admin-link.js';
import type { HubSocket } from '../../../src-renderer/sync/hub-client.js';

describe('the Channels screen link', () => {
  it('turns a request without a connection into an error answer that says nothing changed', async () => {
    const socket = { connected: false } as unknown as HubSocket;
    const ack = await adminRequest(socket, 'channels:list', {});
    expect(ack).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringContaining(LINK_TEXT.lost) } });
  });

  it('says offline that the settings need a connection, and nothing when online', () => {
    expect(describeLink({ kind: 'offline', reason: 'transport close' })).toMatch(/need a connection to the hub/);
    expect(describeLink({ kind: 'connecting' })).toMatch(/Connecting/);
    expect(describeLink({ kind: 'online', socket: {} as HubSocket })).toBeNull();
  });

  it('shows the hub’s own words, and a plain sentence for a refused role', () => {
    expect(describeHubError({ code: 'conflict', message: 'Another email account already uses a@b.example' })).toBe('Another email account already uses a@b.example');
    expect(describeHubError({ code: 'forbidden', message: 'Your role (agent) may not use channels:list' })).toBe('Only admins may change channel settings.');
  });
});
