import { expect } from 'chai';
import { DISTANCE_BANDS, POINTS, distanceKm, distancePoints, loadPoints, teamAvailablePoints } from '../../src/modules/offer/matching.rules';

describe('matching rules (unit)', () => {
  it('measures city distances to within a few metres', () => {
    // two points 0.01° of latitude apart are about 1.106 km apart anywhere
    expect(distanceKm({ latitude: 45.7, longitude: 126.6 }, { latitude: 45.71, longitude: 126.6 })).to.be.closeTo(1.106, 0.005);
    // 0.01° of longitude at 45.7° N is about 0.778 km
    expect(distanceKm({ latitude: 45.7, longitude: 126.6 }, { latitude: 45.7, longitude: 126.61 })).to.be.closeTo(0.778, 0.005);
  });

  it('scores closer distances higher, in bands, and nothing beyond the last band', () => {
    const points = [0.1, 0.5, 0.9, 1.5, 4, 9, 11].map(distancePoints);
    expect(points).to.deep.equal([30, 30, 25, 20, 10, 5, 0]);
    expect(DISTANCE_BANDS[0][1]).to.equal(POINTS.sameGrid);
  });

  it('caps load and team availability', () => {
    expect(loadPoints(2)).to.equal(-10);
    expect(loadPoints(9)).to.equal(POINTS.load * POINTS.loadCap);
    expect(teamAvailablePoints(10)).to.equal(POINTS.available);
  });
});
