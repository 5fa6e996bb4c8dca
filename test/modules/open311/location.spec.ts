import { expect } from 'chai';
import { matchAddress } from '../../../src/modules/open311/open311.location';
import { Region, RegionLevel } from '../../../src/modules/region/region.entity';

/** A small hierarchy in memory: ids are positions, paths follow the parents. */
function hierarchy(rows: [number, RegionLevel, string, number | null, string?][]): Region[] {
  const byId = new Map<number, Region>();
  for (const [id, level, name, parentId, code] of rows) {
    const parent = parentId === null ? null : byId.get(parentId)!;
    byId.set(id, Object.assign(new Region(), { id, level, name, parentId, code: code ?? `C${id}`, path: `${parent?.path ?? '/'}${id}/` }));
  }
  return [...byId.values()];
}

const { DISTRICT, STREET, COMMUNITY, GRID } = RegionLevel;
const regions = hierarchy([
  [1, DISTRICT, '香坊区', null],
  [2, STREET, '香坊大街街道', 1],
  [3, STREET, '和平路街道', 1],
  [4, COMMUNITY, '安康社区', 2],
  [5, COMMUNITY, '新安康社区', 3],
  [6, COMMUNITY, '幸福社区', 3],
  [7, GRID, '安康第一网格', 4, '230110001001-01'],
  [8, GRID, '安康第二网格', 4],
  [9, GRID, '新安康第一网格', 5],
  [10, GRID, '幸福第一网格', 6],
  [11, GRID, '幸福第十一网格', 6],
  [12, COMMUNITY, '和谐社区', 2],
  [13, GRID, '第一网格', 12],
  [14, COMMUNITY, '和谐社区', 3],
  [15, GRID, '第一网格', 14],
]);
const gridOf = (address: string) => {
  const match = matchAddress(address, regions);
  return 'grid' in match ? match.grid.id : match.reason;
};

describe('Open311 address matching', () => {
  it('finds the grid an address names, whatever the spaces, width and punctuation', () => {
    expect(gridOf('哈尔滨市香坊区 安康第二网格，3号楼')).to.equal(8);
    expect(gridOf('ＡＢＣ路 幸福第一网格')).to.equal(10);
  });

  it('does not take a name inside a longer one for it', () => {
    expect(gridOf('新安康第一网格5栋')).to.equal(9); // not 安康第一网格
    expect(gridOf('幸福第十一网格')).to.equal(11); // not 幸福第一网格
    expect(gridOf('新安康社区 8号楼')).to.equal(9); // the community of one grid, not 安康社区
  });

  it('takes a grid\'s code as well as its name', () => {
    expect(gridOf('230110001001-01')).to.equal(7);
    expect(gridOf('编号230110001001 01')).to.equal(7);
  });

  it('tells grids of the same name apart by the street or community named with them', () => {
    expect(gridOf('和平路街道和谐社区第一网格')).to.equal(15);
    expect(gridOf('香坊大街街道 和谐社区 第一网格')).to.equal(13);
    expect(gridOf('和谐社区第一网格')).to.match(/^fits 2 grids \(第一网格, 第一网格\)/);
  });

  it('refuses a community of several grids, and an address naming none', () => {
    expect(gridOf('安康社区 3号楼')).to.match(/^fits 2 grids \(安康第一网格, 安康第二网格\)/);
    expect(gridOf('香坊大街街道 100号')).to.match(/^names no grid or community/);
    expect(gridOf('')).to.match(/^names no grid or community/);
  });
});
