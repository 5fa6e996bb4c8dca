import { StartupError, loadConfig } from '../config';
import { openDatabase } from '../core/database';
import { createServices } from '../server/services';

/**
 * `npm run sweep`: one pass of the demand sweeper (automatic escalation, overdue marks, auto-close,
 * offer expiry and auto-dispatch), then exit. Safe beside running servers; with REDIS_URL their
 * consoles hear of the new events at once, without it at their next poll.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  const services = createServices(db, config);
  try {
    await services.bus.ready();
    const written = await services.sweeper.sweep();
    console.log(`sweep: ${written} event${written === 1 ? '' : 's'} written`);
  } finally {
    await services.bus.close();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(`sweep: ${err instanceof StartupError ? err.message : `failed: ${(err as Error)?.message ?? err}`}`);
  process.exit(1);
});
