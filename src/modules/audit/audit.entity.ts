import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../../core/relay';
import { Role } from '../account/role';
import { AuditOutcome } from './audit.enums';

/**
 * One root mutation: who, what, on which object, when, from where and how it ended. Append-only
 * (database triggers refuse UPDATE and DELETE). Never holds input values: only the names of the
 * input fields supplied, so no password, token, phone, ID number or address can land here.
 */
@Entity('audit_log')
@ObjectType({ implements: Node, description: 'One recorded mutation (append-only): who, what, on which object, when, from which address, and how it ended.' })
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Set by the application, not a database default: the same clock as the `from`/`to` callers filter with. */
  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was recorded (as the mutation ended).' })
  at: Date;

  /** No foreign key: the log outlives whatever it mentions and must never block or cascade. */
  @Column({ type: 'integer', nullable: true })
  actorAccountId: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  @Field(() => Role, { nullable: true, description: 'The caller\'s role at the time; null when no one was signed in.' })
  actorRole: Role | null;

  @Column({ type: 'integer', nullable: true })
  apiKeyId: number | null;

  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'The mutation field, e.g. `demandCreate`.' })
  operation: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  targetId: string | null;

  /** Comma-separated `input.<field>` names; never values. */
  @Column({ type: 'varchar', length: 1000, default: '' })
  inputFields: string;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => AuditOutcome, { description: 'OK, REFUSED or ERROR.' })
  outcome: AuditOutcome;

  /** Comma-separated: the userErrors codes of a refusal, or the top-level error code of a failure. */
  @Column({ type: 'varchar', length: 200, default: '' })
  errorCodes: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { nullable: true, description: 'The client address of an HTTP request; null over WebSocket.' })
  address: string | null;
}
