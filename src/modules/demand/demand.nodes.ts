import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Demand } from './demand.entity';

registerNodeSource<Context>({
  types: ['Demand'],
  typeOf: (value) => (value instanceof Demand ? 'Demand' : undefined),
  load: (ctx, _type, id) => ctx.services.demand.byId(ctx, id),
});
