import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { DemandEventType, DemandStatus } from './demand.enums';

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

  @Column({ type: 'text', nullable: true })
  data: string | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it happened.' })
  at: Date;

  /** The grid's materialized path, joined when the event is routed to subscribers. */
  regionPath?: string;
}
