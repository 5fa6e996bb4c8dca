import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import { Volunteer, VolunteerCertificate } from './volunteer.entity';

@ObjectType({ description: 'The result of a volunteer mutation.' })
export class VolunteerPayload {
  @Field(() => Volunteer, { nullable: true, description: 'The volunteer after the change; null when refused.' })
  volunteer: Volunteer | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; a duplicate ID number is CONFLICT on `idNumber`.' })
  userErrors: UserError[];
}

@ObjectType({ description: 'The result of recording a certificate.' })
export class VolunteerCertificatePayload {
  @Field(() => VolunteerCertificate, { nullable: true, description: 'The certificate; null when refused.' })
  certificate: VolunteerCertificate | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}
