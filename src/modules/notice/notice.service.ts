import type { EntityManager } from 'typeorm';
import { forbidden } from '../../core/errors';
import { parsePage, toConnection, type Connection, type PageArgs } from '../../core/relay';
import { txOf, type Context } from '../../server/context';
import { liveViewer, openLive } from '../../server/live';
import { Notice } from './notice.entity';
import { appendNotices, noticeTopic, type NewNotice, type NoticeFeed } from './notice.log';

/** Personal notices: written in the caller's transaction, pushed live after commit, listed for catch-up. */
export class NoticeService {
  constructor(readonly feed: NoticeFeed) {}

  /** Appends in the mutation's transaction and publishes once it has committed. */
  async send(ctx: Context, notices: NewNotice[]): Promise<void> {
    const last = await appendNotices(txOf(ctx), notices);
    if (last !== null) ctx.afterCommit.push(() => this.feed.notify(last));
  }

  /** For background work with its own transaction: append now, and call the returned function after commit. */
  async sendIn(tx: EntityManager, notices: NewNotice[]): Promise<() => void> {
    const last = await appendNotices(tx, notices);
    return () => {
      if (last !== null) this.feed.notify(last);
    };
  }

  subscribe(ctx: Context, after: string | null) {
    const viewer = liveViewer(ctx);
    return openLive(ctx, this.feed, noticeTopic(viewer.account.id), after);
  }

  mine(ctx: Context, args: PageArgs): Promise<Connection<Notice>> {
    const viewer = liveViewer(ctx);
    const page = parsePage(args);
    const query = ctx.db.getRepository(Notice).createQueryBuilder('n').where('n.accountId = :me', { me: viewer.account.id });
    const pageQuery = query.clone();
    if (page.afterKey !== null) pageQuery.andWhere('n.id < :afterKey', { afterKey: page.afterKey });
    return pageQuery
      .orderBy('n.id', 'DESC')
      .take(page.limit + 1)
      .getMany()
      .then((rows) => toConnection(rows, page, (n) => n.id, () => query.getCount()));
  }

  /** A notice is for its account only. */
  async byId(ctx: Context, id: number): Promise<Notice | null> {
    const notice = await ctx.db.getRepository(Notice).findOneBy({ id });
    if (!notice || !ctx.viewer) return null;
    if (notice.accountId !== ctx.viewer.account.id) throw forbidden('the notice is not yours');
    return notice;
  }
}
