import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { EmergencyCallout } from './callout.entity';

registerNodeSource<Context>({
  types: ['EmergencyCallout'],
  typeOf: (value) => (value instanceof EmergencyCallout ? 'EmergencyCallout' : undefined),
  load: (ctx, _type, id) => ctx.services.callout.byId(ctx, id),
});
