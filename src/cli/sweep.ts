import { StartupError, loadConfig } from '../config';
import { openDatabase } from '../core/database';
import { createEventBus } from '../core/event-bus';
import { EVENT_CHANNEL } from '../modules/demand/demand-feed';
import { DemandSweeper } from '../modules/demand/demand-workflow.service';

/**
 * `npm run sweep`: one pass of the demand sweeper (overdue marks, auto-close), then exit. Safe
 * beside running servers; with REDIS_URL their consoles hear of the new events at once, without it
 * at their next poll.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  const bus = createEventBus(config.redisUrl);
  let written = 0;
  try {
    await new DemandSweeper(db, config, (eventId) => {
      written += 1;
      bus.publish(EVENT_CHANNEL, String(eventId));
    }).sweep();
    console.log(`sweep: ${written} event${written === 1 ? '' : 's'} written`);
  } finally {
    await bus.close();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(`sweep: ${err instanceof StartupError ? err.message : `failed: ${(err as Error)?.message ?? err}`}`);
  process.exit(1);
});
