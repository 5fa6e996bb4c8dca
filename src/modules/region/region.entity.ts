import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum RegionLevel {
  DISTRICT = 'DISTRICT',
  STREET = 'STREET',
  COMMUNITY = 'COMMUNITY',
  GRID = 'GRID',
}

/** The four levels from the top down; a region sits exactly one level below its parent. */
export const LEVELS: readonly RegionLevel[] = [RegionLevel.DISTRICT, RegionLevel.STREET, RegionLevel.COMMUNITY, RegionLevel.GRID];

export function levelDepth(level: RegionLevel): number {
  return LEVELS.indexOf(level);
}

@Entity('region')
export class Region {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  level: RegionLevel;

  @Index('uq_region_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  /** Materialized path of ids, e.g. `/1/7/42/`: "inside X" is a prefix test that uses the index. */
  @Index('ix_region_path')
  @Column({ type: 'varchar', length: 255 })
  path: string;

  @Column({ type: 'integer', nullable: true })
  population: number | null;

  /** Centre point (WGS84), optional: places reports given by coordinates in the nearest grid. */
  @Column({ type: 'double', nullable: true })
  latitude: number | null;

  @Column({ type: 'double', nullable: true })
  longitude: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** Ids on a materialized path, from the root down to the region itself. */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}
