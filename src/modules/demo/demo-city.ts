/**
 * A city shaped like the Xiangfang seed (seed 000): 1 district, 24 streets, 111 communities and
 * about 1,100 grids. Names follow the local pattern; numbers come from a fixed-seed generator so
 * every demo database is the same.
 */
export interface DemoRegion {
  code: string;
  name: string;
  population: number;
  children: DemoRegion[];
}

const STREETS = [
  '香坊大街', '和平路', '通天', '新香坊', '铁东', '新成', '红旗', '六顺', '建筑', '哈平路', '安埠', '通乡',
  '黎华', '大庆路', '进乡', '文政', '王兆', '民生路', '电塔', '公滨路', '幸福', '朝阳', '成高子', '向阳',
];

const COMMUNITY_CORES = [
  '安康', '和谐', '幸福', '阳光', '新兴', '华安', '永安', '民康', '福顺', '锦绣', '东风', '红星', '建安', '通达',
  '文昌', '兴华', '长青', '春华', '松花', '友谊', '团结', '光明', '春晖', '康乐', '泰和', '金都', '怡园', '嘉和',
  '瑞祥', '鸿运', '兴隆', '丰收', '铁路', '电机', '军工', '油坊', '乐园', '学府', '滨江', '果园', '香福', '红光',
];
const COMMUNITY_SUFFIXES = ['', '里', '园', '苑'];
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三'];

export const DEMO_DISTRICT_CODE = '230110000000';
const COMMUNITY_COUNT = 111;

/** Deterministic PRNG (mulberry32): the same demo city every time. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildDemoCity(): DemoRegion {
  const rand = random(20061);
  const between = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const communityNames = COMMUNITY_SUFFIXES.flatMap((suffix) => COMMUNITY_CORES.map((core) => `${core}${suffix}社区`));
  let communityIndex = 0;

  const streets = STREETS.map((streetName, s) => {
    // 111 communities over 24 streets: the first 15 streets get 5, the rest 4.
    const communityCount = s < COMMUNITY_COUNT - 4 * STREETS.length ? 5 : 4;
    const streetCode = `230110${String(s + 1).padStart(3, '0')}000`;
    const communities = Array.from({ length: communityCount }, (_, c) => {
      const name = communityNames[communityIndex++];
      const communityCode = `230110${String(s + 1).padStart(3, '0')}${String(c + 1).padStart(3, '0')}`;
      const grids = Array.from({ length: between(9, 11) }, (_, g) => ({
        code: `${communityCode}-${String(g + 1).padStart(2, '0')}`,
        name: `${name.replace(/社区$/, '')}第${NUMERALS[g]}网格`,
        population: between(300, 520) * 3 - between(0, 150),
        children: [],
      }));
      return { code: communityCode, name, population: sum(grids), children: grids };
    });
    return { code: streetCode, name: `${streetName}街道`, population: sum(communities), children: communities };
  });
  return { code: DEMO_DISTRICT_CODE, name: '香坊区', population: sum(streets), children: streets };
}

const sum = (regions: DemoRegion[]) => regions.reduce((total, r) => total + r.population, 0);

/** One account per role, all with DEMO_PASSWORD; the README lists them. */
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_ACCOUNTS = [
  { username: 'demo-admin', role: 'PLATFORM_ADMIN', scope: null },
  { username: 'demo-dispatcher-district', role: 'DISPATCHER', scope: DEMO_DISTRICT_CODE },
  { username: 'demo-dispatcher-street', role: 'DISPATCHER', scope: '230110001000' },
  { username: 'demo-dispatcher-community', role: 'DISPATCHER', scope: '230110001001' },
  { username: 'demo-grid-worker', role: 'GRID_WORKER', scope: '230110001001-01' },
  { username: 'demo-volunteer', role: 'VOLUNTEER', scope: null },
  { username: 'demo-resident', role: 'RESIDENT', scope: '230110001001-01' },
  { username: 'demo-analyst', role: 'ANALYST', scope: DEMO_DISTRICT_CODE },
  { username: 'demo-partner', role: 'PARTNER', scope: null },
] as const;
