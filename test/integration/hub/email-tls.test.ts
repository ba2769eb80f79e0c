/**
 * The SMTP listener with a certificate (SMTP_TLS_KEY_FILE / SMTP_TLS_CERT_FILE) offers STARTTLS, and
 * a client that insists on TLS delivers over it. The certificate is made by openssl for the test.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emit, okData, startTestHub, type TestHub } from './harness.js';
import { testEmailConfig } from './mail-helpers.js';

let t: TestHub;
const certDir = mkdtempSync(join(tmpdir(), 'switchboard-smtp-tls-'));

beforeAll(async () => {
  const keyFile = join(certDir, 'key.pem');
  const certFile = join(certDir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', '/CN=localhost', '-days', '1'], { stdio: 'ignore' });
  t = await startTestHub({ email: testEmailConfig({ smtp: { host: '127.0.0.1', port: 0, tls: { keyFile, certFile } } }) });
  const adminUser = await t.addUser({ email: 'admin@example.test', role: 'admin', departments: [] });
  const { socket } = await t.connectAs(adminUser);
  okData(await emit(socket, 'channels:save', { channel: 'email', name: 'Support', address: 'support@shop.example', departmentId: 'support', settings: {} }));
  socket.disconnect();
});

afterAll(async () => {
  await t?.close();
  rmSync(certDir, { recursive: true, force: true });
});

describe('SMTP listener with TLS', () => {
  it('accepts mail over STARTTLS', async () => {
    const transport = createTransport({
      host: '127.0.0.1',
      port: t.hub.email.smtpPort!,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false }, // the test's self-signed certificate
    });
    const messageId = `tls-${randomUUID()}@example.net`;
    try {
      const info = await transport.sendMail({ from: 'c@example.net', to: 'support@shop.example', subject: 'Over TLS', text: 'secret', messageId: `<${messageId}>` });
      expect(String(info.response)).toMatch(/^250/);
    } finally {
      transport.close();
    }
    const row = await t.db.selectFrom('messages').select('body').where('provider_message_id', '=', messageId).executeTakeFirstOrThrow();
    expect(row.body.trim()).toBe('secret');
  });
});
