import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Volunteer, VolunteerCertificate } from './volunteer.entity';

registerNodeSource<Context>({
  types: ['Volunteer'],
  typeOf: (value) => (value instanceof Volunteer ? 'Volunteer' : undefined),
  load: (ctx, _type, id) => ctx.services.volunteer.byId(ctx, id),
});

// A certificate is visible to whoever sees its volunteer.
registerNodeSource<Context>({
  types: ['VolunteerCertificate'],
  typeOf: (value) => (value instanceof VolunteerCertificate ? 'VolunteerCertificate' : undefined),
  async load(ctx, _type, id) {
    const certificate = await ctx.db.getRepository(VolunteerCertificate).findOneBy({ id });
    return certificate && (await ctx.services.volunteer.byId(ctx, certificate.volunteerId)) ? certificate : null;
  },
});
