import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { OfferStatus } from './offer.enums';

@Entity('demand_offer')
@ObjectType({ implements: Node, description: 'A dispatched demand offered to one volunteer (送单): pushed live, accepted or declined, or expiring.' })
export class DemandOffer {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  demandId: number;

  /** The account that receives the push and answers. */
  @Column({ type: 'integer' })
  accountId: number;

  @Column({ type: 'integer', nullable: true })
  volunteerId: number | null;

  /** Set when the offer came from dispatching to a team. */
  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => OfferStatus, { description: 'Where the offer stands.' })
  status: OfferStatus;

  @Column({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Which round of offers of the demand this belongs to (auto-dispatch offers the next candidates in a new round).' })
  round: number;

  /** Null when the platform made it (auto-dispatch). */
  @Column({ type: 'integer', nullable: true })
  offeredById: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was offered.' })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it expires if not answered.' })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it left PENDING.' })
  respondedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'The volunteer\'s reason for declining.' })
  declineReason: string | null;
}
