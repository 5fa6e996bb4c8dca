import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { Gender, IdType, VolunteerStatus } from './volunteer.enums';

/**
 * A registered volunteer (real name). One per VOLUNTEER account. Personal fields are exposed
 * through the resolver, which masks them per viewer (volunteer.access.ts).
 */
@Entity('volunteer')
@ObjectType({ implements: Node, description: 'A volunteer registered under their real name: who can serve, where, with which skills and when.' })
export class Volunteer {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  accountId: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  phone: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => IdType, { description: 'The kind of identity document registered.' })
  idType: IdType;

  /** HMAC-SHA256 of the normalised ID number under ID_HASH_KEY: duplicates are found, the number is not kept. */
  @Column({ type: 'varchar', length: 64 })
  idHash: string;

  @Column({ type: 'varchar', length: 4 })
  idLast4: string;

  @Column({ type: 'date' })
  birthDate: string;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => Gender, { description: 'Gender.' })
  gender: Gender;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Member of the Communist Party of China.' })
  partyMember: boolean;

  /** Home community: where they reported in and are managed. */
  @Column({ type: 'integer' })
  communityId: number;

  /** Optional home grid inside the home community, for closeness in matching. */
  @Column({ type: 'integer', nullable: true })
  gridId: number | null;

  @Column({ type: 'date', nullable: true })
  reportedInAt: string | null;

  /** Employer (dual management): the organisation that also sees this person's service. */
  @Column({ type: 'integer', nullable: true })
  organisationId: number | null;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Switched on duty by the volunteer; with the weekly windows it decides `availableNow`.' })
  onDuty: boolean;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => VolunteerStatus, { description: 'Whether they may serve.' })
  status: VolunteerStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why they were suspended or left.' })
  statusReason: string | null;

  @Column({ type: 'double', nullable: true })
  latitude: number | null;

  @Column({ type: 'double', nullable: true })
  longitude: number | null;

  /** Certified service time, the tie-break of matching; maintained as service is certified. */
  @Column({ type: 'integer', default: 0 })
  certifiedMinutes: number;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When they registered.' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity('volunteer_skill')
export class VolunteerSkill {
  @PrimaryColumn({ type: 'integer' })
  volunteerId: number;

  @PrimaryColumn({ type: 'integer' })
  skillId: number;
}

@Entity('volunteer_certificate')
@ObjectType({ implements: Node, description: 'A certificate a volunteer holds (first aid, counselling, ...), with its expiry.' })
export class VolunteerCertificate {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  volunteerId: number;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'What it certifies, e.g. 红十字救护员证.' })
  name: string;

  @Column({ type: 'integer', nullable: true })
  skillId: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Who issued it.' })
  issuer: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: 'Its number.' })
  number: string | null;

  @Column({ type: 'date', nullable: true })
  issuedOn: string | null;

  @Column({ type: 'date', nullable: true })
  expiresOn: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was recorded.' })
  createdAt: Date;
}

@Entity('volunteer_availability')
export class VolunteerAvailability {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  volunteerId: number;

  @Column({ type: 'integer' })
  weekday: number;

  @Column({ type: 'integer' })
  startMinute: number;

  @Column({ type: 'integer' })
  endMinute: number;
}

@Entity('volunteer_move')
@ObjectType({ description: 'A change of home community ("reporting in" somewhere new). Records stay with the person.' })
export class VolunteerMove {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  volunteerId: number;

  @Column({ type: 'integer', nullable: true })
  fromCommunityId: number | null;

  @Column({ type: 'integer' })
  toCommunityId: number;

  @Column({ type: 'date', nullable: true })
  reportedInAt: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why, or anything to remember.' })
  note: string | null;

  @Column({ type: 'integer', nullable: true })
  movedById: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When the move was recorded.' })
  movedAt: Date;
}

@Entity('app_setting')
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 255 })
  value: string;
}
