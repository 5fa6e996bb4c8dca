import { expect } from 'chai';
import { asAdmin, gqlOk, login } from './client';

let sequence = 0;
/** A code no other test uses: runs share one database. */
export function uniqueCode(prefix = 'T'): string {
  sequence += 1;
  return `${prefix}${process.pid}-${Date.now().toString(36)}-${sequence}`.slice(0, 32);
}

export const REGION_FIELDS = 'id code name level population parent { id } ancestors { id code }';

export const REGION_CREATE = /* GraphQL */ `
  mutation RegionCreate($input: RegionCreateInput!) {
    regionCreate(input: $input) { region { ${REGION_FIELDS} } userErrors { field message code } }
  }
`;

type Level = 'DISTRICT' | 'STREET' | 'COMMUNITY' | 'GRID';
const CHILD: Record<Level, Level | null> = { DISTRICT: 'STREET', STREET: 'COMMUNITY', COMMUNITY: 'GRID', GRID: null };

export interface RegionRef {
  id: string;
  code: string;
  name: string;
  level: Level;
}

export async function createRegion(overrides: { level?: Level; parentId?: string | null; code?: string; name?: string; population?: number | null } = {}, token?: string): Promise<RegionRef> {
  const level = overrides.level ?? 'DISTRICT';
  const code = overrides.code ?? uniqueCode(level[0]);
  const input = { level, code, name: overrides.name ?? `${level.toLowerCase()} ${code}`, parentId: overrides.parentId ?? null, population: overrides.population === undefined ? 1000 : overrides.population };
  const data = await gqlOk(REGION_CREATE, { input }, token ?? (await asAdmin()));
  expect(data.regionCreate.userErrors, JSON.stringify(data.regionCreate.userErrors)).to.deep.equal([]);
  return data.regionCreate.region;
}

export interface Tree extends RegionRef {
  children: Tree[];
}

/** A district with `shape[0]` streets, each with `shape[1]` communities, each with `shape[2]` grids. */
export async function createTree(shape: [number, number, number] = [2, 2, 2]): Promise<Tree> {
  const build = async (level: Level, parentId: string | null, depth: number): Promise<Tree> => {
    const region = await createRegion({ level, parentId });
    const child = CHILD[level];
    const children: Tree[] = [];
    if (child) for (let i = 0; i < shape[depth]; i++) children.push(await build(child, region.id, depth + 1));
    return { ...region, children };
  };
  return build('DISTRICT', null, 0);
}

export const ACCOUNT_CREATE = /* GraphQL */ `
  mutation AccountCreate($input: AccountCreateInput!) {
    accountCreate(input: $input) { account { id username role scope { id } disabledAt } userErrors { field message code } }
  }
`;

export interface AccountRef {
  id: string;
  username: string;
  password: string;
  token: string;
}

export async function createAccount(role: string, scopeId: string | null = null, overrides: { username?: string; password?: string } = {}): Promise<AccountRef> {
  const username = overrides.username ?? uniqueCode(role.toLowerCase().slice(0, 4));
  const password = overrides.password ?? 'a-good-password';
  const data = await gqlOk(ACCOUNT_CREATE, { input: { username, password, role, scopeId } }, await asAdmin());
  expect(data.accountCreate.userErrors, JSON.stringify(data.accountCreate.userErrors)).to.deep.equal([]);
  return { id: data.accountCreate.account.id, username, password, token: await login(username, password) };
}
