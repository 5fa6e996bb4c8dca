import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { CalloutAnswer } from './callout.enums';

@Entity('emergency_callout')
@ObjectType({ implements: Node, description: 'An emergency call-out: every member of the called emergency teams is alerted live and answers COMING or CANNOT.' })
export class EmergencyCallout {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  demandId: number;

  @Column({ type: 'varchar', length: 500 })
  @Field({ description: 'What the dispatcher tells the teams.' })
  message: string;

  @Column({ type: 'integer' })
  createdById: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it went out.' })
  createdAt: Date;
}

@Entity('emergency_callout_team')
export class EmergencyCalloutTeam {
  @PrimaryColumn({ type: 'integer' })
  calloutId: number;

  @PrimaryColumn({ type: 'integer' })
  teamId: number;
}

@Entity('emergency_callout_member')
@ObjectType({ description: 'One called member and their answer.' })
export class EmergencyCalloutMember {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  calloutId: number;

  @Column({ type: 'integer' })
  volunteerId: number;

  @Column({ type: 'integer' })
  accountId: number;

  /** The (first) called team through which the member was reached. */
  @Column({ type: 'integer' })
  teamId: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => CalloutAnswer, { description: 'Their answer so far.' })
  answer: CalloutAnswer;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'What they said with it, e.g. "10 minutes away".' })
  note: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When they (last) answered.' })
  answeredAt: Date | null;
}
