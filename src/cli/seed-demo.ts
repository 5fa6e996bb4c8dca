import { StartupError, loadConfig } from '../config';
import { openDatabase } from '../core/database';
import { DemoRefusedError, seedDemoCity } from '../modules/demo/demo.service';
import { idHasherFor } from '../modules/volunteer/id-number';

/** `npm run seed:demo`: migrate, then load the demo city into the configured database. */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') throw new DemoRefusedError('the demo city is refused when NODE_ENV=production');
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    const hasher = idHasherFor(config);
    await hasher.checkAgainst(db);
    const result = await seedDemoCity(db, hasher);
    console.log(result.created ? `demo city loaded: ${result.summary}` : `demo city already present (${result.summary})`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  const known = err instanceof StartupError || err instanceof DemoRefusedError;
  console.error(`seed:demo: ${known ? (err as Error).message : `failed: ${(err as Error)?.message ?? err}`}`);
  process.exit(1);
});
