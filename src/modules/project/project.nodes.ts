import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Activity, ActivitySignup, Project } from './project.entity';

// Projects and activities are public; sign-ups are for the volunteer and the organisers.
registerNodeSource<Context>({
  types: ['Project', 'Activity'],
  typeOf: (value) => (value instanceof Project ? 'Project' : value instanceof Activity ? 'Activity' : undefined),
  load: (ctx, type, id) => (type === 'Project' ? ctx.db.getRepository(Project).findOneBy({ id }) : ctx.db.getRepository(Activity).findOneBy({ id })),
});

registerNodeSource<Context>({
  types: ['ActivitySignup'],
  typeOf: (value) => (value instanceof ActivitySignup ? 'ActivitySignup' : undefined),
  load: (ctx, _type, id) => ctx.services.activity.signupById(ctx, id),
});
