import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { jsonList } from '../demand/demand.entity';
import { Vulnerability } from './pairing.enums';

@Entity('pairing')
@ObjectType({ implements: Node, description: 'One helps one (结对帮扶): a volunteer or a team paired with a household for the long term.' })
export class Pairing {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', nullable: true })
  volunteerId: number | null;

  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  @Column({ type: 'integer' })
  gridId: number;

  @Column({ type: 'varchar', length: 100 })
  householdName: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  householdPhone: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  householdAddress: string | null;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => Vulnerability, { description: 'Why the household is helped.' })
  vulnerability: Vulnerability;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: 'What the household needs, for the helpers.' })
  note: string | null;

  @Column({ type: 'date' })
  startedOn: string;

  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why the pairing ended.' })
  endReason: string | null;

  @Column({ type: 'integer' })
  createdById: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was set up.' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity('pairing_visit')
@ObjectType({ implements: Node, description: 'A visit to a paired household; the basis of a service record.' })
export class PairingVisit {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  pairingId: number;

  @Column({ type: 'integer' })
  volunteerId: number;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When the visit began.' })
  visitedAt: Date;

  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'How long it took, in minutes.' })
  minutes: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  @Field(() => String, { nullable: true, description: 'What was done.' })
  note: string | null;

  @Column({ type: 'text', nullable: true, transformer: jsonList })
  @Field(() => [String], { description: 'Photo URLs (http or https).' })
  photos: string[];

  @Column({ type: 'integer' })
  recordedById: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was recorded.' })
  createdAt: Date;
}
