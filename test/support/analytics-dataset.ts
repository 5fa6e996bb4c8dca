import { randomUUID } from 'node:crypto';
import { fromGlobalId } from '../../src/core/relay';
import { ALL_REGION_TYPES } from '../../src/modules/region/region.types';
import { runInTransaction } from '../../src/core/transaction';
import { Account } from '../../src/modules/account/account.entity';
import { Role } from '../../src/modules/account/role';
import { ServiceCategory } from '../../src/modules/category/category.entity';
import { appendDemandEvent } from '../../src/modules/demand/demand-event.log';
import { Demand } from '../../src/modules/demand/demand.entity';
import { DemandChannel, DemandEventType, DemandStatus, HandlingLevel, Urgency } from '../../src/modules/demand/demand.enums';
import { ServiceRecord } from '../../src/modules/record/record.entity';
import { RecordSource, RecordStatus } from '../../src/modules/record/record.enums';
import { Volunteer } from '../../src/modules/volunteer/volunteer.entity';
import { Gender, IdType, VolunteerStatus } from '../../src/modules/volunteer/volunteer.enums';
import { createRegion, uniqueCode, type RegionRef } from './factories';
import { harness } from './harness';

/**
 * A small city with history at fixed instants (March 2026, Asia/Shanghai), written straight to the
 * database because the API stamps everything "now". Every figure the analytics specs expect is
 * worked out by hand from the comments below; both databases must give exactly those.
 *
 *   D (no population)
 *   ├─ S1 (20,000)  ├─ C1 (8,000): G1a, G1b   └─ C2 (12,000): G2a
 *   └─ S2 (none)    └─ C3 (5,000): G3a                          → D has 25,000 residents
 */
export interface AnalyticsCity {
  district: RegionRef;
  s1: RegionRef;
  s2: RegionRef;
  c1: RegionRef;
  c2: RegionRef;
  c3: RegionRef;
  g1a: RegionRef;
  g1b: RegionRef;
  g2a: RegionRef;
  g3a: RegionRef;
}

const dbId = (globalId: string) => fromGlobalId(globalId, ALL_REGION_TYPES)!.id;
const at = (iso: string) => new Date(iso);
const minutes = (from: Date, m: number) => new Date(from.getTime() + m * 60_000);

export async function buildAnalyticsCity(): Promise<AnalyticsCity> {
  const district = await createRegion({ level: 'DISTRICT', population: null });
  const s1 = await createRegion({ level: 'STREET', parentId: district.id, population: 20_000 });
  const s2 = await createRegion({ level: 'STREET', parentId: district.id, population: null });
  const c1 = await createRegion({ level: 'COMMUNITY', parentId: s1.id, population: 8_000 });
  const c2 = await createRegion({ level: 'COMMUNITY', parentId: s1.id, population: 12_000 });
  const c3 = await createRegion({ level: 'COMMUNITY', parentId: s2.id, population: 5_000 });
  const g1a = await createRegion({ level: 'GRID', parentId: c1.id });
  const g1b = await createRegion({ level: 'GRID', parentId: c1.id });
  const g2a = await createRegion({ level: 'GRID', parentId: c2.id });
  const g3a = await createRegion({ level: 'GRID', parentId: c3.id });
  const city = { district, s1, s2, c1, c2, c3, g1a, g1b, g2a, g3a };
  const db = harness().db;
  const category = async (code: string) => (await db.getRepository(ServiceCategory).findOneByOrFail({ code })).id;
  const elder = await category('ELDER_CARE');
  const environment = await category('ENVIRONMENT');

  // Registered at the end of March: V1, V2, V3, V5, V7 (V4 registers in April, V6 has left).
  const v = {
    V1: await volunteer(c1, '2025-06-01T00:00:00Z', '1990-05-10', Gender.FEMALE, true, VolunteerStatus.ACTIVE), // 35-44
    V2: await volunteer(c1, '2026-03-15T02:00:00Z', '2009-04-01', Gender.MALE, false, VolunteerStatus.ACTIVE), // under 18
    V3: await volunteer(c2, '2024-01-01T00:00:00Z', '1960-03-31', Gender.MALE, true, VolunteerStatus.ACTIVE), // 60+
    V4: await volunteer(c2, '2026-04-02T02:00:00Z', '1995-01-01', Gender.FEMALE, false, VolunteerStatus.ACTIVE),
    V5: await volunteer(c3, '2025-12-31T16:30:00Z', '2008-03-31', Gender.FEMALE, false, VolunteerStatus.ACTIVE), // 18 on 31 March: 18-34; registered 1 Jan local
    V6: await volunteer(c3, '2025-01-01T00:00:00Z', '1980-01-01', Gender.MALE, false, VolunteerStatus.LEFT),
    V7: await volunteer(c1, '2025-02-01T00:00:00Z', '1966-04-01', Gender.FEMALE, true, VolunteerStatus.SUSPENDED), // 59 on 31 March: 45-59
  };

  // Approved in March (local): R1, R2, R3, R4 = 300 minutes; R5 is 1 April local; R6 is pending.
  await record(v.V1, g1a, '2026-03-02T02:00:00Z', 120, elder, RecordStatus.APPROVED);
  await record(v.V1, g1a, '2026-03-20T03:00:00Z', 90, environment, RecordStatus.APPROVED);
  await record(v.V3, g2a, '2026-03-10T02:00:00Z', 60, elder, RecordStatus.APPROVED);
  await record(v.V5, g3a, '2026-02-28T16:30:00Z', 30, elder, RecordStatus.APPROVED);
  await record(v.V2, g1a, '2026-03-31T16:30:00Z', 45, elder, RecordStatus.APPROVED);
  await record(v.V3, g2a, '2026-03-12T02:00:00Z', 300, elder, RecordStatus.PENDING);

  const resident = await db.getRepository(Account).save({ username: uniqueCode('res'), passwordHash: 'x', role: Role.RESIDENT });
  const demand = async (grid: RegionRef, created: string, status: DemandStatus, channel: DemandChannel, urgency: Urgency, categoryId: number, extra: Partial<Demand>, steps: [DemandEventType, number][]) => {
    const createdAt = at(created);
    await runInTransaction(db, async (tx) => {
      const row = await tx.save(
        tx.create(Demand, {
          number: uniqueCode('AD'),
          title: '数据集需求',
          categoryId,
          urgency,
          channel,
          status,
          handlingLevel: HandlingLevel.COMMUNITY,
          gridId: dbId(grid.id),
          requesterId: resident.id,
          createdById: resident.id,
          photos: [],
          completionPhotos: [],
          acceptDueAt: minutes(createdAt, 60),
          dueAt: minutes(createdAt, 24 * 60),
          ...extra,
        }),
      );
      await tx.update(Demand, { id: row.id }, { createdAt });
      for (const [type, offset] of steps) {
        await appendDemandEvent(tx, { demandId: row.id, type, fromStatus: null, toStatus: status, actorId: null, at: minutes(createdAt, offset) });
      }
    });
  };
  const { ACCEPTED: A, CLAIMED: C, COMPLETED: X, ESCALATED: E } = DemandEventType;
  await demand(g1a, '2026-03-03T01:00:00Z', DemandStatus.CLOSED, DemandChannel.RESIDENT_APP, Urgency.ROUTINE, elder, { rating: 5 }, [[A, 10], [C, 30], [X, 120]]); // D1
  await demand(g1a, '2026-03-04T01:00:00Z', DemandStatus.COMPLETED, DemandChannel.HOTLINE, Urgency.URGENT, elder, {}, [[A, 20.5], [C, 60], [X, 240]]); // D2
  await demand(g1b, '2026-03-05T01:00:00Z', DemandStatus.CLOSED, DemandChannel.CITY_PROBLEM, Urgency.ROUTINE, environment, { rating: 3 }, [[A, 5], [E, 6], [C, 90], [X, 600]]); // D3
  await demand(g2a, '2026-03-06T01:00:00Z', DemandStatus.ACCEPTED, DemandChannel.CITY_PROBLEM, Urgency.ROUTINE, elder, { overdueAt: at('2026-03-07T01:00:00Z') }, [[A, 40]]); // D4
  await demand(g2a, '2026-03-07T01:00:00Z', DemandStatus.CANCELLED, DemandChannel.RESIDENT_APP, Urgency.ROUTINE, elder, {}, []); // D5
  await demand(g3a, '2026-03-08T01:00:00Z', DemandStatus.REJECTED, DemandChannel.WALK_IN, Urgency.EMERGENCY, elder, {}, []); // D6
  await demand(g3a, '2026-03-31T15:59:59.999Z', DemandStatus.SUBMITTED, DemandChannel.CITY_PROBLEM, Urgency.ROUTINE, elder, { overdueAt: at('2026-04-02T00:00:00Z') }, [[E, 1]]); // D7: last ms of March
  await demand(g3a, '2026-03-31T16:00:00Z', DemandStatus.SUBMITTED, DemandChannel.RESIDENT_APP, Urgency.URGENT, elder, { dueAt: at('2099-01-01T00:00:00Z') }, []); // D8: 1 April local; due far ahead so the test server's sweeper never marks it overdue mid-suite
  await demand(g1b, '2026-03-10T01:00:00Z', DemandStatus.CLOSED, DemandChannel.RESIDENT_APP, Urgency.ROUTINE, elder, { rating: 4 }, [[A, 30], [C, 45], [X, 180]]); // D9
  return city;
}

async function volunteer(community: RegionRef, created: string, birthDate: string, gender: Gender, partyMember: boolean, status: VolunteerStatus): Promise<number> {
  const db = harness().db;
  const account = await db.getRepository(Account).save({ username: uniqueCode('av'), passwordHash: 'x', role: Role.VOLUNTEER });
  const row = await db.getRepository(Volunteer).save({
    accountId: account.id,
    name: '数据集志愿者',
    phone: '13900000000',
    idType: IdType.PASSPORT,
    idHash: randomUUID(),
    idLast4: '0000',
    birthDate,
    gender,
    partyMember,
    communityId: dbId(community.id),
    gridId: null,
    status,
    statusReason: status === VolunteerStatus.ACTIVE ? null : 'dataset',
  });
  await db.getRepository(Volunteer).update({ id: row.id }, { createdAt: at(created) });
  return row.id;
}

async function record(volunteerId: number, grid: RegionRef, started: string, length: number, categoryId: number, status: RecordStatus): Promise<void> {
  const startedAt = at(started);
  const { communityId } = await harness().db.getRepository(Volunteer).findOneByOrFail({ id: volunteerId });
  await harness().db.getRepository(ServiceRecord).save({
    volunteerId,
    homeCommunityId: communityId,
    source: RecordSource.MANUAL,
    categoryId,
    regionId: dbId(grid.id),
    startedAt,
    endedAt: minutes(startedAt, length),
    minutes: length,
    description: 'dataset',
    photos: [],
    status,
  });
}
