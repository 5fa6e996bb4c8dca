import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Audience } from '../../core/log-feed';
import { Node } from '../../core/relay';

export enum NoticeKind {
  SIGNUP_PROMOTED = 'SIGNUP_PROMOTED',
  ACTIVITY_CANCELLED = 'ACTIVITY_CANCELLED',
  CHECKOUT_AUTO_CLOSED = 'CHECKOUT_AUTO_CLOSED',
  RECORD_APPROVED = 'RECORD_APPROVED',
  RECORD_DECLINED = 'RECORD_DECLINED',
  CORRECTION_RESOLVED = 'CORRECTION_RESOLVED',
  CREDITS_RECEIVED = 'CREDITS_RECEIVED',
}

registerEnumType(NoticeKind, {
  name: 'NoticeKind',
  description: 'What a notice is about.',
  valuesConfig: {
    SIGNUP_PROMOTED: { description: 'A place came free: your waitlisted sign-up is confirmed (see `signup`).' },
    ACTIVITY_CANCELLED: { description: 'An activity you signed up for was cancelled (see `activity`).' },
    CHECKOUT_AUTO_CLOSED: { description: 'You forgot to check out; it was closed at the activity\'s end and the record waits for review (see `serviceRecord`).' },
    RECORD_APPROVED: { description: 'A service record of yours was certified (see `serviceRecord`).' },
    RECORD_DECLINED: { description: 'A service record of yours was declined, with the reason.' },
    CORRECTION_RESOLVED: { description: 'The correction you asked for was accepted or refused.' },
    CREDITS_RECEIVED: { description: 'Time-bank credits reached your account (see `timebankEntry`).' },
  },
});

/** One notice to one account; the id is its position in the notice log (gapless, in commit order). */
@Entity('notice')
@ObjectType({ implements: Node, description: 'A notice to you: pushed live by `notices`, listed by `myNotices`.' })
export class Notice {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  accountId: number;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => NoticeKind, { description: 'What it is about.' })
  kind: NoticeKind;

  /** The object it concerns, by kind: a sign-up, an activity, a service record, a ledger entry. */
  @Column({ type: 'integer', nullable: true })
  refId: number | null;

  @Column({ type: 'varchar', length: 500 })
  @Field({ description: 'What happened, in a sentence for the app to show.' })
  message: string;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When.' })
  at: Date;

  /** Routing for the feed engine: each notice goes to its account's topic. */
  audience?: Audience[];
}
