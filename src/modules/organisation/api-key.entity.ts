import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('api_key')
@ObjectType({ description: 'A credential for a partner\'s systems: `Authorization: ApiKey <key>`. The key itself is shown once, at creation.' })
export class ApiKey {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The PARTNER account the key acts as. */
  @Column({ type: 'integer' })
  accountId: number;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'What the key is for, e.g. "311 gateway".' })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  @Field({ description: 'The key\'s first characters, to tell keys apart.' })
  prefix: string;

  /** SHA-256 of the key: keys are 256 random bits, so a fast hash is enough and lookup is one index probe. */
  @Column({ type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was created.' })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was revoked; a revoked key is refused at once.' })
  revokedAt: Date | null;
}
