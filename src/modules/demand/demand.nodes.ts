import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { DemandEvent } from './demand-event.entity';
import { Demand } from './demand.entity';

registerNodeSource<Context>({
  types: ['Demand'],
  typeOf: (value) => (value instanceof Demand ? 'Demand' : undefined),
  load: (ctx, _type, id) => ctx.services.demand.byId(ctx, id),
});

// An event is visible to whoever may read its demand.
registerNodeSource<Context>({
  types: ['DemandEvent'],
  typeOf: (value) => (value instanceof DemandEvent ? 'DemandEvent' : undefined),
  async load(ctx, _type, id) {
    const event = await ctx.db.getRepository(DemandEvent).findOneBy({ id });
    return event && (await ctx.services.demand.byId(ctx, event.demandId)) ? event : null;
  },
});
