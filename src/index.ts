import 'reflect-metadata';
import { StartupError, describeDatabase, loadConfig } from './config';
import { openDatabase } from './core/database';
import { AccountService } from './modules/account/account.service';
import { demoDataPresent, seedDemoCity } from './modules/demo/demo.service';
import { idHasherFor } from './modules/volunteer/id-number';
import { startApp } from './server/app';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.demo && config.env === 'production') throw new StartupError('--demo is refused when NODE_ENV=production');
  const db = await openDatabase(config.database);
  // Demo accounts share a published password: a production server must not serve them.
  if (config.env === 'production' && (await demoDataPresent(db))) {
    await db.destroy();
    throw new StartupError('the database holds the demo city or demo accounts (published password); refused when NODE_ENV=production');
  }
  if ((await AccountService.ensureAdmin(db, config.admin)) === 'created') console.log(`created platform admin "${config.admin!.username}"`);
  if (config.demo) {
    const hasher = idHasherFor(config);
    await hasher.checkAgainst(db);
    const result = await seedDemoCity(db, hasher);
    console.log(result.created ? `demo city loaded: ${result.summary}` : `demo city already present (${result.summary})`);
  }
  const app = await startApp(config, db);
  const shutdown = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Before announcing the port: a supervisor that reads the line may signal at once.
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  console.log(`volunteer-grid listening on http://localhost:${app.port}/graphql (database ${describeDatabase(config.database)})`);
}

main().catch((err: unknown) => {
  const message = err instanceof StartupError ? err.message : `unexpected start-up failure: ${(err as Error)?.message ?? err}`;
  console.error(`volunteer-grid: ${message}`);
  process.exit(1);
});
