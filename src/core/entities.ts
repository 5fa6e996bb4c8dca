import { Account } from '../modules/account/account.entity';
import { ServiceCategory, ServiceLevel } from '../modules/category/category.entity';
import { DemandEvent } from '../modules/demand/demand-event.entity';
import { Demand, DemandDispatchTarget } from '../modules/demand/demand.entity';
import { ApiKey } from '../modules/organisation/api-key.entity';
import { Organisation } from '../modules/organisation/organisation.entity';
import { Region } from '../modules/region/region.entity';

/** Every TypeORM entity; the one list both the server and the migration CLI load. */
export const entities = [Region, Account, ServiceCategory, ServiceLevel, Demand, DemandDispatchTarget, DemandEvent, Organisation, ApiKey];
