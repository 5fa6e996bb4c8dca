import { expect } from 'chai';
import { starProgress, starsFor, teamStars } from '../../src/modules/record/stars';

const DEFAULT = [100, 300, 600, 1000, 1500];

describe('stars (unit)', () => {
  it('counts the thresholds reached', () => {
    expect([0, 99.99, 100, 299, 300, 1499, 1500, 9000].map((h) => starsFor(h, DEFAULT))).to.deep.equal([0, 0, 1, 1, 2, 4, 5, 5]);
  });

  it('shows the next level and the hours to it, none at the top', () => {
    expect(starProgress(250 * 60, DEFAULT)).to.deep.equal({ stars: 1, hours: 250, nextStars: 2, nextThresholdHours: 300, hoursToNext: 50 });
    expect(starProgress(1600 * 60, DEFAULT)).to.deep.equal({ stars: 5, hours: 1600, nextStars: null, nextThresholdHours: null, hoursToNext: null });
    expect(starProgress(90, [1, 2])).to.deep.equal({ stars: 1, hours: 1.5, nextStars: 2, nextThresholdHours: 2, hoursToNext: 0.5 });
  });

  it('rates a team by its members\' average, from three members on', () => {
    expect(teamStars([600 * 60, 0, 0], DEFAULT)).to.equal(1); // average 200 h
    expect(teamStars([400 * 60, 300 * 60, 200 * 60], DEFAULT)).to.equal(2); // average 300 h
    expect(teamStars([5000 * 60, 5000 * 60], DEFAULT)).to.equal(0); // too few members
  });
});
