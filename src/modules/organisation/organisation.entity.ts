import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Node } from '../../core/relay';

export enum OrganisationKind {
  ENTERPRISE = 'ENTERPRISE',
  NGO = 'NGO',
  SCHOOL = 'SCHOOL',
  HOSPITAL = 'HOSPITAL',
  GOVERNMENT_UNIT = 'GOVERNMENT_UNIT',
  CIVILISED_UNIT = 'CIVILISED_UNIT',
}

registerEnumType(OrganisationKind, {
  name: 'OrganisationKind',
  description: 'What kind of partner organisation.',
  valuesConfig: {
    ENTERPRISE: { description: 'A company.' },
    NGO: { description: 'A social organisation or charity.' },
    SCHOOL: { description: 'A school or university.' },
    HOSPITAL: { description: 'A hospital or clinic.' },
    GOVERNMENT_UNIT: { description: 'A government department or public institution.' },
    CIVILISED_UNIT: { description: 'A "civilised unit" (文明单位) pledged to community service.' },
  },
});

@Entity('organisation')
@ObjectType({ implements: Node, description: 'A partner organisation: enterprise, NGO, school, hospital, government unit.' })
export class Organisation {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'Name, unique.' })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  @Field(() => OrganisationKind, { description: 'What kind of organisation.' })
  kind: OrganisationKind;

  @Column({ type: 'integer', nullable: true })
  regionId: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  @Field({ description: 'When it was registered.' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
