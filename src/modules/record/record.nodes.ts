import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { ServiceRecord } from './record.entity';

registerNodeSource<Context>({
  types: ['ServiceRecord'],
  typeOf: (value) => (value instanceof ServiceRecord ? 'ServiceRecord' : undefined),
  load: (ctx, _type, id) => ctx.services.record.byId(ctx, id),
});
