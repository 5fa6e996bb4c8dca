import { Field, Float, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { HandlingLevel, Urgency } from '../demand/demand.enums';

@ObjectType({ description: 'How long a demand may wait unassigned at one level before it escalates automatically.' })
export class HandlingDeadline {
  @Field(() => HandlingLevel, { description: 'The level (COMMUNITY or STREET; the district has no level above).' })
  level: HandlingLevel;

  @Field(() => Float, { description: 'Hours from arriving at the level (placing, or escalation) to automatic escalation.' })
  withinHours: number;
}

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

  /** Handling deadlines: minutes a demand may stay unassigned at the community, then at the street, before it escalates. */
  @Column({ type: 'integer', default: 0 })
  communityMinutes: number;

  @Column({ type: 'integer', default: 0 })
  streetMinutes: number;

  @Field(() => Float, { description: 'Hours from placing to acceptance.' })
  get acceptWithinHours(): number {
    return this.acceptMinutes / 60;
  }

  @Field(() => Float, { description: 'Hours from placing to completion: the demand\'s `dueAt`.' })
  get completeWithinHours(): number {
    return this.completeMinutes / 60;
  }

  @Field(() => [HandlingDeadline], { description: 'How long a demand may stay unassigned at each level before it escalates by itself (community → street → district).' })
  get handlingDeadlines(): HandlingDeadline[] {
    return [
      Object.assign(new HandlingDeadline(), { level: HandlingLevel.COMMUNITY, withinHours: this.communityMinutes / 60 }),
      Object.assign(new HandlingDeadline(), { level: HandlingLevel.STREET, withinHours: this.streetMinutes / 60 }),
    ];
  }

  /** Minutes a demand may stay unassigned at `level`; null at the district, which has no level above. */
  deadlineMinutes(level: HandlingLevel): number | null {
    if (level === HandlingLevel.COMMUNITY) return this.communityMinutes;
    if (level === HandlingLevel.STREET) return this.streetMinutes;
    return null;
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

  /** Time-bank credits an approved hour earns, in hundredths. */
  @Column({ type: 'integer', default: 100 })
  creditCentsPerHour: number;

  @Field(() => Float, { description: 'Time-bank credits an approved hour of this category earns (default 1).' })
  get creditsPerHour(): number {
    return this.creditCentsPerHour / 100;
  }

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
