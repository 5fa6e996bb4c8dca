import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { AccountService } from '../modules/account/account.service';
import { LoginThrottle } from '../modules/account/login-throttle';
import { RegionService } from '../modules/region/region.service';
import { TokenService, loadJwtKey } from './auth';

/** The process-wide service singletons; they hold rules, not request state. */
export function createServices(_db: DataSource, config: Config) {
  const tokens = new TokenService(loadJwtKey(config), config.tokenTtlSeconds);
  const region = new RegionService();
  const account = new AccountService(region, tokens, new LoginThrottle(config.login.maxFailures, config.login.lockSeconds));
  return { tokens, region, account };
}

export type Services = ReturnType<typeof createServices>;
