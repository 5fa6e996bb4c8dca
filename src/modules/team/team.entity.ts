import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { MembershipStatus, TeamKind } from './team.enums';

@Entity('team')
@ObjectType({ implements: Node, description: 'A volunteer team: a home region, specialties, a leader and a liaison, and members.' })
export class Team {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'Name, unique within its home region.' })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => TeamKind, { description: 'What kind of team.' })
  kind: TeamKind;

  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  @Column({ type: 'integer' })
  regionId: number;

  @Column({ type: 'integer', nullable: true })
  organisationId: number | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What the team does, at most 2,000 characters.' })
  description: string | null;

  @Column({ type: 'integer', nullable: true })
  leaderId: number | null;

  @Column({ type: 'integer', nullable: true })
  liaisonId: number | null;

  @Column({ type: 'boolean', default: true })
  @Field({ description: 'False once dissolved: no new members, offers or call-outs.' })
  active: boolean;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was set up.' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity('team_specialty')
export class TeamSpecialty {
  @PrimaryColumn({ type: 'integer' })
  teamId: number;

  @PrimaryColumn({ type: 'integer' })
  categoryId: number;
}

@Entity('team_member')
@ObjectType({ implements: Node, description: 'A volunteer\'s membership of a team, from the join request on.' })
export class TeamMember {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  teamId: number;

  @Column({ type: 'integer' })
  volunteerId: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => MembershipStatus, { description: 'Where the volunteer stands with the team.' })
  status: MembershipStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'The volunteer\'s message with the request.' })
  note: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was rejected or the member removed.' })
  decisionNote: string | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When the (latest) request was made.' })
  requestedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was approved or rejected.' })
  decidedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  decidedById: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the volunteer left or was removed.' })
  leftAt: Date | null;

  /** Bumped by every decision: of a leader and a dispatcher deciding at once, one wins. */
  @Column({ type: 'integer', default: 0 })
  version: number;
}
