import type { DataSource, EntityManager } from 'typeorm';
import { LogFeed, type LogSource } from '../../core/log-feed';
import { nextPosition } from '../../core/sequence';
import type { EventBus } from '../../core/event-bus';
import { Notice, type NoticeKind } from './notice.entity';

export const NOTICE_SEQUENCE = 'notice';
export const NOTICE_CHANNEL = 'notice';

export const noticeTopic = (accountId: number) => `account:${accountId}`;

export interface NewNotice {
  accountId: number;
  kind: NoticeKind;
  refId: number | null;
  message: string;
}

/**
 * Appends notices in the caller's transaction, taking gapless positions from the notice row of
 * event_sequence (held until commit, like the demand log). A transaction that writes both logs
 * appends to the demand log first; one order everywhere means the two rows never deadlock.
 * Returns the last position, to notify after commit (or null when there was nothing to append).
 */
export async function appendNotices(tx: EntityManager, notices: NewNotice[]): Promise<number | null> {
  let last: number | null = null;
  for (const n of notices) {
    const value = await nextPosition(tx, NOTICE_SEQUENCE);
    last = Number(value);
    await tx.insert(Notice, { id: last, accountId: n.accountId, kind: n.kind, refId: n.refId, message: n.message.slice(0, 500), at: new Date() });
  }
  return last;
}

export const noticeLog: LogSource<Notice> = {
  sequence: NOTICE_SEQUENCE,
  channel: NOTICE_CHANNEL,
  async load(db: DataSource, after: number, before: number, key: string | null, limit: number): Promise<Notice[]> {
    const query = db.getRepository(Notice).createQueryBuilder('n').where('n.id > :after AND n.id < :before', { after, before }).orderBy('n.id', 'ASC').limit(limit);
    const accountId = key?.startsWith('account:') ? Number(key.slice('account:'.length)) : null;
    if (key !== null) query.andWhere('n.accountId = :accountId', { accountId: accountId ?? -1 });
    const rows = await query.getMany();
    for (const n of rows) n.audience = [{ topic: noticeTopic(n.accountId), refId: n.refId }];
    return rows;
  },
};

export type NoticeFeed = LogFeed<Notice>;

export function createNoticeFeed(db: DataSource, bus: EventBus, pollMs: number): NoticeFeed {
  return new LogFeed(db, bus, pollMs, noticeLog);
}
