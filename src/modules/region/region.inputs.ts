import { IsOptional, Matches, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
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

  @Field(() => Float, { nullable: true, description: 'Latitude of the centre point, -90 to 90; give it with longitude.' })
  @IsOptional()
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude of the centre point, -180 to 180; give it with latitude.' })
  @IsOptional()
  @Min(-180)
  @Max(180)
  longitude?: number | null;
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

  @Field(() => Float, { nullable: true, description: 'New latitude of the centre point, -90 to 90; give it with longitude (both null to clear).' })
  @IsOptional()
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'New longitude of the centre point, -180 to 180; give it with latitude (both null to clear).' })
  @IsOptional()
  @Min(-180)
  @Max(180)
  longitude?: number | null;
}

@InputType({ description: 'Re-parent a region with its whole subtree.' })
export class RegionMoveInput {
  @Field(() => ID, { description: 'The region to move (not a district).' })
  id: string;

  @Field(() => ID, { description: 'The new parent, at the same level as the current parent.' })
  parentId: string;
}
