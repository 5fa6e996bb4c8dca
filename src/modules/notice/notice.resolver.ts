import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root, Subscription } from 'type-graphql';
import { connectionType, PageArgs, toGlobalId } from '../../core/relay';
import type { Delivery } from '../../core/log-feed';
import type { Context } from '../../server/context';
import { cursorOf, recheckLive } from '../../server/live';
import { Notice } from './notice.entity';

export const NoticeConnection = connectionType('Notice', Notice, 'notice');

@Resolver(() => Notice)
export class NoticeResolver {
  @Authorized()
  @Query(() => NoticeConnection, { description: 'Your notices, newest first: what `notices` pushed, for catching up.' })
  myNotices(@Args() args: PageArgs, @Ctx() ctx: Context) {
    return ctx.services.notice.mine(ctx, args);
  }

  @Subscription(() => Notice, {
    description: 'Your notices, live: a waitlist place that came free, an activity cancelled, a record certified, credits received. With `after`, first what you missed.',
    subscribe: ({ args, context }) => context.services.notice.subscribe(context, args.after ?? null),
  })
  notices(
    @Root() delivery: Delivery<Notice>,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor.' }) _after: string | null,
    @Ctx() ctx: Context,
  ): Notice {
    recheckLive(ctx);
    return delivery.event;
  }

  @FieldResolver(() => ID, { description: 'Globally unique id.' })
  id(@Root() notice: Notice): string {
    return toGlobalId('Notice', notice.id);
  }

  @FieldResolver(() => String, { description: 'Its position: pass it as `after` to `notices` to resume.' })
  cursor(@Root() notice: Notice): string {
    return cursorOf(notice);
  }
}
