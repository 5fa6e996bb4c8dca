import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Skill } from './skill.entity';

registerNodeSource<Context>({
  types: ['Skill'],
  typeOf: (value) => (value instanceof Skill ? 'Skill' : undefined),
  load: (ctx, _type, id) => ctx.db.getRepository(Skill).findOneBy({ id }),
});
