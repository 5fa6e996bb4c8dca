import { expect } from 'chai';
import { asAdmin, gqlOk } from './client';
import { ACCOUNT_CREATE, REGION_CREATE, uniqueCode, type RegionRef } from './factories';
import { harness } from './harness';
import { asText, parseXml, xmlAsJson } from './xml';

export const OPEN311 = '/open311/v2';

export interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  /** The JSON body, or for XML the document as JSON-with-text-values (see xml.ts). */
  body: any;
}

function base(): string {
  return harness().url.replace(/\/graphql$/, '');
}

async function answer(res: Response, format: 'json' | 'xml'): Promise<Answer> {
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const body = text === '' ? null : format === 'json' ? JSON.parse(text) : xmlAsJson(parseXml(text));
  return { status: res.status, contentType, headers: res.headers, text, body };
}

/** GET `/open311/v2/<resource>.<format>?params` as a 311 app does. */
export async function get311(resource: string, params: Record<string, string | string[]> = {}, format: 'json' | 'xml' = 'json', headers: Record<string, string> = {}): Promise<Answer> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
  const res = await fetch(`${base()}${OPEN311}/${resource}.${format}${query.size ? `?${query}` : ''}`, { headers });
  return answer(res, format);
}

/** POST a form to `/open311/v2/requests.<format>`, as the spec's example request does. */
export async function post311(form: Record<string, string | string[]>, format: 'json' | 'xml' = 'json', resource = 'requests', headers: Record<string, string> = {}): Promise<Answer> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  const res = await fetch(`${base()}${OPEN311}/${resource}.${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: body.toString(),
  });
  return answer(res, format);
}

/** The same request in both formats: the XML must carry exactly what the JSON does. */
export async function bothFormats(request: (format: 'json' | 'xml') => Promise<Answer>): Promise<Answer> {
  const json = await request('json');
  const xml = await request('xml');
  expect(json.contentType).to.equal('application/json; charset=utf-8');
  expect(xml.contentType).to.equal('text/xml; charset=utf-8');
  expect(xml.status).to.equal(json.status);
  expect(xml.body).to.deep.equal(asText(json.body));
  return json;
}

export interface Partner {
  key: string;
  apiKeyId: string;
  accountId: string;
  organisationId: string;
}

/** A partner organisation with a PARTNER account and an API key for it. */
export async function createPartner(): Promise<Partner> {
  const admin = await asAdmin();
  const org = await gqlOk(`mutation($input: OrganisationCreateInput!) { organisationCreate(input: $input) { organisation { id } userErrors { code } } }`, { input: { name: uniqueCode('311 partner '), kind: 'NGO' } }, admin);
  const organisationId = org.organisationCreate.organisation.id;
  const account = await gqlOk(ACCOUNT_CREATE, { input: { username: uniqueCode('p311'), password: 'a-good-password', role: 'PARTNER', organisationId } }, admin);
  const accountId = account.accountCreate.account.id;
  const created = await gqlOk(`mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { key apiKey { id } userErrors { code } } }`, { input: { accountId, name: '311 gateway' } }, admin);
  expect(created.apiKeyCreate.userErrors).to.deep.equal([]);
  return { key: created.apiKeyCreate.key, apiKeyId: created.apiKeyCreate.apiKey.id, accountId, organisationId };
}

/** A region with a name (codes are unique per run) and, for a grid, an optional centre. */
async function region(level: string, parentId: string | null, name: string, centre: { latitude: number; longitude: number } | null = null): Promise<RegionRef> {
  const input = { level, parentId, code: uniqueCode(level[0]), name, population: 1000, ...centre };
  const data = await gqlOk(REGION_CREATE, { input }, await asAdmin());
  expect(data.regionCreate.userErrors).to.deep.equal([]);
  return data.regionCreate.region;
}

/**
 * A district of its own for Open311 (its code is the jurisdiction_id) with one street and two
 * communities: 安康社区 with grids 安康第一网格 and 安康第二网格, whose centres are 1.1 km apart;
 * 和谐社区 with one grid, 和谐第一网格, without a centre.
 */
export interface City {
  district: RegionRef;
  street: RegionRef;
  ankang: RegionRef;
  hexie: RegionRef;
  ankang1: RegionRef;
  ankang2: RegionRef;
  hexie1: RegionRef;
}

export const ANKANG1_CENTRE = { latitude: 45.71, longitude: 126.66 };
export const ANKANG2_CENTRE = { latitude: 45.72, longitude: 126.66 };

export async function createCity(): Promise<City> {
  const district = await region('DISTRICT', null, `香坊区${uniqueCode('')}`);
  const street = await region('STREET', district.id, '香坊大街街道');
  const ankang = await region('COMMUNITY', street.id, '安康社区');
  const hexie = await region('COMMUNITY', street.id, '和谐社区');
  const ankang1 = await region('GRID', ankang.id, '安康第一网格', ANKANG1_CENTRE);
  const ankang2 = await region('GRID', ankang.id, '安康第二网格', ANKANG2_CENTRE);
  const hexie1 = await region('GRID', hexie.id, '和谐第一网格');
  return { district, street, ankang, hexie, ankang1, ankang2, hexie1 };
}

/** A GraphQL request as the partner's other systems send it: `Authorization: ApiKey <key>`. */
export async function gqlWithKey(key: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(harness().url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `ApiKey ${key}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).to.equal(undefined);
  return body.data;
}

export async function revokeKey(partner: Partner): Promise<void> {
  const data = await gqlOk(`mutation($input: ApiKeyRevokeInput!) { apiKeyRevoke(input: $input) { userErrors { code } } }`, { input: { id: partner.apiKeyId } }, await asAdmin());
  expect(data.apiKeyRevoke.userErrors).to.deep.equal([]);
}
