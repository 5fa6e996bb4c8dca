import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';
import type { Region } from '../region/region.entity';
import { Role } from './role';

@Entity('account')
@ObjectType({ implements: Node, description: 'A person or organisation that signs in.' })
export class Account {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('uq_account_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'Sign-in name, unique.' })
  username: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  @Field(() => Role, { description: 'What the account may do.' })
  role: Role;

  @Index('ix_account_scope')
  @Column({ type: 'integer', nullable: true })
  scopeId: number | null;

  /** PARTNER accounts: the organisation they act for. */
  @Column({ type: 'integer', nullable: true })
  organisationId: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the account was disabled; null while it is active.' })
  disabledAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  disabledReason: string | null;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When the account was created.' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  /** The scope region, joined when the account is loaded as a viewer. */
  scopeRegion?: Region | null;
}
