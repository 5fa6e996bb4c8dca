import path from 'node:path';
import { Demand } from '../../src/modules/demand/demand.entity';
import type { ConsoleDesk } from '../support/console-page';
import { categoryId, createDemand, step } from '../support/demand-factories';
import { createAccount, createRegion, type AccountRef, type RegionRef } from '../support/factories';
import { harness } from '../support/harness';
import { createVolunteer } from '../support/volunteer-factories';

/** Written by every run of the console spec; the one in the repository comes from the last run before its commit. */
export const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'console.png');

const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八'];

export interface MorningStreet {
  dispatcher: AccountRef;
  ankangId: string;
  overdueId: string;
  emergencyId: string;
}

/** A street shaped like the demo city's, with a morning's demands in the states a desk meets. */
export async function createMorningStreet(): Promise<MorningStreet> {
  // given a street with four communities of grids
  const district = await createRegion({ level: 'DISTRICT', name: '香坊区' });
  const street = await createRegion({ level: 'STREET', parentId: district.id, name: '香坊大街街道' });
  const grids: Record<string, RegionRef[]> = {};
  const communities: Record<string, RegionRef> = {};
  for (const [name, count] of [['安康社区', 8], ['和谐社区', 6], ['幸福社区', 7], ['阳光社区', 5]] as const) {
    communities[name] = await createRegion({ level: 'COMMUNITY', parentId: street.id, name });
    grids[name] = [];
    for (let i = 0; i < count; i++) grids[name].push(await createRegion({ level: 'GRID', parentId: communities[name].id, name: `${name.slice(0, 2)}第${NUMERALS[i]}网格` }));
  }
  // and its people: dispatchers of the street and of one community, a resident, volunteers on duty
  // (names a reader can read: each run starts from a fresh database, so they are free)
  const streetDispatcher = await createAccount('DISPATCHER', street.id, { username: 'xiangfang-street' });
  const ankang = await createAccount('DISPATCHER', communities['安康社区'].id, { username: 'ankang-desk' });
  const resident = await createAccount('RESIDENT', grids['安康社区'][0].id, { username: 'resident-wang' });
  const volunteers = [];
  for (const name of ['刘志愿', '陈志愿']) volunteers.push(await createVolunteer({ communityId: communities['安康社区'].id, gridId: grids['安康社区'][2].id, name, onDuty: true, skills: ['MEAL_DELIVERY'] }));

  // and the morning's demands
  const place = async (community: string, grid: number, title: string, category: string, urgency = 'ROUTINE') =>
    createDemand(resident.token, { gridId: grids[community][grid].id, title, categoryId: await categoryId(category), urgency, address: `${community}${grid + 3}号楼` });
  const overdue = await place('阳光社区', 1, '下水道堵塞，污水外溢', 'CITY_PROBLEM', 'URGENT');
  await place('幸福社区', 0, '辅导三年级学生功课', 'CHILD_CARE');
  const accepted = await place('和谐社区', 4, '社区义诊咨询预约', 'HEALTH');
  const dispatched = await place('安康社区', 2, '帮独居老人买菜送餐', 'ELDER_CARE');
  await place('安康社区', 5, '陪同老人去医院复查', 'ELDER_CARE');
  await place('和谐社区', 1, '楼道灯坏了需要维修', 'CONVENIENCE', 'URGENT');
  await place('安康社区', 2, '轮椅需要维修', 'DISABILITY');
  const emergency = await place('安康社区', 0, '老人在家摔倒，需要紧急帮助', 'ELDER_CARE', 'EMERGENCY');
  await step('accept', streetDispatcher.token, { id: accepted.id });
  await step('accept', ankang.token, { id: dispatched.id });
  await step('dispatch', ankang.token, { id: dispatched.id, volunteerIds: [volunteers[0].volunteerId], note: '请中午前送到' });
  await step('escalate', ankang.token, { id: emergency.id, note: '社区值班人员不足，请街道调派应急队' });
  await harness().db.getRepository(Demand).update({ id: dbId(overdue.id) }, { dueAt: new Date(Date.now() - 60_000) });
  await harness().app.services.sweeper.sweep();

  return { dispatcher: streetDispatcher, ankangId: communities['安康社区'].id, overdueId: overdue.id, emergencyId: emergency.id };
}

/** The street's dispatcher's desk once everything is on it, with the escalated emergency open: the picture in the README. */
export async function photograph(desk: ConsoleDesk, street: MorningStreet): Promise<void> {
  await desk.row(street.overdueId, { overdue: 'true' }).waitFor({ timeout: 5_000 });
  await desk.page.locator('[data-testid=wall-open]', { hasText: '8' }).waitFor({ timeout: 5_000 });
  await desk.page.locator('[data-testid=map-tile][data-open="2"]').waitFor({ timeout: 5_000 });
  await desk.page.locator(`[data-testid=region-node][data-region-id="${street.ankangId}"][data-open="4"]`).waitFor({ timeout: 5_000 });
  await desk.openDemand(street.emergencyId);
  await desk.page.locator('[data-testid=history-event][data-type=ESCALATED]').waitFor({ timeout: 5_000 });
  // Neither a hover nor a row's arrival highlight may colour the picture.
  await desk.page.mouse.move(0, 0);
  await desk.page.screenshot({ path: SCREENSHOT, animations: 'disabled' });
}
