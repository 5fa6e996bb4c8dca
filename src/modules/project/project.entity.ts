import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { ActivityStatus, CheckInMethod, ProjectStatus, SignupStatus } from './project.enums';
import { ScheduleKind, type Schedule } from './schedule';

@Entity('project')
@ObjectType({ implements: Node, description: 'A published service (项目): content, time, place and contact, on a schedule; each occurrence is an activity volunteers sign up for.' })
export class Project {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  @Field({ description: 'Title, 1 to 200 characters.' })
  title: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What volunteers will do.' })
  content: string | null;

  @Column({ type: 'integer' })
  categoryId: number;

  @Column({ type: 'integer' })
  regionId: number;

  @Column({ type: 'integer' })
  publishedById: number;

  @Column({ type: 'integer', nullable: true })
  publisherTeamId: number | null;

  @Column({ type: 'integer', nullable: true })
  organiserTeamId: number | null;

  @Column({ type: 'varchar', length: 300 })
  @Field({ description: 'Where it takes place.' })
  address: string;

  @Column({ type: 'double', nullable: true })
  @Field(() => Float, { nullable: true, description: 'Latitude of the place.' })
  latitude: number | null;

  @Column({ type: 'double', nullable: true })
  @Field(() => Float, { nullable: true, description: 'Longitude of the place.' })
  longitude: number | null;

  @Column({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'When set, checking in needs the volunteer\'s location within this many metres of the place.' })
  checkInRadiusMeters: number | null;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'Who to ask (published with the project).' })
  contactName: string;

  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'Their telephone (published with the project).' })
  contactPhone: string;

  @Column({ type: 'varchar', length: 16 })
  scheduleKind: ScheduleKind;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'integer', nullable: true })
  weekday: number | null;

  @Column({ type: 'integer', nullable: true })
  nth: number | null;

  @Column({ type: 'integer', nullable: true })
  monthDay: number | null;

  @Column({ type: 'integer', nullable: true })
  month: number | null;

  @Column({ type: 'integer' })
  startMinute: number;

  @Column({ type: 'integer' })
  endMinute: number;

  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'Places per activity.' })
  capacity: number;

  @Column({ type: 'boolean', default: true })
  @Field({ description: 'Whether volunteers may sign up.' })
  recruitmentOpen: boolean;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => ProjectStatus, { description: 'Whether it still runs.' })
  status: ProjectStatus;

  @Column({ type: 'date', nullable: true })
  generatedUntil: string | null;

  @Column({ type: 'integer', default: 0 })
  version: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was published.' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  get schedule(): Schedule {
    return {
      kind: this.scheduleKind,
      from: this.startsOn,
      until: this.endsOn,
      weekday: this.weekday,
      nth: this.nth,
      monthDay: this.monthDay,
      month: this.month,
      startMinute: this.startMinute,
      endMinute: this.endMinute,
    };
  }
}

@Entity('project_skill')
export class ProjectSkill {
  @PrimaryColumn({ type: 'integer' })
  projectId: number;

  @PrimaryColumn({ type: 'integer' })
  skillId: number;
}

@Entity('activity')
@ObjectType({ implements: Node, description: 'One occurrence of a project: a date and time with places to sign up for.' })
export class Activity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  projectId: number;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it starts.' })
  startsAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it ends.' })
  endsAt: Date;

  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'Places.' })
  capacity: number;

  @Column({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Places taken (CONFIRMED sign-ups).' })
  confirmedCount: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => ActivityStatus, { description: 'Whether it takes place.' })
  status: ActivityStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  cancelReason: string | null;

  @Column({ type: 'varchar', length: 64 })
  codeSecret: string;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

@Entity('activity_signup')
@ObjectType({ implements: Node, description: 'A volunteer\'s sign-up for an activity, and their attendance.' })
export class ActivitySignup {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  activityId: number;

  @Column({ type: 'integer' })
  volunteerId: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => SignupStatus, { description: 'Where the sign-up stands.' })
  status: SignupStatus;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When the volunteer (last) signed up: the waitlist\'s order.' })
  queuedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it got a place.' })
  confirmedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was cancelled.' })
  cancelledAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the volunteer checked in.' })
  checkedInAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the volunteer checked out.' })
  checkedOutAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => CheckInMethod, { nullable: true, description: 'How attendance was recorded.' })
  checkInMethod: CheckInMethod | null;

  @Column({ type: 'double', nullable: true })
  checkInLatitude: number | null;

  @Column({ type: 'double', nullable: true })
  checkInLongitude: number | null;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'The volunteer forgot to check out; it was closed at the activity\'s end and its record waits for review.' })
  autoCheckedOut: boolean;

  @Column({ type: 'integer', default: 0 })
  version: number;
}
