import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../../core/relay';

export enum EntryKind {
  DEPOSIT = 'DEPOSIT',
  WITHDRAWAL = 'WITHDRAWAL',
  PAYMENT_OUT = 'PAYMENT_OUT',
  PAYMENT_IN = 'PAYMENT_IN',
  TRANSFER_OUT = 'TRANSFER_OUT',
  TRANSFER_IN = 'TRANSFER_IN',
  ADJUSTMENT = 'ADJUSTMENT',
}

registerEnumType(EntryKind, {
  name: 'EntryKind',
  description: 'What moved credits in or out of a time-bank account.',
  valuesConfig: {
    DEPOSIT: { description: 'Approved service hours deposited.' },
    WITHDRAWAL: { description: 'A listed service paid for.' },
    PAYMENT_OUT: { description: 'A demand served by another volunteer paid for (the requester\'s side).' },
    PAYMENT_IN: { description: 'Payment received for a demand served (the responder\'s side).' },
    TRANSFER_OUT: { description: 'Given to a family member.' },
    TRANSFER_IN: { description: 'Received from a family member.' },
    ADJUSTMENT: { description: 'A corrected service record changed the deposit.' },
  },
});

/** One person's account in the service bank; `balance` is in hundredths of a credit and never below zero. */
@Entity('timebank_account')
@ObjectType({ description: 'A person\'s account in the community service bank (时间银行).' })
export class TimebankAccount {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  accountId: number;

  @Column({ type: 'integer', default: 0 })
  balance: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** An append-only ledger line with the balance after it. */
@Entity('timebank_entry')
@ObjectType({ implements: Node, description: 'One line of a time-bank statement, with the balance after it.' })
export class TimebankEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  timebankAccountId: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => EntryKind, { description: 'What it was.' })
  kind: EntryKind;

  /** Hundredths of a credit; negative going out. */
  @Column({ type: 'integer' })
  amount: number;

  @Column({ type: 'integer' })
  balanceAfter: number;

  @Column({ type: 'integer', nullable: true })
  serviceRecordId: number | null;

  @Column({ type: 'integer', nullable: true })
  demandId: number | null;

  @Column({ type: 'integer', nullable: true })
  listedServiceId: number | null;

  @Column({ type: 'integer', nullable: true })
  counterpartyAccountId: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'A note.' })
  note: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When.' })
  createdAt: Date;
}

/** A family relation a dispatcher verified: credits may be given between the two accounts. */
@Entity('family_link')
@ObjectType({ description: 'A verified family relation: credits may be transferred between the two.' })
export class FamilyLink {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  accountId: number;

  @Column({ type: 'integer' })
  memberAccountId: number;

  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'How they are related, e.g. 父女.' })
  relation: string;

  @Column({ type: 'integer' })
  createdById: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was recorded.' })
  createdAt: Date;
}

/** A service offered for credits (a haircut at home, a meal, a ride ...). */
@Entity('listed_service')
@ObjectType({ implements: Node, description: 'A service the community offers for time-bank credits.' })
export class ListedService {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'What it is.' })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  @Field(() => String, { nullable: true, description: 'Details.' })
  description: string | null;

  @Column({ type: 'integer' })
  priceCents: number;

  @Column({ type: 'integer' })
  regionId: number;

  @Column({ type: 'integer', nullable: true })
  organisationId: number | null;

  @Column({ type: 'boolean', default: true })
  @Field({ description: 'Whether it can be bought now.' })
  active: boolean;

  @Column({ type: 'integer' })
  createdById: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was listed.' })
  createdAt: Date;
}
