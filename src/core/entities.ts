import { Account } from '../modules/account/account.entity';
import { Region } from '../modules/region/region.entity';

/** Every TypeORM entity; the one list both the server and the migration CLI load. */
export const entities = [Region, Account];
