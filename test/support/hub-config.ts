/**
 * The hub configuration every test and the bench start from: loopback on a free port, embedded
 * PGlite in `dataDir`, no demo, no traffic. One place, so a new config field reaches them all.
 */
import type { HubConfig } from '../../src-hub/config.js';

export function loopbackHubConfig(dataDir: string, overrides: Partial<HubConfig> = {}): HubConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    database: { kind: 'pglite', dataDir },
    dataDir,
    demo: false,
    demoTrafficIntervalMs: 0,
    sessionTtlMs: 3_600_000,
    changeLogRetentionDays: 30,
    consoleDir: null,
    allowedOrigins: ['app://switchboard'],
    bootstrapAdmin: null,
    ...overrides,
  };
}
