import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { AuditOutcome } from './audit.enums';

@InputType({ description: 'Which audit entries to return; every field given must match.' })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: 'Only mutations by this account.' })
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this mutation, e.g. `demandCreate`.' })
  operation?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only mutations on this object (any Relay id).' })
  targetId?: string | null;

  @Field(() => AuditOutcome, { nullable: true, description: 'Only this outcome.' })
  outcome?: AuditOutcome | null;

  @Field(() => Date, { nullable: true, description: 'Only entries recorded at or after this instant.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only entries recorded before this instant.' })
  to?: Date | null;

  @Field(() => String, { nullable: true, description: 'Only calls from this client address, exactly as recorded.' })
  address?: string | null;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => AuditLogFilter, { nullable: true, description: 'Narrow the log; all entries when omitted.' })
  filter?: AuditLogFilter | null;
}
