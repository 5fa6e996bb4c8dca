import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Region } from './region.entity';
import { ALL_REGION_TYPES, REGION_TYPE_NAMES } from './region.types';

// The hierarchy itself is public to every signed-in account: residents pick their grid from it and
// partners need region codes. What lies inside a region (demands, people, statistics) is scoped.
registerNodeSource<Context>({
  types: ALL_REGION_TYPES,
  typeOf: (value) => (value instanceof Region ? REGION_TYPE_NAMES[value.level] : undefined),
  load: (ctx, _type, id) => ctx.loaders.region.byId.load(id),
});
