/**
 * HTTP health and sign-in, and the session checks of the socket.io handshake and of every event.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_VERSION, PROTOCOL_VERSION, type LoginResponse } from '../../../src-shared/index.js';
import { createSession } from '../../../src-hub/auth/sessions.js';
import {
  FIXTURE_PASSWORD,
  connectError,
  emit,
  errorOf,
  okData,
  startTestHub,
  waitFor,
  waitForDisconnect,
  type TestHub,
} from './harness.js';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub();
});

afterAll(async () => {
  await t?.close();
});

const post = (path: string, init: { body?: string; contentType?: string; token?: string } = {}) =>
  fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: {
      ...(init.contentType ? { 'content-type': init.contentType } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });

const me = (token: string) => fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });

describe('GET /healthz', () => {
  it('reports ok with versions and the database kind', async () => {
    const response = await fetch(`${t.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      status: 'ok',
      version: APP_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      database: 'pglite',
      demo: false,
    });
  });
});

describe('POST /api/auth/login', () => {
  it('returns a token and the user, without the password hash', async () => {
    const response = await t.login(t.users.agentA.email, FIXTURE_PASSWORD);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toMatch(/argon2|password/i);
    const body = JSON.parse(text) as LoginResponse;
    expect(body.user).toEqual(t.users.agentA);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);

    const check = await me(body.token);
    expect(check.status).toBe(200);
    expect(((await check.json()) as { user: unknown }).user).toEqual(t.users.agentA);
  });

  it('accepts the email in another case and with spaces', async () => {
    const response = await t.login(`  ${t.users.agentB.email.toUpperCase()} `, FIXTURE_PASSWORD);
    expect(response.status).toBe(200);
  });

  it('refuses a wrong password and an unknown email with the same 401 message', async () => {
    const wrong = await t.login(t.users.agentA.email, 'not the password');
    const unknown = await t.login('nobody@example.test', FIXTURE_PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const wrongBody = (await wrong.json()) as { error: { code: string; message: string } };
    const unknownBody = (await unknown.json()) as { error: { code: string; message: string } };
    expect(wrongBody.error).toEqual({ code: 'unauthenticated', message: 'Wrong email or password', reason: { key: 'login.wrongCredentials' } });
    expect(unknownBody).toEqual(wrongBody);
  });

  it.each([
    ['plain text', { body: 'hello', contentType: 'text/plain' }],
    ['broken JSON', { body: '{"email": ', contentType: 'application/json' }],
    ['no body at all', {}],
    ['a JSON array', { body: '[]', contentType: 'application/json' }],
    ['a missing password', { body: JSON.stringify({ email: 'anna@example.test' }), contentType: 'application/json' }],
    ['a missing email', { body: JSON.stringify({ password: 'x' }), contentType: 'application/json' }],
    ['a malformed email', { body: JSON.stringify({ email: 'anna-at-example', password: 'x' }), contentType: 'application/json' }],
    ['a number as password', { body: JSON.stringify({ email: 'anna@example.test', password: 42 }), contentType: 'application/json' }],
  ])('answers 400 bad_request for %s', async (_name, init) => {
    const response = await post('/api/auth/login', init);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toEqual(expect.any(String));
  });

  it('answers 415 in the same error shape for a form-encoded body', async () => {
    const response = await post('/api/auth/login', { body: 'email=a@b.c&password=x', contentType: 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('names the bad field for a malformed email', async () => {
    const response = await post('/api/auth/login', {
      body: JSON.stringify({ email: 'anna-at-example', password: 'x' }),
      contentType: 'application/json',
    });
    const body = (await response.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(body.error.issues).toContainEqual({ path: 'email', message: 'Enter a valid email address' });
  });

  it('refuses the 11th attempt after 10 failures for one email, even with the right password', async () => {
    const victim = await t.addUser({ email: 'throttled@example.test' });
    for (let i = 0; i < 10; i++) {
      const response = await t.login(victim.email, `guess ${i}`);
      expect(response.status).toBe(401);
    }
    const blocked = await t.login(victim.email, FIXTURE_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { error: { message: string } }).error.message).toMatch(/too many failed sign-ins/i);
    // Other accounts from the same address are not locked out by one account's failures.
    expect((await t.login(t.users.agentA.email, FIXTURE_PASSWORD)).status).toBe(200);
  });
});

describe('socket.io handshake', () => {
  it('refuses a connection without a token', async () => {
    const error = await connectError(t.url, {});
    expect(error.message).toBe('unauthenticated');
    expect(error.data?.message).toMatch(/sign in/i);
  });

  it.each([
    ['a garbage token', { token: 'definitely-not-a-session-token' }],
    ['an empty token', { token: '' }],
    ['a token that is not a string', { token: 12345 }],
    ['an overlong token', { token: 'x'.repeat(10_000) }],
  ])('refuses %s', async (_name, auth) => {
    const error = await connectError(t.url, auth);
    expect(error.message).toBe('unauthenticated');
  });

  it('refuses an expired session', async () => {
    const { token } = await createSession(t.db, t.users.agentA.id, -1000);
    const error = await connectError(t.url, { token });
    expect(error.message).toBe('unauthenticated');
    expect(error.data?.message).toMatch(/expired/i);
    expect((await me(token)).status).toBe(401);
  });

  it('accepts a live session', async () => {
    const socket = await t.connect(await t.tokenFor(t.users.agentA));
    expect(socket.connected).toBe(true);
    const hello = okData(await emit(socket, 'hello', { protocolVersion: PROTOCOL_VERSION }));
    expect(hello.user).toEqual(t.users.agentA);
    socket.close();
  });
});

describe('logout', () => {
  it('revokes the session: its sockets are told and dropped, and the token stops working', async () => {
    const { socket, token } = await t.connectAs(t.users.agentB);
    // A second session of the same user must survive the logout of the first.
    const other = await t.connectAs(t.users.agentB);

    const revoked = waitFor(socket, 'session:revoked');
    const disconnected = waitForDisconnect(socket);
    const response = await post('/api/auth/logout', { token });
    expect(response.status).toBe(204);
    expect(await revoked).toEqual({ reason: 'You signed out', hubReason: { key: 'session.signedOut' } });
    expect(await disconnected).toBe('io server disconnect');

    expect((await me(token)).status).toBe(401);
    expect((await connectError(t.url, { token })).message).toBe('unauthenticated');
    expect((await post('/api/auth/logout', { token })).status).toBe(401);

    expect(other.socket.connected).toBe(true);
    okData(await emit(other.socket, 'hello', { protocolVersion: PROTOCOL_VERSION }));
    expect((await me(other.token)).status).toBe(200);
  });

  it('answers 401 without a bearer token', async () => {
    expect((await post('/api/auth/logout')).status).toBe(401);
    expect((await post('/api/auth/logout', { token: 'garbage' })).status).toBe(401);
  });
});

describe('a disabled account', () => {
  it('gets unauthenticated on its next event and is disconnected', async () => {
    const user = await t.addUser({ email: 'leaver@example.test' });
    const { socket, token } = await t.connectAs(user);
    okData(await emit(socket, 'hello', { protocolVersion: PROTOCOL_VERSION }));

    await t.db.updateTable('users').set({ disabled: true }).where('id', '=', user.id).execute();

    const disconnected = waitForDisconnect(socket);
    errorOf(await emit(socket, 'hello', { protocolVersion: PROTOCOL_VERSION }), 'unauthenticated');
    expect(await disconnected).toBe('io server disconnect');
    expect((await me(token)).status).toBe(401);
    expect((await t.login(user.email, FIXTURE_PASSWORD)).status).toBe(401);
    expect((await connectError(t.url, { token })).message).toBe('unauthenticated');
  });
});

describe('an HTTP request that fails inside the hub', () => {
  it('answers 500 with a generic message that does not leak the database error', async () => {
    // Take the sessions table away for a moment: every session check now fails inside the hub.
    await sql`alter table sessions rename to sessions_away`.execute(t.db);
    try {
      const response = await t.login(t.users.agentA.email, FIXTURE_PASSWORD);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toMatch(/sessions|relation|sql|select|insert|42P01/i);
      expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: expect.any(String), reason: { key: 'internal' } } });
      expect(t.logs.join('\n')).toMatch(/sessions/);

      // The socket handshake cannot check sessions either: it says so instead of hanging.
      const error = await connectError(t.url, { token: 'anything' });
      expect(error.message).toBe('unavailable');
    } finally {
      await sql`alter table sessions_away rename to sessions`.execute(t.db);
    }
    expect((await t.login(t.users.agentA.email, FIXTURE_PASSWORD)).status).toBe(200);
  });
});
