import { registerNodeSource } from '../../core/relay';
import type { Context } from '../../server/context';
import { Notice } from './notice.entity';

registerNodeSource<Context>({
  types: ['Notice'],
  typeOf: (value) => (value instanceof Notice ? 'Notice' : undefined),
  load: (ctx, _type, id) => ctx.services.notice.byId(ctx, id),
});
