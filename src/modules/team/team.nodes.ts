import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Team, TeamMember } from './team.entity';

// Teams are public to every signed-in account (name, kind, region); rosters are not.
registerNodeSource<Context>({
  types: ['Team'],
  typeOf: (value) => (value instanceof Team ? 'Team' : undefined),
  load: (ctx, _type, id) => (ctx.viewer ? ctx.loaders.team.byId.load(id) : Promise.resolve(null)),
});

registerNodeSource<Context>({
  types: ['TeamMember'],
  typeOf: (value) => (value instanceof TeamMember ? 'TeamMember' : undefined),
  load: (ctx, _type, id) => ctx.services.team.membershipById(ctx, id),
});
