import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { ServiceCategory } from './category.entity';

registerNodeSource<Context>({
  types: ['ServiceCategory'],
  typeOf: (value) => (value instanceof ServiceCategory ? 'ServiceCategory' : undefined),
  load: (ctx, _type, id) => ctx.loaders.category.byId.load(id),
});
