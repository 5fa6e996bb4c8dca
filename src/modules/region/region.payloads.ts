import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../core/errors';
import type { Region } from './region.entity';
import { RegionType } from './region.types';

@ObjectType({ description: 'The result of a region mutation.' })
export class RegionPayload {
  @Field(() => RegionType, { nullable: true, description: 'The region as it is after the change; null when refused.' })
  region: Region | null;

  @Field(() => [UserError], { description: 'What was wrong with the input; empty on success.' })
  userErrors: UserError[];
}
