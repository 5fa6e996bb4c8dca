import { forbidden } from '../../core/errors';
import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Benefit, BenefitRedemption } from './incentive.entity';

// The catalogue is for everyone signed in; a redemption for its volunteer and the benefit's managers.
registerNodeSource<Context>({
  types: ['Benefit'],
  typeOf: (value) => (value instanceof Benefit ? 'Benefit' : undefined),
  load: (ctx, _type, id) => (ctx.viewer ? ctx.db.getRepository(Benefit).findOneBy({ id }) : Promise.resolve(null)),
});

registerNodeSource<Context>({
  types: ['BenefitRedemption'],
  typeOf: (value) => (value instanceof BenefitRedemption ? 'BenefitRedemption' : undefined),
  async load(ctx, _type, id) {
    const redemption = await ctx.db.getRepository(BenefitRedemption).findOneBy({ id });
    if (!redemption || !ctx.viewer) return null;
    const me = await ctx.loaders.volunteer.byAccountId.load(ctx.viewer.account.id);
    if (me?.id === redemption.volunteerId) return redemption;
    try {
      ctx.services.incentive.assertManager(ctx.viewer, await ctx.db.getRepository(Benefit).findOneByOrFail({ id: redemption.benefitId }));
    } catch {
      throw forbidden('the redemption is not yours');
    }
    return redemption;
  },
});
