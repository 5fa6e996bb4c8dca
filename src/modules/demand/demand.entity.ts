import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { DemandChannel, DemandStatus, HandlingLevel, Urgency } from './demand.enums';

/** JSON text columns holding string lists (photo URLs). */
export const jsonList = {
  to: (value: string[] | null | undefined) => (value && value.length ? JSON.stringify(value) : null),
  from: (value: string | null) => (value ? (JSON.parse(value) as string[]) : []),
};

@Entity('demand')
@ObjectType({ implements: Node, description: 'A resident\'s request for service, or a problem found on the grid.' })
export class Demand {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'Human-readable, unique number, e.g. D20261123-000042.' })
  number: string;

  @Column({ type: 'varchar', length: 200 })
  @Field({ description: 'What is needed, 1 to 200 characters.' })
  title: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Details, at most 4,000 characters.' })
  description: string | null;

  @Column({ type: 'integer' })
  categoryId: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => Urgency, { description: 'How fast it must be handled.' })
  urgency: Urgency;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => DemandChannel, { description: 'How it reached the command center.' })
  channel: DemandChannel;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => DemandStatus, { description: 'Where it stands in the workflow.' })
  status: DemandStatus;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => HandlingLevel, { description: 'Which command center handles it.' })
  handlingLevel: HandlingLevel;

  @Column({ type: 'integer' })
  gridId: number;

  @Column({ type: 'integer', nullable: true })
  requesterId: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  contactName: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  @Field(() => String, { nullable: true, description: 'Where the service is needed.' })
  address: string | null;

  @Column({ type: 'double', nullable: true })
  @Field(() => Float, { nullable: true, description: 'Latitude (WGS84), -90 to 90.' })
  latitude: number | null;

  @Column({ type: 'double', nullable: true })
  @Field(() => Float, { nullable: true, description: 'Longitude (WGS84), -180 to 180.' })
  longitude: number | null;

  @Column({ type: 'text', nullable: true, transformer: jsonList })
  @Field(() => [String], { description: 'Photo URLs (http or https) sent with the demand.' })
  photos: string[];

  @Column({ type: 'integer' })
  createdById: number;

  @Column({ type: 'varchar', length: 100, nullable: true })
  idempotencyKey: string | null;

  /** The partner organisation that filed it, if any. */
  @Column({ type: 'integer', nullable: true })
  organisationId: number | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When the command center should have accepted it, from the service level.' })
  acceptDueAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field(() => Date, { nullable: true, description: 'When it should be completed: the category\'s service level for its urgency.' })
  dueAt: Date;

  @Column({ type: 'integer', nullable: true })
  responderId: number | null;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Whether it was dispatched to open recruitment (any volunteer may claim it).' })
  dispatchOpen: boolean;

  @Column({ type: 'integer', nullable: true })
  dispatchTeamId: number | null;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Whether, once its offers are all declined or expired, it is offered to the next candidates by itself.' })
  autoDispatch: boolean;

  /** How many rounds of offers it has had; bumped with each round, so two sweepers never add the same round. */
  @Column({ type: 'integer', default: 0 })
  offerRound: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  escalateAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why the command center rejected it; shown to the requester.' })
  rejectionReason: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The responder\'s note on completion.' })
  completionNote: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonList })
  @Field(() => [String], { description: 'Photos the responder sent on completion.' })
  completionPhotos: string[];

  @Column({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The requester\'s rating, 1 to 5.' })
  rating: number | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: 'The requester\'s feedback.' })
  feedback: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When service was completed.' })
  completedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was closed.' })
  closedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was first recorded as overdue.' })
  overdueAt: Date | null;

  /** When it was first accepted, assigned (claimed), completed and escalated: written with that event (demand-milestones.ts). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  firstAcceptedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  firstAssignedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  firstCompletedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  firstEscalatedAt: Date | null;

  /** Bumped by every transition: the conditional update compares it, so of two racing writers one wins. */
  @Column({ type: 'integer', default: 0 })
  version: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was placed.' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it last changed.' })
  updatedAt: Date;
}
