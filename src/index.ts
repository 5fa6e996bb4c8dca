import 'reflect-metadata';
import { StartupError, describeDatabase, loadConfig } from './config';
import { openDatabase } from './core/database';
import { logger, setLogLevel } from './core/logger';
import { AccountService } from './modules/account/account.service';
import { demoDataPresent, seedDemoCity } from './modules/demo/demo.service';
import { idHasherFor } from './modules/volunteer/id-number';
import { startApp } from './server/app';

async function main(): Promise<void> {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  if (config.demo && config.env === 'production') throw new StartupError('--demo is refused when NODE_ENV=production');
  const db = await openDatabase(config.database);
  // Demo accounts share a published password: a production server must not serve them.
  if (config.env === 'production' && (await demoDataPresent(db))) {
    await db.destroy();
    throw new StartupError('the database holds the demo city or demo accounts (published password); refused when NODE_ENV=production');
  }
  if ((await AccountService.ensureAdmin(db, config.admin)) === 'created') logger.info({ username: config.admin!.username }, 'created the platform admin');
  if (config.demo) {
    const hasher = idHasherFor(config);
    await hasher.checkAgainst(db);
    const result = await seedDemoCity(db, hasher);
    logger.info(result.created ? `demo city loaded: ${result.summary}` : `demo city already present (${result.summary})`);
  }
  const app = await startApp(config, db);
  // SIGTERM drains (see RunningApp.close): /readyz 503, port closed, in-flight requests finish,
  // sockets closed with 1001 so clients reconnect elsewhere, then services and the database.
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal, delayMs: config.drain.delayMs }, 'draining');
    app.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Before announcing the port: a supervisor that reads the line may signal at once.
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  logger.info({ port: app.port, database: describeDatabase(config.database) }, `volunteer-grid listening on http://localhost:${app.port}/graphql`);
}

main().catch((err: unknown) => {
  // Before the server runs, a failure is one plain line on stderr for the operator, not a JSON log.
  const message = err instanceof StartupError ? err.message : `unexpected start-up failure: ${(err as Error)?.message ?? err}`;
  console.error(`volunteer-grid: ${message}`);
  process.exit(1);
});
