import { expect } from 'chai';
import { TimebankEntry } from '../../../src/modules/timebank/timebank.entity';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { categoryId, createWorld, demandAt, type World } from '../../support/demand-factories';
import { createAccount } from '../../support/factories';
import { harness } from '../../support/harness';
import { createVolunteer, type VolunteerRef } from '../../support/volunteer-factories';

const ACCOUNT = `query($a: ID) { timebankAccount(accountId: $a) { balance statement(first: 100) { totalCount edges { node { kind credits balanceAfter note counterparty { id } demand { id } } } } family { relation } } }`;
const PAY = `mutation($input: TimebankPayInput!) { timebankPay(input: $input) { entry { kind credits balanceAfter } account { balance } userErrors { field message code } } }`;
const REDEEM = `mutation($s: ID!) { timebankRedeem(input: { listedServiceId: $s }) { entry { credits balanceAfter } userErrors { field message code } } }`;
const TRANSFER = `mutation($input: TimebankTransferInput!) { timebankTransfer(input: $input) { entry { kind credits } account { balance } userErrors { field message code } } }`;
const LINK = `mutation($input: FamilyLinkCreateInput!) { familyLinkCreate(input: $input) { familyLink { relation } userErrors { field message code } } }`;
const balanceOf = async (token: string, accountId?: string) => (await gqlOk(ACCOUNT, { a: accountId ?? null }, token)).timebankAccount.balance;

describe('time bank (时间银行)', function () {
  this.timeout(120_000);
  let w: World;
  let community: string;
  before(async () => {
    w = await createWorld(1);
    community = w.A.children[0].id;
  });

  /** Credits for `who`: certified service at the category's rate (ELDER_CARE is raised to 2 credits an hour here). */
  async function earn(who: VolunteerRef, hours: number): Promise<void> {
    const created = await gqlOk(`mutation($input: ServiceRecordCreateInput!) { serviceRecordCreate(input: $input) { record { id } } }`, {
      input: { volunteerId: who.volunteerId, categoryId: await categoryId('CONVENIENCE'), startedAt: new Date(Date.now() - 30 * 3600_000).toISOString(), minutes: hours * 60, description: '便民' },
    }, w.communityDispatcherA.token);
    await gqlOk(`mutation($ids: [ID!]!) { serviceRecordsApprove(input: { ids: $ids }) { userErrors { code } } }`, { ids: [created.serviceRecordCreate.record.id] }, w.communityDispatcherA.token);
  }

  it('approved hours deposit credits at the category\'s rate; the statement keeps a running balance', async () => {
    const v = await createVolunteer({ communityId: community });
    await gqlOk(`mutation($input: ServiceCategoryUpdateInput!) { serviceCategoryUpdate(input: $input) { serviceCategory { creditsPerHour } } }`, { input: { id: await categoryId('CONVENIENCE'), creditsPerHour: 1.5 } }, await asAdmin());
    await earn(v, 2);
    await earn(v, 1);
    const account = (await gqlOk(ACCOUNT, {}, v.token)).timebankAccount;
    expect(account.balance).to.equal(4.5);
    expect(account.statement.edges.map((e: any) => [e.node.kind, e.node.credits, e.node.balanceAfter])).to.deep.equal([['DEPOSIT', 1.5, 4.5], ['DEPOSIT', 3, 3]]);
    await gqlOk(`mutation($input: ServiceCategoryUpdateInput!) { serviceCategoryUpdate(input: $input) { serviceCategory { creditsPerHour } } }`, { input: { id: await categoryId('CONVENIENCE'), creditsPerHour: 1 } }, await asAdmin());
    // the community's dispatchers see it; other people do not
    expect(await balanceOf(w.communityDispatcherA.token, v.id)).to.equal(4.5);
    expect(errorCode(await gql(ACCOUNT, { a: v.id }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    expect(errorCode(await gql(ACCOUNT, { a: v.id }, w.resident.token))).to.equal('FORBIDDEN');
  });

  it('a resident pays, from their account, the volunteer who served their demand, once; without enough credits nothing moves', async () => {
    // given a resident with 3 credits from a family member, and two demands of theirs served by a volunteer
    const daughter = await createVolunteer({ communityId: community });
    await earn(daughter, 5);
    await gqlOk(LINK, { input: { accountId: daughter.id, memberAccountId: w.resident.id, relation: '母女' } }, w.communityDispatcherA.token);
    await gqlOk(TRANSFER, { input: { toAccountId: w.resident.id, credits: 3 } }, daughter.token);
    const [first, second] = [await demandAt(w, 'COMPLETED'), await demandAt(w, 'COMPLETED')];
    const responder = w.volunteers[0];
    const before = await balanceOf(responder.token);
    // not yet served, or not theirs: refused
    const open = await demandAt(w, 'ACCEPTED');
    expect((await gqlOk(PAY, { input: { demandId: open.id, credits: 1 } }, w.resident.token)).timebankPay.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    expect(errorCode(await gql(PAY, { input: { demandId: first.id, credits: 1 } }, w.otherResident.token))).to.equal('FORBIDDEN');
    // when the resident pays 2 credits for the first
    const paid = await gqlOk(PAY, { input: { demandId: first.id, credits: 2, note: '谢谢' } }, w.resident.token);
    expect(paid.timebankPay).to.deep.include({ entry: { kind: 'PAYMENT_OUT', credits: -2, balanceAfter: 1 }, account: { balance: 1 } });
    expect(await balanceOf(responder.token)).to.equal(before + 2);
    const line = (await gqlOk(ACCOUNT, {}, responder.token)).timebankAccount.statement.edges[0].node;
    expect(line).to.deep.include({ kind: 'PAYMENT_IN', credits: 2, note: '谢谢', counterparty: { id: w.resident.id }, demand: { id: first.id } });
    // then it cannot be paid twice, and 5 credits for the second are more than the 1 left: nothing moves
    expect((await gqlOk(PAY, { input: { demandId: first.id, credits: 1 } }, w.resident.token)).timebankPay.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    const tooMuch = await gqlOk(PAY, { input: { demandId: second.id, credits: 5 } }, w.resident.token);
    expect(tooMuch.timebankPay.userErrors[0]).to.deep.include({ field: ['input', 'demandId'], code: 'INSUFFICIENT_BALANCE' });
    expect(tooMuch.timebankPay.userErrors[0].message).to.equal('the account holds 1.00 credits, 5.00 are needed');
    expect(await balanceOf(w.resident.token)).to.equal(1);
    expect(await balanceOf(responder.token)).to.equal(before + 2);
    // without an amount, the price is the service record's time at the category's rate (1 minute: 0.02 credits)
    const byTime = await gqlOk(PAY, { input: { demandId: second.id } }, w.resident.token);
    expect(byTime.timebankPay.entry.credits).to.equal(-0.02);
  });

  it('100 withdrawals at once that together exceed the balance: the balance never goes below zero, the ones that fit go through, the rest are refused clearly', async () => {
    const v = await createVolunteer({ communityId: community });
    await earn(v, 10); // 10 credits
    await gqlOk(`mutation($input: ListedServiceCreateInput!) { listedServiceCreate(input: $input) { userErrors { code } } }`, { input: { name: '上门理发', credits: 1, regionId: w.A.id } }, w.streetDispatcherA.token);
    const service = (await gqlOk(`query($r: ID!) { listedServices(regionId: $r) { id name credits } }`, { r: w.gridA.id }, v.token)).listedServices.find((s: any) => s.name === '上门理发');
    expect(service.credits).to.equal(1);
    const results = await Promise.all(Array.from({ length: 100 }, () => gqlOk(REDEEM, { s: service.id }, v.token)));
    const ok = results.filter((r) => r.timebankRedeem.userErrors.length === 0);
    const refused = results.filter((r) => r.timebankRedeem.userErrors.length > 0);
    expect(ok).to.have.length(10);
    expect(refused).to.have.length(90);
    for (const r of refused) expect(r.timebankRedeem.userErrors[0]).to.deep.include({ code: 'INSUFFICIENT_BALANCE', field: ['input', 'listedServiceId'] });
    expect(await balanceOf(v.token)).to.equal(0);
    // the ledger adds up: each line's balance is the previous one plus its amount, never below zero
    const lines = (await gqlOk(ACCOUNT, {}, v.token)).timebankAccount.statement.edges.map((e: any) => e.node).reverse();
    let running = 0;
    for (const line of lines) {
      running = Math.round((running + line.credits) * 100) / 100;
      expect(line.balanceAfter).to.equal(running);
      expect(line.balanceAfter).to.be.at.least(0);
    }
    expect(lines.filter((l: any) => l.kind === 'WITHDRAWAL')).to.have.length(10);
    expect(await harness().db.getRepository(TimebankEntry).countBy({ listedServiceId: Number(Buffer.from(service.id, 'base64url').toString().split(':')[1]) })).to.equal(10);
  });

  it('credits go to family members a dispatcher recorded, and to nobody else', async () => {
    const parent = await createVolunteer({ communityId: community });
    const child = await createAccount('RESIDENT', w.gridA.id);
    const stranger = await createAccount('RESIDENT', w.gridA.id);
    await earn(parent, 4);
    const unlinked = await gqlOk(TRANSFER, { input: { toAccountId: child.id, credits: 1 } }, parent.token);
    expect(unlinked.timebankTransfer.userErrors[0]).to.deep.include({ field: ['input', 'toAccountId'], code: 'FORBIDDEN' });
    expect(errorCode(await gql(LINK, { input: { accountId: parent.id, memberAccountId: child.id, relation: '母子' } }, w.streetDispatcherB.token))).to.equal('FORBIDDEN');
    const linked = await gqlOk(LINK, { input: { accountId: parent.id, memberAccountId: child.id, relation: '母子' } }, w.communityDispatcherA.token);
    expect(linked.familyLinkCreate.familyLink.relation).to.equal('母子');
    expect((await gqlOk(LINK, { input: { accountId: child.id, memberAccountId: parent.id, relation: '母子' } }, w.communityDispatcherA.token)).familyLinkCreate.userErrors[0]).to.deep.include({ code: 'CONFLICT' });
    const given = await gqlOk(TRANSFER, { input: { toAccountId: child.id, credits: 1.25, note: '给孩子' } }, parent.token);
    expect(given.timebankTransfer).to.deep.include({ entry: { kind: 'TRANSFER_OUT', credits: -1.25 }, account: { balance: 2.75 } });
    expect(await balanceOf(child.token)).to.equal(1.25);
    expect((await gqlOk(TRANSFER, { input: { toAccountId: child.id, credits: 9 } }, parent.token)).timebankTransfer.userErrors[0]).to.deep.include({ code: 'INSUFFICIENT_BALANCE' });
    expect((await gqlOk(TRANSFER, { input: { toAccountId: child.id, credits: 0.001 } }, parent.token)).timebankTransfer.userErrors[0]).to.deep.include({ field: ['input', 'credits'] });
    expect((await gqlOk(TRANSFER, { input: { toAccountId: stranger.id, credits: 1 } }, child.token)).timebankTransfer.userErrors[0]).to.deep.include({ code: 'FORBIDDEN' });
    const notice = await gqlOk(`{ myNotices { edges { node { kind timebankEntry { kind credits } } } } }`, {}, child.token);
    expect(notice.myNotices.edges[0].node).to.deep.equal({ kind: 'CREDITS_RECEIVED', timebankEntry: { kind: 'TRANSFER_IN', credits: 1.25 } });
  });
});
