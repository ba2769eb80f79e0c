/**
 * WhatsApp's 24-hour customer-service window, the pure rule the hub and the console share.
 */
import { describe, expect, it } from 'vitest';
import { replyWindow, WHATSAPP_SERVICE_WINDOW_MS } from '../../../src-shared/index.js';

const now = new Date('2026-11-23T12:00:00.000Z');

describe('replyWindow', () => {
  it('has no window on channels without one', () => {
    for (const channel of ['email', 'chat', 'facebook', 'instagram', 'x', 'phone'] as const) {
      expect(replyWindow(channel, null, now)).toEqual({ state: 'none' });
    }
  });

  it('is open for 24 hours after the customer last wrote on WhatsApp', () => {
    const wrote = new Date(now.getTime() - WHATSAPP_SERVICE_WINDOW_MS + 1);
    expect(replyWindow('whatsapp', wrote, now)).toEqual({ state: 'open', closesAt: '2026-11-23T12:00:00.001Z' });
    expect(replyWindow('whatsapp', '2026-11-23T11:00:00.000Z', now)).toEqual({ state: 'open', closesAt: '2026-11-24T11:00:00.000Z' });
  });

  it('is closed from the 24th hour on, and says until when it was open', () => {
    const closed = replyWindow('whatsapp', new Date(now.getTime() - WHATSAPP_SERVICE_WINDOW_MS), now);
    expect(closed).toMatchObject({ state: 'closed', closedAt: '2026-11-23T12:00:00.000Z' });
    expect(closed.state === 'closed' && closed.reason.message).toMatch(/24 hours.*2026-11-23 12:00 UTC.*template/);
    // The console words it itself from the key, with the time as a parameter.
    expect(closed.state === 'closed' && closed.reason).toMatchObject({ key: 'replyWindow.closed', params: { closedAt: '2026-11-23T12:00:00.000Z' } });
  });

  it('is closed when the customer never wrote', () => {
    expect(replyWindow('whatsapp', null, now)).toMatchObject({ state: 'closed', closedAt: null });
  });
});
