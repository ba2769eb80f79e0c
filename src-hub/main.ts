/**
 * `npm run hub`: start the hub from the environment and stop it cleanly on SIGINT/SIGTERM.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.js';
import { createHub } from './app.js';

const here = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig(process.env, { consoleDir: join(here, '..', 'out', 'renderer') });
  const hub = await createHub(config);
  console.log(`[hub] Switchboard hub listening on ${hub.url} (database: ${hub.databaseKind}${config.demo ? ', demo mode' : ''})`);
  if (config.database.kind === 'pglite') console.log(`[hub] data directory: ${config.dataDir}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[hub] ${signal} received, shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await hub.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`[hub] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
