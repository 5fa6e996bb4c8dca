import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Node } from '../../core/relay';

@Entity('skill')
@ObjectType({ implements: Node, description: 'A skill of the taxonomy; each serves one service category, which is how matching pairs volunteers with demands.' })
export class Skill {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'Unique code, e.g. FIRST_AID.' })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'Name in Chinese.' })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'Name in English.' })
  nameEn: string;

  @Column({ type: 'integer' })
  categoryId: number;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
