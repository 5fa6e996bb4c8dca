import { expect } from 'chai';
import { buildDemoCity } from '../../src/modules/demo/demo-city';

describe('demo city shape (unit)', () => {
  it('is shaped like Xiangfang: 1 district, 24 streets, 111 communities, about 1,100 grids, unique codes and names', () => {
    const city = buildDemoCity();
    const streets = city.children;
    const communities = streets.flatMap((s) => s.children);
    const grids = communities.flatMap((c) => c.children);
    expect(streets).to.have.length(24);
    expect(communities).to.have.length(111);
    expect(grids.length).to.be.within(1000, 1200);
    const all = [city, ...streets, ...communities, ...grids];
    expect(new Set(all.map((r) => r.code)).size).to.equal(all.length);
    expect(new Set(communities.map((c) => c.name)).size).to.equal(communities.length);
    expect(city.population).to.equal(grids.reduce((n, g) => n + g.population, 0));
    expect(buildDemoCity()).to.deep.equal(city);
  });
});
