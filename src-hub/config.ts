/**
 * Hub configuration from the environment. Every variable is documented in the README.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseTarget } from './store/db.js';
import type { LeadToolsOptions } from './lead/index.js';

export interface HubConfig {
  host: string;
  port: number;
  database: DatabaseTarget;
  dataDir: string;
  /** Demo mode seeds a workspace and runs the traffic generator. */
  demo: boolean;
  /** Average milliseconds between generated customer messages; 0 turns the generator off. */
  demoTrafficIntervalMs: number;
  sessionTtlMs: number;
  /** Days the change log is kept; consoles offline longer bootstrap again. */
  changeLogRetentionDays: number;
  /** Directory of the built console to serve at `/`; null to serve nothing. */
  consoleDir: string | null;
  /** The built chat widget (`out/widget` when unset). */
  chatWidgetDir?: string | null;
  /** Extra origins allowed to call the hub from a browser (the desktop app's `app://switchboard`). */
  allowedOrigins: string[];
  /** Admin account created on first start outside demo mode. */
  bootstrapAdmin: { email: string; password: string } | null;
  /** The email channel; left out (tests, bench), the hub runs no SMTP listener and polls no IMAP. */
  email?: EmailConfig;
  /** Lead tools timings (presence grace, SLA sweep, dashboard push interval, early-warning thresholds). */
  lead?: LeadToolsOptions;
  /** API key a CRM or ERP uses on `/api/crm/*` (`X-Api-Key`); null: only admin sessions may call it. */
  crmApiKey?: string | null;
  /** How often customers who wrote recently get their Social Customer Score recomputed (default 5 min). */
  scoreSweepMs?: number;
  /** How often snoozed conversations whose time has come are woken (default 15 s). */
  snoozeSweepMs?: number;
}

export interface EmailConfig {
  /** The inbound SMTP listener; null turns it off (`SMTP_PORT=off`). */
  smtp: { host: string; port: number; tls: { keyFile: string; certFile: string } | null } | null;
  /** Largest mail accepted, announced in EHLO (SIZE); bigger ones get 552. */
  maxMessageBytes: number;
  /** Largest single attachment stored; a mail with a bigger one gets 552. */
  maxAttachmentBytes: number;
  /** How often mailboxes with IMAP settings are polled. */
  imapPollMs: number;
}

/** Per-user default data directory, following each OS's convention. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'Switchboard', 'hub');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Switchboard', 'hub');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'switchboard', 'hub');
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Read the configuration; throws a readable error on an invalid value.
 *
 * Demo mode is the default only for the embedded database: a hub pointed at a real PostgreSQL
 * never seeds fake customers unless `SWITCHBOARD_DEMO=1` says so.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: { consoleDir: string | null } = { consoleDir: null }): HubConfig {
  const dataDir = env.SWITCHBOARD_DATA_DIR || defaultDataDir(env);
  const database: DatabaseTarget = env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL }
    : { kind: 'pglite', dataDir };
  const demoRaw = env.SWITCHBOARD_DEMO;
  const demo = demoRaw === undefined || demoRaw === '' ? database.kind === 'pglite' : demoRaw === '1' || demoRaw === 'true';
  const adminEmail = env.SWITCHBOARD_ADMIN_EMAIL;
  const adminPassword = env.SWITCHBOARD_ADMIN_PASSWORD;
  if (adminPassword !== undefined && adminPassword.length < 12) {
    throw new Error('SWITCHBOARD_ADMIN_PASSWORD must be at least 12 characters');
  }
  return {
    host: env.HUB_HOST || '127.0.0.1',
    port: intFrom(env, 'HUB_PORT', 5170, 0, 65535),
    database,
    dataDir,
    demo,
    demoTrafficIntervalMs: intFrom(env, 'SWITCHBOARD_DEMO_TRAFFIC_MS', 20_000, 0, 3_600_000),
    sessionTtlMs: intFrom(env, 'SWITCHBOARD_SESSION_HOURS', 12, 1, 24 * 30) * 3_600_000,
    changeLogRetentionDays: intFrom(env, 'SWITCHBOARD_CHANGELOG_DAYS', 30, 1, 3650),
    consoleDir: env.SWITCHBOARD_CONSOLE_DIR || defaults.consoleDir,
    chatWidgetDir: env.SWITCHBOARD_WIDGET_DIR || null,
    allowedOrigins: ['app://switchboard', ...(env.HUB_ALLOWED_ORIGINS?.split(',').map((s) => s.trim()).filter(Boolean) ?? [])],
    bootstrapAdmin: adminEmail && adminPassword ? { email: adminEmail.toLowerCase(), password: adminPassword } : null,
    email: loadEmailConfig(env),
    crmApiKey: crmApiKeyFrom(env),
    scoreSweepMs: intFrom(env, 'SWITCHBOARD_SCORE_SWEEP_SECONDS', 300, 10, 86_400) * 1000,
    snoozeSweepMs: intFrom(env, 'SWITCHBOARD_SNOOZE_SWEEP_SECONDS', 15, 1, 3600) * 1000,
    lead: {
      presenceGraceMs: intFrom(env, 'SWITCHBOARD_PRESENCE_GRACE_SECONDS', 15, 0, 3600) * 1000,
      sweepMs: intFrom(env, 'SWITCHBOARD_SLA_SWEEP_SECONDS', 15, 1, 3600) * 1000,
    },
  };
}

function crmApiKeyFrom(env: NodeJS.ProcessEnv): string | null {
  const key = env.SWITCHBOARD_CRM_API_KEY;
  if (key === undefined || key === '') return null;
  // A key short enough to guess would open every customer's master data.
  if (key.length < 24) throw new Error('SWITCHBOARD_CRM_API_KEY must be at least 24 characters');
  return key;
}

function loadEmailConfig(env: NodeJS.ProcessEnv): EmailConfig {
  const keyFile = env.SMTP_TLS_KEY_FILE || '';
  const certFile = env.SMTP_TLS_CERT_FILE || '';
  if (Boolean(keyFile) !== Boolean(certFile)) throw new Error('SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE must be set together');
  const off = env.SMTP_PORT === 'off';
  return {
    smtp: off
      ? null
      : {
          // Loopback unless told otherwise, like the hub itself: exposing a mail port is a decision.
          host: env.SMTP_HOST || env.HUB_HOST || '127.0.0.1',
          port: intFrom(env, 'SMTP_PORT', 2525, 0, 65535),
          tls: keyFile ? { keyFile, certFile } : null,
        },
    maxMessageBytes: intFrom(env, 'SMTP_MAX_MESSAGE_MB', 25, 1, 1024) * 1024 * 1024,
    maxAttachmentBytes: intFrom(env, 'EMAIL_MAX_ATTACHMENT_MB', 10, 1, 1024) * 1024 * 1024,
    imapPollMs: intFrom(env, 'IMAP_POLL_SECONDS', 60, 5, 86_400) * 1000,
  };
}
