import { expect } from 'chai';
import { Region } from '../../../src/modules/region/region.entity';
import { asAdmin, errorCode, gql, gqlOk } from '../../support/client';
import { REGION_CREATE, REGION_FIELDS, createRegion, createTree, uniqueCode } from '../../support/factories';
import { harness } from '../../support/harness';

const REGION_UPDATE = `mutation($input: RegionUpdateInput!) { regionUpdate(input: $input) { region { ${REGION_FIELDS} } userErrors { field message code } } }`;
const REGION_MOVE = `mutation($input: RegionMoveInput!) { regionMove(input: $input) { region { ${REGION_FIELDS} } userErrors { field message code } } }`;
const BY_CODE = `query($code: String!) { regionByCode(code: $code) { __typename ${REGION_FIELDS} } }`;

const regionCount = () => harness().db.getRepository(Region).count();

describe('regions', () => {
  describe('regionCreate', () => {
    it('builds district → street → community → grid with typed regions, parents and ancestors', async () => {
      // given / when
      const tree = await createTree([1, 1, 1]);
      const grid = tree.children[0].children[0].children[0];
      // then
      const data = await gqlOk(BY_CODE, { code: grid.code }, await asAdmin());
      expect(data.regionByCode.__typename).to.equal('Grid');
      expect(data.regionByCode.level).to.equal('GRID');
      expect(data.regionByCode.parent.id).to.equal(tree.children[0].children[0].id);
      expect(data.regionByCode.ancestors.map((a: { id: string }) => a.id)).to.deep.equal([tree.id, tree.children[0].id, tree.children[0].children[0].id]);
    });

    it('refuses a region that is not exactly one level below its parent, and writes nothing', async () => {
      const district = await createRegion();
      const before = await regionCount();
      const cases = [
        { input: { level: 'COMMUNITY', parentId: district.id }, field: ['input', 'level'] },
        { input: { level: 'GRID', parentId: district.id }, field: ['input', 'level'] },
        { input: { level: 'STREET', parentId: null }, field: ['input', 'parentId'] },
        { input: { level: 'DISTRICT', parentId: district.id }, field: ['input', 'level'] },
      ];
      for (const c of cases) {
        const data = await gqlOk(REGION_CREATE, { input: { code: uniqueCode(), name: 'x', ...c.input } }, await asAdmin());
        expect(data.regionCreate.region).to.equal(null);
        expect(data.regionCreate.userErrors).to.have.length(1);
        expect(data.regionCreate.userErrors[0]).to.include({ code: 'INVALID' });
        expect(data.regionCreate.userErrors[0].field).to.deep.equal(c.field);
      }
      expect(await regionCount()).to.equal(before);
    });

    it('refuses a duplicate code with CONFLICT on the code field', async () => {
      const existing = await createRegion();
      const before = await regionCount();
      const data = await gqlOk(REGION_CREATE, { input: { level: 'DISTRICT', code: existing.code, name: 'again' } }, await asAdmin());
      expect(data.regionCreate.userErrors).to.deep.equal([{ field: ['input', 'code'], code: 'CONFLICT', message: `code "${existing.code}" is already taken` }]);
      expect(await regionCount()).to.equal(before);
    });

    it('accepts names of 1 and 100 characters (counted as characters, not bytes) and refuses 0, blank and 101', async () => {
      const hundredChinese = '网'.repeat(100);
      expect((await createRegion({ name: 'a' })).name).to.equal('a');
      expect((await createRegion({ name: hundredChinese })).name).to.equal(hundredChinese);
      const before = await regionCount();
      for (const name of ['', '   ', 'x'.repeat(101), '网'.repeat(101)]) {
        const data = await gqlOk(REGION_CREATE, { input: { level: 'DISTRICT', code: uniqueCode(), name } }, await asAdmin());
        expect(data.regionCreate.userErrors[0]).to.include({ code: 'INVALID' });
        expect(data.regionCreate.userErrors[0].field).to.deep.equal(['input', 'name']);
      }
      expect(await regionCount()).to.equal(before);
    });

    it('refuses malformed codes, negative populations and foreign or unknown parent ids', async () => {
      const cases: [Record<string, unknown>, string[], string][] = [
        [{ code: 'has space' }, ['input', 'code'], 'INVALID'],
        [{ code: '' }, ['input', 'code'], 'INVALID'],
        [{ code: 'x'.repeat(33) }, ['input', 'code'], 'INVALID'],
        [{ population: -1 }, ['input', 'population'], 'INVALID'],
        [{ level: 'STREET', parentId: 'not-an-id' }, ['input', 'parentId'], 'INVALID'],
        [{ level: 'STREET', parentId: Buffer.from('Account:1').toString('base64url') }, ['input', 'parentId'], 'INVALID'],
        [{ level: 'STREET', parentId: Buffer.from('District:999999999').toString('base64url') }, ['input', 'parentId'], 'NOT_FOUND'],
      ];
      const before = await regionCount();
      for (const [override, field, code] of cases) {
        const data = await gqlOk(REGION_CREATE, { input: { level: 'DISTRICT', code: uniqueCode(), name: 'n', ...override } }, await asAdmin());
        expect(data.regionCreate.userErrors, JSON.stringify(override)).to.have.length(1);
        expect(data.regionCreate.userErrors[0]).to.deep.include({ field, code });
      }
      expect(await regionCount()).to.equal(before);
    });
  });

  describe('regionUpdate', () => {
    it('changes name, code and population', async () => {
      const region = await createRegion();
      const code = uniqueCode('U');
      const data = await gqlOk(REGION_UPDATE, { input: { id: region.id, name: '新名字', code, population: 42 } }, await asAdmin());
      expect(data.regionUpdate.userErrors).to.deep.equal([]);
      expect(data.regionUpdate.region).to.include({ name: '新名字', code, population: 42 });
      expect((await gqlOk(BY_CODE, { code }, await asAdmin())).regionByCode.id).to.equal(region.id);
    });

    it('records a centre point, refuses half of one, and clears it with two nulls', async () => {
      // given
      const region = await createRegion();
      const centre = `mutation($input: RegionUpdateInput!) { regionUpdate(input: $input) { region { latitude longitude } userErrors { field code } } }`;
      // when
      const set = await gqlOk(centre, { input: { id: region.id, latitude: 45.7105, longitude: 126.6632 } }, await asAdmin());
      const half = await gqlOk(centre, { input: { id: region.id, latitude: 45.8 } }, await asAdmin());
      const outside = await gqlOk(centre, { input: { id: region.id, latitude: 91, longitude: 0 } }, await asAdmin());
      // then
      expect(set.regionUpdate).to.deep.equal({ region: { latitude: 45.7105, longitude: 126.6632 }, userErrors: [] });
      expect(half.regionUpdate.userErrors).to.deep.equal([{ field: ['input', 'latitude'], code: 'INVALID' }]);
      expect(outside.regionUpdate.userErrors).to.deep.equal([{ field: ['input', 'latitude'], code: 'INVALID' }]);
      const kept = await harness().db.getRepository(Region).findOneByOrFail({ code: region.code });
      expect([kept.latitude, kept.longitude]).to.deep.equal([45.7105, 126.6632]);
      const cleared = await gqlOk(centre, { input: { id: region.id, latitude: null, longitude: null } }, await asAdmin());
      expect(cleared.regionUpdate.region).to.deep.equal({ latitude: null, longitude: null });
    });

    it('refuses a code taken by another region and leaves the region as it was', async () => {
      const [a, b] = [await createRegion(), await createRegion()];
      const data = await gqlOk(REGION_UPDATE, { input: { id: a.id, code: b.code, name: 'changed' } }, await asAdmin());
      expect(data.regionUpdate.userErrors[0]).to.deep.include({ field: ['input', 'code'], code: 'CONFLICT' });
      const after = await gqlOk(BY_CODE, { code: a.code }, await asAdmin());
      expect(after.regionByCode.name).to.equal(a.name);
    });
  });

  describe('regionMove', () => {
    it('re-parents a community with its grids: every path below it follows', async () => {
      // given two streets, the first with a community and its grids
      const tree = await createTree([2, 1, 2]);
      const [from, to] = tree.children;
      const community = from.children[0];
      // when
      const data = await gqlOk(REGION_MOVE, { input: { id: community.id, parentId: to.id } }, await asAdmin());
      // then
      expect(data.regionMove.userErrors).to.deep.equal([]);
      expect(data.regionMove.region.parent.id).to.equal(to.id);
      for (const grid of community.children) {
        const moved = await gqlOk(BY_CODE, { code: grid.code }, await asAdmin());
        expect(moved.regionByCode.ancestors.map((a: { id: string }) => a.id)).to.deep.equal([tree.id, to.id, community.id]);
      }
      const streets = await gqlOk(
        `query($code: String!) { regionByCode(code: $code) { ... on District { streets { edges { node { code communities { totalCount } } } } } } }`,
        { code: tree.code },
        await asAdmin(),
      );
      const counts = Object.fromEntries(streets.regionByCode.streets.edges.map((e: any) => [e.node.code, e.node.communities.totalCount]));
      expect(counts).to.deep.equal({ [from.code]: 0, [to.code]: 2 });
      const paths = await harness().db.getRepository(Region).find({ where: community.children.map((g) => ({ code: g.code })) });
      const toRow = await harness().db.getRepository(Region).findOneByOrFail({ code: to.code });
      for (const p of paths) expect(p.path.startsWith(toRow.path)).to.equal(true);
    });

    it('refuses a new parent at the wrong level and moving a district, changing nothing', async () => {
      const tree = await createTree([1, 1, 1]);
      const community = tree.children[0].children[0];
      const otherDistrict = await createRegion();
      const wrongLevel = await gqlOk(REGION_MOVE, { input: { id: community.id, parentId: otherDistrict.id } }, await asAdmin());
      expect(wrongLevel.regionMove.userErrors[0]).to.deep.include({ field: ['input', 'parentId'], code: 'INVALID' });
      const district = await gqlOk(REGION_MOVE, { input: { id: tree.id, parentId: otherDistrict.id } }, await asAdmin());
      expect(district.regionMove.userErrors[0]).to.deep.include({ field: ['input', 'id'], code: 'INVALID' });
      const still = await gqlOk(BY_CODE, { code: community.code }, await asAdmin());
      expect(still.regionByCode.parent.id).to.equal(tree.children[0].id);
    });
  });

  describe('reading', () => {
    it('regionByCode returns null for an unknown code; node(id) resolves every level and rejects malformed ids with null', async () => {
      const tree = await createTree([1, 1, 1]);
      expect((await gqlOk(BY_CODE, { code: 'no-such-code' }, await asAdmin())).regionByCode).to.equal(null);
      const ids = [tree, tree.children[0], tree.children[0].children[0], tree.children[0].children[0].children[0]];
      for (const r of ids) {
        const data = await gqlOk(`query($id: ID!) { node(id: $id) { __typename id ... on Region { code } } }`, { id: r.id }, await asAdmin());
        expect(data.node).to.deep.equal({ __typename: r.level[0] + r.level.slice(1).toLowerCase(), id: r.id, code: r.code });
      }
      for (const id of ['', 'garbage', Buffer.from('Grid:0').toString('base64url'), Buffer.from('Grid:99999999').toString('base64url'), Buffer.from('Street:' + '9'.repeat(30)).toString('base64url')]) {
        expect((await gqlOk(`query($id: ID!) { node(id: $id) { id } }`, { id }, await asAdmin())).node).to.equal(null);
      }
    });

    it('a region id of one level is not accepted as another level', async () => {
      const district = await createRegion();
      const asGrid = Buffer.from(Buffer.from(district.id, 'base64url').toString().replace('District', 'Grid')).toString('base64url');
      expect((await gqlOk(`query($id: ID!) { node(id: $id) { id } }`, { id: asGrid }, await asAdmin())).node).to.equal(null);
    });

    it('requires authentication', async () => {
      const res = await gql(`{ districts { totalCount } }`);
      expect(errorCode(res)).to.equal('UNAUTHENTICATED');
    });
  });
});
