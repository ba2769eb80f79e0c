/**
 * Demo mode: a demo widget account, and a DemoDriver that delivers generated chat messages the way
 * a real visitor does — a socket.io-client connection to the hub's `/visitor` namespace.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { io } from 'socket.io-client';
import {
  VISITOR_NAMESPACE,
  VisitorEmailSchema,
  type VisitorAck,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
} from '../../../src-shared/index.js';
import type { DemoDriver } from '../../demo/traffic.js';
import type { Database } from '../../store/schema.js';
import { findChannelAccount, saveChannelAccount, type ChannelAccountRow } from '../registry.js';
import { issueVisitorToken, newVisitorId, visitorIdOf } from './visitor-token.js';
import type { Socket } from 'socket.io-client';

/** The public key of the demo widget: `/chat?widget=demo-widget`. */
export const DEMO_WIDGET_KEY = 'demo-widget';

/** Create the demo widget once; an admin's later changes to it are kept. */
export async function ensureDemoWidget(db: Kysely<Database>): Promise<ChannelAccountRow> {
  const existing = await db.selectFrom('channel_accounts').selectAll().where('channel', '=', 'chat').where('address', '=', DEMO_WIDGET_KEY).executeTakeFirst();
  if (existing) return existing;
  return saveChannelAccount(db, {
    channel: 'chat',
    name: 'Website chat (demo)',
    address: DEMO_WIDGET_KEY,
    // Service: the team the demo agents Anna, Ben and Emil share.
    departmentId: 'service',
    settings: { title: 'Brightline support', greeting: 'Hi! How can we help you today? / Hallo! Wie können wir helfen?' },
  });
}

type VisitorClient = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

/**
 * A driver that writes each generated chat message as the demo customer's visitor: it signs a
 * token for the customer's visitor id (the hub may; a real visitor got theirs from the hub),
 * connects, says hello with the customer's name, sends, and disconnects.
 */
export function createDemoChatDriver(db: Kysely<Database>, hubUrl: () => string): DemoDriver {
  return async (message) => {
    const account = await findChannelAccount(db, 'chat', DEMO_WIDGET_KEY);
    if (!account) throw new Error('The demo chat widget is switched off or was removed');
    const visitorId = visitorIdOf(message.from.providerUserId) ?? newVisitorId();
    const visitorToken = await issueVisitorToken(db, account, visitorId);
    const socket: VisitorClient = io(`${hubUrl()}${VISITOR_NAMESPACE}`, {
      auth: { widgetKey: DEMO_WIDGET_KEY, visitorToken },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = async <T>(pending: Promise<VisitorAck<T>>): Promise<T> => {
        const answer = await pending;
        if (!answer.ok) throw new Error(`demo visitor: ${answer.error.message}`);
        return answer.data;
      };
      const email = VisitorEmailSchema.safeParse(message.from.handle);
      await ack(
        socket.timeout(10_000).emitWithAck('visitor:hello', {
          profile: { name: message.from.displayName ?? undefined, ...(email.success ? { email: email.data } : {}) },
        }),
      );
      const clientMessageId = randomUUID();
      await ack(socket.timeout(10_000).emitWithAck('visitor:message', { clientMessageId, body: message.body.slice(0, 4000) }));
      return { providerMessageId: `${visitorId}:${clientMessageId}` };
    } finally {
      socket.close();
    }
  };
}
