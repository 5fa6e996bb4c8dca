import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { DemandOffer } from './offer.entity';

registerNodeSource<Context>({
  types: ['DemandOffer'],
  typeOf: (value) => (value instanceof DemandOffer ? 'DemandOffer' : undefined),
  load: (ctx, _type, id) => ctx.services.offer.byId(ctx, id),
});
