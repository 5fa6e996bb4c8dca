import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Audience } from '../../core/log-feed';
import { Node } from '../../core/relay';
import { DemandEventReason, DemandEventType, DemandStatus } from './demand.enums';

@Entity('demand_event')
@ObjectType({ implements: Node, description: 'One step in a demand\'s history: the audit trail and the live feed.' })
export class DemandEvent {
  /** Position in the log (see event_sequence): gapless and in commit order. */
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  demandId: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => DemandEventType, { description: 'What happened.' })
  type: DemandEventType;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => DemandStatus, { nullable: true, description: 'Status before; null for CREATED.' })
  fromStatus: DemandStatus | null;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => DemandStatus, { description: 'Status after.' })
  toStatus: DemandStatus;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: 'The reason or note given with the step.' })
  note: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => DemandEventReason, { nullable: true, description: 'Why it happened: a person (MANUAL), a deadline (DEADLINE) or the platform offering the next candidates (AUTO_DISPATCH).' })
  reason: DemandEventReason | null;

  @Column({ type: 'text', nullable: true })
  data: string | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it happened.' })
  at: Date;

  /** The grid's materialized path, joined when the event is routed to subscribers. */
  regionPath?: string;

  /** Who else hears of it (offer holders, call-out members ...), loaded when the event is routed. */
  audience?: Audience[];
}

export type { Audience };

/**
 * Routing keys beyond the region path: `offer:<accountId>` for the offers of a volunteer,
 * `callout-member:<accountId>` and `callout:<calloutId>` for emergency call-outs. `refId` names the
 * object the event concerns for that audience (the offer, the call-out).
 */
@Entity('demand_event_audience')
export class DemandEventAudience {
  @PrimaryColumn({ type: 'integer' })
  eventId: number;

  @PrimaryColumn({ type: 'varchar', length: 48 })
  topic: string;

  @Column({ type: 'integer', nullable: true })
  refId: number | null;
}
