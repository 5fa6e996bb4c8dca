import { Field, Float, ID, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import { Node, connectionType } from '../../core/relay';
import { RegionLevel, type Region } from './region.entity';

registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'The four levels of the administrative grid, from the top down.',
  valuesConfig: {
    DISTRICT: { description: 'District (区): the top level, with its own command center.' },
    STREET: { description: 'Street (街道): a sub-district office.' },
    COMMUNITY: { description: 'Community (社区): a residents\' community.' },
    GRID: { description: 'Grid (网格): the smallest cell, a few hundred households with a grid worker.' },
  },
});

/** GraphQL type name of each level; also the type part of a region's global id. */
export const REGION_TYPE_NAMES: Record<RegionLevel, string> = {
  DISTRICT: 'District',
  STREET: 'Street',
  COMMUNITY: 'Community',
  GRID: 'Grid',
};
export const ALL_REGION_TYPES = Object.values(REGION_TYPE_NAMES);

@InterfaceType('Region', {
  implements: Node,
  description: 'A cell of the administrative hierarchy (district → street → community → grid).',
  resolveType: (region: Region) => REGION_TYPE_NAMES[region.level],
})
export abstract class RegionType {
  @Field(() => ID, { description: 'Globally unique id.' })
  id: string;

  @Field({ description: 'Unique code, e.g. the administrative division code.' })
  code: string;

  @Field({ description: 'Display name, 1 to 100 characters.' })
  name: string;

  @Field(() => RegionLevel, { description: 'Which level of the hierarchy this region is.' })
  level: RegionLevel;

  @Field(() => RegionType, { nullable: true, description: 'The region one level up; null for a district.' })
  parent: RegionType | null;

  @Field(() => [RegionType], { description: 'Every region above this one, from the district down to the parent.' })
  ancestors: RegionType[];

  @Field(() => Int, { nullable: true, description: 'Residents, for per-capita figures.' })
  population: number | null;

  @Field(() => Float, { nullable: true, description: 'Latitude of the centre point (WGS84), if recorded. Open311 reports given by coordinates go to the grid whose centre is nearest.' })
  latitude: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude of the centre point (WGS84), if recorded.' })
  longitude: number | null;
}

@ObjectType('District', { implements: [Node, RegionType], description: 'A district (区): the top of the hierarchy.' })
export class DistrictType {}

@ObjectType('Street', { implements: [Node, RegionType], description: 'A street (街道) within a district.' })
export class StreetType {}

@ObjectType('Community', { implements: [Node, RegionType], description: 'A community (社区) within a street.' })
export class CommunityType {}

@ObjectType('Grid', { implements: [Node, RegionType], description: 'A grid (网格) within a community: the smallest cell.' })
export class GridType {}

export const DistrictConnection = connectionType('District', DistrictType, 'district');
export const StreetConnection = connectionType('Street', StreetType, 'street');
export const CommunityConnection = connectionType('Community', CommunityType, 'community');
export const GridConnection = connectionType('Grid', GridType, 'grid');
