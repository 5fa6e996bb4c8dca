import { Field, Float, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { Urgency } from '../demand/demand.enums';

@Entity('service_level')
@ObjectType({ description: 'How fast demands of one category and urgency must be accepted and completed.' })
export class ServiceLevel {
  @PrimaryColumn({ type: 'integer' })
  categoryId: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  @Field(() => Urgency, { description: 'The urgency this level applies to.' })
  urgency: Urgency;

  @Column({ type: 'integer' })
  acceptMinutes: number;

  @Column({ type: 'integer' })
  completeMinutes: number;

  @Field(() => Float, { description: 'Hours from placing to acceptance.' })
  get acceptWithinHours(): number {
    return this.acceptMinutes / 60;
  }

  @Field(() => Float, { description: 'Hours from placing to completion: the demand\'s `dueAt`.' })
  get completeWithinHours(): number {
    return this.completeMinutes / 60;
  }
}

@Entity('service_category')
@ObjectType({ implements: Node, description: 'A kind of service residents can ask for, with its service levels.' })
export class ServiceCategory {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'Unique code, e.g. ELDER_CARE.' })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'Name in Chinese.' })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'Name in English.' })
  nameEn: string;

  @Column({ type: 'boolean', default: true })
  @Field({ description: 'Whether new demands may use it.' })
  active: boolean;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
