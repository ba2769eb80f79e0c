import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { SendReplyRequestSchema, type User } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../../src-renderer/db/database.js';
import { queueReply } from '../../../src-renderer/features/conversation/commands.js';
import { parseTemplateForm, templateBody } from '../../../src-renderer/features/conversation/template-form.js';
import { conversation, freshDb, uuid } from './fixtures.js';

describe('parseTemplateForm', () => {
  it('maps the form to a wire template: trimmed values, one parameter per line, blank lines ignored', () => {
    const result = parseTemplateForm({ name: ' order_update ', language: 'de', parameters: 'Lena\n\n  4711-2398 \n' });
    expect(result).toEqual({
      ok: true,
      template: { name: 'order_update', language: 'de', parameters: ['Lena', '4711-2398'] },
      body: 'WhatsApp template "order_update" (de): Lena · 4711-2398',
    });
  });

  it('says which field is wrong', () => {
    const result = parseTemplateForm({ name: 'Order Update', language: 'german', parameters: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toMatch(/lower-case/);
    expect(result.errors.language).toMatch(/en_US/);
    expect(result.errors.parameters).toBeUndefined();
  });

  it('refuses more parameters than WhatsApp takes', () => {
    const result = parseTemplateForm({ name: 'x', language: 'en_US', parameters: Array.from({ length: 21 }, (_, i) => `p${i}`).join('\n') });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.parameters).toBeTruthy();
  });

  it('shows a template without parameters by name and language', () => {
    expect(templateBody({ name: 'hello_world', language: 'en_US', parameters: [] })).toBe('WhatsApp template "hello_world" (en_US)');
  });
});

describe('queueReply with a template', () => {
  let db: SwitchboardDb;
  afterEach(async () => {
    db.close();
    await db.delete();
  });
  const me: User = { id: uuid(77), email: 'anna@example.com', name: 'Anna', role: 'agent', departments: ['service'] };

  it('writes the template into the outbox payload (a valid message:send) and the optimistic row', async () => {
    db = freshDb();
    await db.conversations.put({ ...conversation(1, { channel: 'whatsapp' }), assigneeKey: 'none' } as never);
    const template = { name: 'order_update', language: 'de', parameters: ['Lena'] };
    const id = await queueReply(db, { conversationId: uuid(1), body: templateBody(template), direction: 'outbound', author: me, template });
    const [row] = await db.outbox.toArray();
    expect(row?.payload.template).toEqual(template);
    expect(SendReplyRequestSchema.parse(row?.payload).template).toEqual(template);
    expect((await db.messages.get(id))?.channelMeta).toEqual({ template });
  });

  it('sends a free-form reply without a template', async () => {
    db = freshDb();
    await queueReply(db, { conversationId: uuid(1), body: 'Hallo', direction: 'outbound', author: me });
    const [row] = await db.outbox.toArray();
    expect(row?.payload).not.toHaveProperty('template');
  });
});
