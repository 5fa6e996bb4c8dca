import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Pairing } from './pairing.entity';

registerNodeSource<Context>({
  types: ['Pairing'],
  typeOf: (value) => (value instanceof Pairing ? 'Pairing' : undefined),
  load: (ctx, _type, id) => ctx.services.pairing.byId(ctx, id),
});
