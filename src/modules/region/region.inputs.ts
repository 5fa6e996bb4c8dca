import { IsOptional, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CharLength } from '../../core/validation';
import { RegionLevel } from './region.entity';

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const CODE_MESSAGE = 'code must be 1 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit';

@InputType({ description: 'A new region one level below its parent.' })
export class RegionCreateInput {
  @Field(() => ID, { nullable: true, description: 'The parent region; omit for a district.' })
  parentId?: string | null;

  @Field(() => RegionLevel, { description: 'Must be exactly one level below the parent\'s (DISTRICT without a parent).' })
  level: RegionLevel;

  @Field({ description: 'Unique code, 1 to 32 letters, digits, ".", "_" or "-".' })
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code: string;

  @Field({ description: 'Display name, 1 to 100 characters.' })
  @CharLength(1, 100)
  name: string;

  @Field(() => Int, { nullable: true, description: 'Residents, 0 or more.' })
  @IsOptional()
  @Min(0)
  @Max(100_000_000)
  population?: number | null;
}

@InputType({ description: 'Changes to a region\'s own fields; omitted fields stay as they are.' })
export class RegionUpdateInput {
  @Field(() => ID, { description: 'The region to change.' })
  id: string;

  @Field({ nullable: true, description: 'New unique code.' })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code?: string;

  @Field({ nullable: true, description: 'New display name, 1 to 100 characters.' })
  @IsOptional()
  @CharLength(1, 100)
  name?: string;

  @Field(() => Int, { nullable: true, description: 'New population, 0 or more.' })
  @IsOptional()
  @Min(0)
  @Max(100_000_000)
  population?: number | null;
}

@InputType({ description: 'Re-parent a region with its whole subtree.' })
export class RegionMoveInput {
  @Field(() => ID, { description: 'The region to move (not a district).' })
  id: string;

  @Field(() => ID, { description: 'The new parent, at the same level as the current parent.' })
  parentId: string;
}
