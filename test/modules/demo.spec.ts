import { expect } from 'chai';
import { DEMO_ACCOUNTS, DEMO_DISTRICT_CODE, DEMO_PASSWORD } from '../../src/modules/demo/demo-city';
import { DemoRefusedError, seedDemoCity } from '../../src/modules/demo/demo.service';
import { Region } from '../../src/modules/region/region.entity';
import { gqlOk, login } from '../support/client';
import { harness } from '../support/harness';

describe('demo city', () => {
  it('is refused when NODE_ENV=production', async () => {
    let error: unknown;
    await seedDemoCity(harness().db, harness().app.services.idHasher, 'production').catch((e) => (error = e));
    expect(error).to.be.instanceOf(DemoRefusedError);
  });

  it('loads the hierarchy and one account per role, once', async function () {
    this.timeout(120_000);
    // when
    const first = await seedDemoCity(harness().db, harness().app.services.idHasher, 'test');
    const again = await seedDemoCity(harness().db, harness().app.services.idHasher, 'test');
    // then
    expect(first.created).to.equal(true);
    expect(again.created).to.equal(false);
    const district = await harness().db.getRepository(Region).findOneByOrFail({ code: DEMO_DISTRICT_CODE });
    const below = await harness().db.getRepository(Region).createQueryBuilder('r').select('r.level', 'level').addSelect('COUNT(*)', 'n')
      .where('r.path LIKE :p', { p: `${district.path}%` }).groupBy('r.level').getRawMany();
    const byLevel = Object.fromEntries(below.map((r: { level: string; n: string }) => [r.level, Number(r.n)]));
    expect(byLevel.DISTRICT).to.equal(1);
    expect(byLevel.STREET).to.equal(24);
    expect(byLevel.COMMUNITY).to.equal(111);
    expect(byLevel.GRID).to.be.within(1000, 1200);
    for (const demo of DEMO_ACCOUNTS) {
      const token = await login(demo.username, DEMO_PASSWORD);
      const viewer = (await gqlOk(`{ viewer { role scope { code } } }`, {}, token)).viewer;
      expect(viewer).to.deep.equal({ role: demo.role, scope: demo.scope ? { code: demo.scope } : null });
    }
    // and demo-volunteer is registered, leads the elder-care team and is called out with the emergency team
    const volunteer = await login('demo-volunteer', DEMO_PASSWORD);
    const me = (await gqlOk(`{ viewer { volunteer { name status onDuty skills { code } memberships { status team { name kind } } } } }`, {}, volunteer)).viewer.volunteer;
    expect(me).to.deep.include({ name: '刘志愿', status: 'ACTIVE', onDuty: true });
    expect(me.skills.map((s: { code: string }) => s.code)).to.deep.equal(['COMPANIONSHIP', 'FIRST_AID', 'MEAL_DELIVERY']);
    expect(me.memberships.map((m: { team: { kind: string } }) => m.team.kind)).to.deep.equal(['COMMUNITY_TEAM', 'EMERGENCY_TEAM']);
    expect(first.summary).to.contain('5 volunteers');
  });
});
