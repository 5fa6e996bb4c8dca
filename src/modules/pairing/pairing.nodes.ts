import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Pairing, PairingVisit } from './pairing.entity';

registerNodeSource<Context>({
  types: ['Pairing'],
  typeOf: (value) => (value instanceof Pairing ? 'Pairing' : undefined),
  load: (ctx, _type, id) => ctx.services.pairing.byId(ctx, id),
});

// A visit is visible to whoever sees its pairing.
registerNodeSource<Context>({
  types: ['PairingVisit'],
  typeOf: (value) => (value instanceof PairingVisit ? 'PairingVisit' : undefined),
  async load(ctx, _type, id) {
    const visit = await ctx.db.getRepository(PairingVisit).findOneBy({ id });
    return visit && (await ctx.services.pairing.byId(ctx, visit.pairingId)) ? visit : null;
  },
});
