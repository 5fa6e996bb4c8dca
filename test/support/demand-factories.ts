import { expect } from 'chai';
import { asAdmin, gqlOk } from './client';
import { createAccount, createTree, type AccountRef, type Tree } from './factories';
import { createVolunteer, type VolunteerRef } from './volunteer-factories';

export const DEMAND_FIELDS = `id number title status handlingLevel urgency channel dueAt acceptDueAt createdAt overdue rejectionReason rating
  contactName contactPhone grid { id } category { id code } responder { id } events { totalCount edges { cursor node { type fromStatus toStatus note actor { id } } } }`;

export const DEMAND_CREATE = `mutation($input: DemandCreateInput!) { demandCreate(input: $input) { demand { ${DEMAND_FIELDS} } userErrors { field message code } } }`;

const transition = (name: string, inputType = 'DemandTransitionInput') =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) { demand { ${DEMAND_FIELDS} } userErrors { field message code } } }`;

export const OPS = {
  accept: transition('demandAccept'),
  reject: transition('demandReject'),
  dispatch: transition('demandDispatch', 'DemandDispatchInput'),
  claim: transition('demandClaim'),
  start: transition('demandStart'),
  complete: transition('demandComplete'),
  close: transition('demandClose', 'DemandCloseInput'),
  reopen: transition('demandReopen'),
  cancel: transition('demandCancel'),
  escalate: transition('demandEscalate'),
};

let categories: Record<string, string> | undefined;
/** Global ids of the reference categories, by code. */
export async function categoryId(code = 'ELDER_CARE'): Promise<string> {
  if (!categories) {
    const data = await gqlOk(`{ serviceCategories { id code } }`, {}, await asAdmin());
    categories = Object.fromEntries(data.serviceCategories.map((c: { id: string; code: string }) => [c.code, c.id]));
  }
  return categories![code];
}

/**
 * A district with streets A and B (one community and one grid each), and the people around them:
 * dispatchers at each level of A, a dispatcher of B, residents, a grid worker and registered volunteers of A.
 */
export interface World {
  tree: Tree;
  A: Tree;
  B: Tree;
  gridA: Tree;
  gridB: Tree;
  communityDispatcherA: AccountRef;
  streetDispatcherA: AccountRef;
  districtDispatcher: AccountRef;
  streetDispatcherB: AccountRef;
  analystA: AccountRef;
  gridWorkerA: AccountRef;
  resident: AccountRef;
  otherResident: AccountRef;
  volunteers: VolunteerRef[];
  partner: AccountRef;
}

export async function createWorld(volunteerCount = 2): Promise<World> {
  const tree = await createTree([2, 1, 1]);
  const [A, B] = tree.children;
  const gridA = A.children[0].children[0];
  const gridB = B.children[0].children[0];
  const volunteers: VolunteerRef[] = [];
  for (let i = 0; i < volunteerCount; i++) volunteers.push(await createVolunteer({ communityId: A.children[0].id, gridId: gridA.id }));
  return {
    tree,
    A,
    B,
    gridA,
    gridB,
    communityDispatcherA: await createAccount('DISPATCHER', A.children[0].id),
    streetDispatcherA: await createAccount('DISPATCHER', A.id),
    districtDispatcher: await createAccount('DISPATCHER', tree.id),
    streetDispatcherB: await createAccount('DISPATCHER', B.id),
    analystA: await createAccount('ANALYST', A.id),
    gridWorkerA: await createAccount('GRID_WORKER', gridA.id),
    resident: await createAccount('RESIDENT', gridA.id),
    otherResident: await createAccount('RESIDENT', gridA.id),
    volunteers,
    partner: await createAccount('PARTNER'),
  };
}

export async function createDemand(token: string, input: Record<string, unknown>): Promise<any> {
  const data = await gqlOk(DEMAND_CREATE, { input: { categoryId: await categoryId(), title: '帮老人买菜', ...input } }, token);
  expect(data.demandCreate.userErrors, JSON.stringify(data.demandCreate.userErrors)).to.deep.equal([]);
  return data.demandCreate.demand;
}

/** Runs a workflow step that must succeed; returns the demand after it. */
export async function step(op: keyof typeof OPS, token: string, input: Record<string, unknown>): Promise<any> {
  const data = await gqlOk(OPS[op], { input }, token);
  const payload = Object.values(data)[0] as { demand: any; userErrors: unknown[] };
  expect(payload.userErrors, `${op}: ${JSON.stringify(payload.userErrors)}`).to.deep.equal([]);
  return payload.demand;
}

/** A demand taken through the workflow up to `until` by the people of `w`. */
export async function demandAt(w: World, until: 'SUBMITTED' | 'ACCEPTED' | 'DISPATCHED' | 'ASSIGNED' | 'IN_SERVICE' | 'COMPLETED', extra: Record<string, unknown> = {}) {
  let d = await createDemand(w.resident.token, { gridId: w.gridA.id, ...extra });
  const order = ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'ASSIGNED', 'IN_SERVICE', 'COMPLETED'];
  const reach = (s: string) => order.indexOf(until) >= order.indexOf(s);
  if (reach('ACCEPTED')) d = await step('accept', w.communityDispatcherA.token, { id: d.id });
  if (reach('DISPATCHED')) d = await step('dispatch', w.communityDispatcherA.token, { id: d.id, volunteerIds: [w.volunteers[0].id] });
  if (reach('ASSIGNED')) d = await step('claim', w.volunteers[0].token, { id: d.id });
  if (reach('IN_SERVICE')) d = await step('start', w.volunteers[0].token, { id: d.id });
  if (reach('COMPLETED')) d = await step('complete', w.volunteers[0].token, { id: d.id, note: 'done', photoUrls: ['https://img.example/after.jpg'] });
  return d;
}
