import { describe, expect, it } from 'vitest';
import { ChangeSchema, LoginRequestSchema, MAX_BODY_LENGTH, SendReplyRequestSchema, isLeadRole } from '../../../src-shared/index.js';

const base = {
  clientId: 'console-1234',
  mutationId: '00000000-0000-4000-8000-000000000001',
  conversationId: '00000000-0000-4000-8000-000000000002',
  messageId: '00000000-0000-4000-8000-000000000003',
};

describe('wire schemas', () => {
  it('accepts a reply, trims it and defaults to outbound', () => {
    const parsed = SendReplyRequestSchema.parse({ ...base, body: '  Hallo  ' });
    expect(parsed).toMatchObject({ body: 'Hallo', direction: 'outbound' });
  });

  it('rejects empty, over-long and badly identified replies', () => {
    expect(SendReplyRequestSchema.safeParse({ ...base, body: '   ' }).success).toBe(false);
    expect(SendReplyRequestSchema.safeParse({ ...base, body: 'x'.repeat(MAX_BODY_LENGTH + 1) }).success).toBe(false);
    expect(SendReplyRequestSchema.safeParse({ ...base, body: 'ok', messageId: 'not-a-uuid' }).success).toBe(false);
    expect(SendReplyRequestSchema.safeParse({ ...base, body: 'ok', clientId: 'short' }).success).toBe(false);
    expect(SendReplyRequestSchema.safeParse({ ...base, body: 'ok', direction: 'inbound' }).success).toBe(false);
  });

  it('normalises the login email and requires a password', () => {
    expect(LoginRequestSchema.parse({ email: ' Anna@Example.ORG ', password: 'x' }).email).toBe('anna@example.org');
    expect(LoginRequestSchema.safeParse({ email: 'anna@example.org', password: '' }).success).toBe(false);
    expect(LoginRequestSchema.safeParse({ email: 'nope', password: 'x' }).success).toBe(false);
  });

  it('refuses a change whose data does not match its entity', () => {
    const ok = ChangeSchema.safeParse({
      syncId: 1,
      entity: 'user',
      data: { id: base.mutationId, email: 'a@example.org', name: 'A', role: 'agent', departments: ['sales'] },
    });
    expect(ok.success).toBe(true);
    const wrong = ChangeSchema.safeParse({ syncId: 1, entity: 'conversation', data: { id: base.mutationId, email: 'a@example.org' } });
    expect(wrong.success).toBe(false);
  });

  it('knows which roles lead', () => {
    expect(isLeadRole('agent')).toBe(false);
    expect(isLeadRole('lead')).toBe(true);
    expect(isLeadRole('admin')).toBe(true);
  });
});
