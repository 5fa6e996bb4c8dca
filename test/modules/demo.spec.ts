import { expect } from 'chai';
import { DEMO_ACCOUNTS, DEMO_DISTRICT_CODE, DEMO_PASSWORD } from '../../src/modules/demo/demo-city';
import { DemoRefusedError, seedDemoCity } from '../../src/modules/demo/demo.service';
import { Region } from '../../src/modules/region/region.entity';
import { gqlOk, login } from '../support/client';
import { harness } from '../support/harness';

describe('demo city', () => {
  it('is refused when NODE_ENV=production', async () => {
    let error: unknown;
    await seedDemoCity(harness().db, 'production').catch((e) => (error = e));
    expect(error).to.be.instanceOf(DemoRefusedError);
  });

  it('loads the hierarchy and one account per role, once', async function () {
    this.timeout(120_000);
    // when
    const first = await seedDemoCity(harness().db, 'test');
    const again = await seedDemoCity(harness().db, 'test');
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
  });
});
