import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { jsonList } from '../demand/demand.entity';
import { CorrectionStatus, RecordSource, RecordStatus } from './record.enums';

@Entity('service_record')
@ObjectType({ implements: Node, description: 'Time a volunteer served, certified by whoever organised it; it stays with the volunteer wherever they move.' })
export class ServiceRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  volunteerId: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => RecordSource, { description: 'Where it comes from.' })
  source: RecordSource;

  @Column({ type: 'integer', nullable: true })
  activitySignupId: number | null;

  @Column({ type: 'integer', nullable: true })
  demandId: number | null;

  @Column({ type: 'integer', nullable: true })
  pairingVisitId: number | null;

  @Column({ type: 'integer' })
  categoryId: number;

  @Column({ type: 'integer' })
  regionId: number;

  /** The volunteer's home community, moved with them: what a region's service figures group by. */
  @Column({ type: 'integer' })
  homeCommunityId: number;

  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When the service began.' })
  startedAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it ended.' })
  endedAt: Date;

  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'Minutes served (after any accepted correction).' })
  minutes: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: 'What was done.' })
  description: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonList })
  @Field(() => [String], { description: 'Evidence: photo URLs.' })
  photos: string[];

  @Column({ type: 'varchar', length: 16 })
  @Field(() => RecordStatus, { description: 'Whether it counts.' })
  status: RecordStatus;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Flagged for a careful look, e.g. a check-out closed automatically.' })
  needsReview: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was declined.' })
  declineReason: string | null;

  @Column({ type: 'integer', nullable: true })
  certifiedById: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was approved or declined.' })
  certifiedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  certifierTeamId: number | null;

  @Column({ type: 'integer', nullable: true })
  certifierOrganisationId: number | null;

  @Column({ type: 'integer', nullable: true })
  certifierRegionId: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => CorrectionStatus, { nullable: true, description: 'A correction the volunteer asked for, if any.' })
  correctionStatus: CorrectionStatus | null;

  @Column({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The minutes the volunteer asked for.' })
  correctionMinutes: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why the volunteer asked for the correction.' })
  correctionReason: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'The certifier\'s answer to it.' })
  correctionNote: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @Column({ type: 'integer', default: 0 })
  version: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was recorded.' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
