import { ArrayMaxSize, IsOptional } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../core/relay';
import { CharLength } from '../../core/validation';
import { MembershipStatus, TeamKind } from './team.enums';

@InputType({ description: 'A new volunteer team.' })
export class TeamCreateInput {
  @Field({ description: 'Name, 1 to 100 characters, unique within the home region.' })
  @CharLength(1, 100)
  name: string;

  @Field(() => TeamKind, { description: 'What kind of team; detachments, squads and community teams sit at their level.' })
  kind: TeamKind;

  @Field(() => ID, { description: 'Home region (inside your scope).' })
  regionId: string;

  @Field(() => ID, { nullable: true, description: 'The team it belongs to; its home region must contain this one\'s.' })
  parentId?: string;

  @Field(() => ID, { nullable: true, description: 'The partner organisation it belongs to, if any.' })
  organisationId?: string;

  @Field({ nullable: true, description: 'What it does, at most 2,000 characters.' })
  @IsOptional()
  @CharLength(0, 2000)
  description?: string;

  @Field(() => [ID], { nullable: true, description: 'Service categories it specialises in (at most 18).' })
  @IsOptional()
  @ArrayMaxSize(18)
  specialtyIds?: string[];

  @Field(() => ID, { nullable: true, description: 'The leader: a registered volunteer, who becomes a member.' })
  leaderId?: string;

  @Field(() => ID, { nullable: true, description: 'The liaison (联络员): a registered volunteer, who becomes a member.' })
  liaisonId?: string;
}

@InputType({ description: 'Changes to a team; omitted fields stay. Its leader may change name, description, specialties and liaison; dispatchers everything.' })
export class TeamUpdateInput {
  @Field(() => ID, { description: 'The team.' })
  id: string;

  @Field({ nullable: true, description: 'New name.' })
  @IsOptional()
  @CharLength(1, 100)
  name?: string;

  @Field({ nullable: true, description: 'New description.' })
  @IsOptional()
  @CharLength(0, 2000)
  description?: string;

  @Field(() => [ID], { nullable: true, description: 'Replaces the specialties.' })
  @IsOptional()
  @ArrayMaxSize(18)
  specialtyIds?: string[];

  @Field(() => ID, { nullable: true, description: 'New leader (dispatchers); they become a member.' })
  leaderId?: string;

  @Field(() => ID, { nullable: true, description: 'New liaison; null clears it.' })
  liaisonId?: string | null;

  @Field({ nullable: true, description: 'False dissolves the team (dispatchers): no new members, offers or call-outs.' })
  active?: boolean;
}

@InputType({ description: 'Ask to join a team.' })
export class TeamJoinRequestInput {
  @Field(() => ID, { description: 'The team.' })
  teamId: string;

  @Field({ nullable: true, description: 'A message for the leader, at most 500 characters.' })
  @IsOptional()
  @CharLength(0, 500)
  note?: string;
}

@InputType({ description: 'A decision on a membership: approve or reject a request, or remove a member.' })
export class TeamMembershipDecisionInput {
  @Field(() => ID, { description: 'The membership.' })
  id: string;

  @Field({ nullable: true, description: 'Why (shown to the volunteer); required to reject or remove. At most 500 characters.' })
  @IsOptional()
  @CharLength(0, 500)
  note?: string;
}

@InputType({ description: 'Leave a team (or withdraw a request).' })
export class TeamLeaveInput {
  @Field(() => ID, { description: 'The team.' })
  teamId: string;
}

@ArgsType()
export class TeamsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only teams whose home region lies in this region\'s subtree.' })
  regionId?: string;

  @Field(() => [TeamKind], { nullable: true, description: 'Only these kinds.' })
  kind?: TeamKind[];

  @Field(() => ID, { nullable: true, description: 'Only teams with this specialty.' })
  categoryId?: string;

  @Field({ nullable: true, description: 'Also dissolved teams (default false).' })
  includeInactive?: boolean;
}

@ArgsType()
export class RosterArgs extends PageArgs {
  @Field(() => [MembershipStatus], { nullable: true, description: 'Only these statuses (default ACTIVE).' })
  status?: MembershipStatus[];
}
