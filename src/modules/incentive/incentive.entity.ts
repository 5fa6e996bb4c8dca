import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';

@Entity('benefit')
@ObjectType({ implements: Node, description: 'An incentive for volunteers (medical check, job fair priority, discount ...): for a star level, with a quota and a validity.' })
export class Benefit {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'What it is.' })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: 'Details and how to use it.' })
  description: string | null;

  @Column({ type: 'integer', nullable: true })
  providerOrganisationId: number | null;

  @Column({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Stars a volunteer needs.' })
  minStars: number;

  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'How many can be given out in all.' })
  quota: number;

  @Column({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'How many have been given out.' })
  redeemedCount: number;

  @Column({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'How many one volunteer may have.' })
  perPersonLimit: number;

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date' })
  validUntil: string;

  @Column({ type: 'boolean', default: true })
  @Field({ description: 'Whether it is offered.' })
  active: boolean;

  @Column({ type: 'integer' })
  createdById: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was listed.' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity('benefit_redemption')
@ObjectType({ implements: Node, description: 'A benefit given to a volunteer, with the voucher code they show the provider.' })
export class BenefitRedemption {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  benefitId: number;

  @Column({ type: 'integer' })
  volunteerId: number;

  @Column({ type: 'varchar', length: 16 })
  code: string;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was redeemed.' })
  redeemedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the provider took the voucher; null while unused.' })
  usedAt: Date | null;
}
