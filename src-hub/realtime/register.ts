/**
 * The single place where socket.io events are bound: every event is validated with zod, checked
 * against the caller's role and answered with an `Ack`, whatever goes wrong.
 */
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type {
  Ack,
  ClientToServerEvents,
  Role,
  ServerToClientEvents,
  SocketData,
  User,
} from '../../src-shared/index.js';
import { HubError, toWireError } from '../errors.js';

export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

type AckData<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (ack: Ack<infer T>) => void
  ? T
  : never;

export interface EventSpec<E extends keyof ClientToServerEvents, S extends z.ZodType> {
  roles: readonly Role[];
  schema: S;
  handle: (input: z.output<S>, caller: { user: User; socket: HubSocket }) => Promise<AckData<E>>;
}

export interface CallerLookup {
  /** The caller's current user record and session validity; null when the session is no longer live. */
  (socket: HubSocket): Promise<User | null>;
}

/**
 * Bind one event.
 *
 * A payload without an acknowledgement callback is dropped: the protocol requires one, and a
 * client that omits it could not learn about errors anyway. socket.io hands the callback over as
 * the last argument wherever the client put it — first when the payload was left out — so it is
 * looked for there, and such a call gets its error ack instead of silence.
 */
export function bindEvent<E extends keyof ClientToServerEvents, S extends z.ZodType>(
  socket: HubSocket,
  event: E,
  spec: EventSpec<E, S>,
  lookupCaller: CallerLookup,
  onError: (event: string, error: unknown) => void,
): void {
  const listener = async (...args: unknown[]) => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return;
    const payload = args.length > 1 ? args[0] : undefined;
    const reply = ack as (a: Ack<AckData<E>>) => void;
    try {
      const user = await lookupCaller(socket);
      if (!user) {
        reply({ ok: false, error: { code: 'unauthenticated', message: 'Your session has ended. Please sign in again.' } });
        socket.disconnect(true);
        return;
      }
      if (!spec.roles.includes(user.role)) {
        throw new HubError('forbidden', `Your role (${user.role}) may not use ${event}`, { reason: 'request.roleForbidden', params: { role: user.role, event } });
      }
      const parsed = spec.schema.safeParse(payload ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        throw new HubError('bad_request', `Invalid ${event} request: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`, { reason: 'request.invalid', params: { event, details: issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ') }, issues });
      }
      const data = await spec.handle(parsed.data, { user, socket });
      reply({ ok: true, data });
    } catch (error) {
      if (!(error instanceof HubError)) onError(event, error);
      reply({ ok: false, error: toWireError(error) });
    }
  };
  socket.on(event as never, listener as never);
}
