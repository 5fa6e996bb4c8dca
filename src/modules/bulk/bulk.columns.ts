import { BulkKind } from './bulk.enums';

/**
 * One column of a bulk file. The same list serves import and export: an export writes `key` as its
 * header, an import finds a column by `key` or by one of its Chinese `aliases` (so a city's own
 * spreadsheet, headed 姓名 / 身份证号 ..., can be imported as it is).
 */
export interface BulkColumn {
  key: string;
  aliases: readonly string[];
  /** An import refuses a file without this column, and a row with this cell empty. */
  required?: boolean;
  /** Names, contacts, exact dates, free text: left out of analysts' exports (as in the other exports). */
  personal?: boolean;
  /** Carries identity across a re-import (keyed ID hashes, usernames): platform admins' exports only. */
  adminOnly?: boolean;
  /** Written as a number in XLSX. */
  numeric?: boolean;
}

const REGION_COLUMNS: BulkColumn[] = [
  { key: 'code', aliases: ['编码', '代码', '区划代码', '区划编码'], required: true },
  { key: 'parent_code', aliases: ['上级编码', '上级代码', '上级区划代码'] },
  { key: 'level', aliases: ['层级', '级别'] },
  { key: 'name', aliases: ['名称', '区划名称'], required: true },
  { key: 'population', aliases: ['人口', '户籍人口', '常住人口'], numeric: true },
];

const VOLUNTEER_COLUMNS: BulkColumn[] = [
  { key: 'name', aliases: ['姓名'], required: true, personal: true },
  { key: 'phone', aliases: ['手机号', '手机号码', '联系电话', '电话'], required: true, personal: true },
  { key: 'id_type', aliases: ['证件类型'] },
  { key: 'id_number', aliases: ['证件号码', '身份证号', '身份证号码'], personal: true },
  { key: 'id_number_hash', aliases: [], personal: true, adminOnly: true },
  { key: 'id_number_last4', aliases: ['证件号后四位'], personal: true },
  { key: 'gender', aliases: ['性别'] },
  { key: 'birth_date', aliases: ['出生日期'], personal: true },
  { key: 'party_member', aliases: ['党员', '是否党员'] },
  { key: 'community_code', aliases: ['社区编码', '所属社区编码', '社区代码'], required: true },
  { key: 'grid_code', aliases: ['网格编码', '所属网格编码', '网格代码'], personal: true },
  { key: 'reported_in_at', aliases: ['报到日期', '到社区报到日期'], personal: true },
  { key: 'employer', aliases: ['工作单位', '单位'], personal: true },
  { key: 'skills', aliases: ['技能', '技能编码'] },
  { key: 'availability', aliases: ['服务时间', '可服务时间'] },
  { key: 'latitude', aliases: ['纬度'], personal: true, numeric: true },
  { key: 'longitude', aliases: ['经度'], personal: true, numeric: true },
  { key: 'status', aliases: ['状态'] },
  { key: 'status_reason', aliases: ['状态原因'], personal: true },
  { key: 'username', aliases: ['用户名', '账号'], personal: true, adminOnly: true },
];

const TEAM_COLUMNS: BulkColumn[] = [
  { key: 'name', aliases: ['队伍名称', '名称'], required: true },
  { key: 'kind', aliases: ['队伍类型', '类型'], required: true },
  { key: 'region_code', aliases: ['所属区域编码', '区域编码'], required: true },
  { key: 'parent_region_code', aliases: ['上级队伍区域编码'] },
  { key: 'parent_name', aliases: ['上级队伍', '上级队伍名称'] },
  { key: 'organisation', aliases: ['所属单位', '所属组织'] },
  { key: 'description', aliases: ['简介', '队伍简介'], personal: true },
  { key: 'specialties', aliases: ['服务类别', '专长'] },
  { key: 'leader_id_type', aliases: ['队长证件类型'] },
  { key: 'leader_id_number', aliases: ['队长证件号码', '队长身份证号'], personal: true },
  { key: 'leader_id_number_hash', aliases: [], personal: true, adminOnly: true },
  { key: 'liaison_id_type', aliases: ['联络员证件类型'] },
  { key: 'liaison_id_number', aliases: ['联络员证件号码', '联络员身份证号'], personal: true },
  { key: 'liaison_id_number_hash', aliases: [], personal: true, adminOnly: true },
  { key: 'active', aliases: ['有效', '是否有效'] },
];

export const BULK_COLUMNS: Record<BulkKind, readonly BulkColumn[]> = {
  REGIONS: REGION_COLUMNS,
  VOLUNTEERS: VOLUNTEER_COLUMNS,
  TEAMS: TEAM_COLUMNS,
};

/** "姓名（必填）", " Name* ", "birth-date" → the form headers are compared in. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[*＊:：]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export interface HeaderMap {
  /** Column key → its position in the row. */
  positions: Map<string, number>;
  /** Headers this kind does not know (reported, otherwise ignored). */
  ignored: string[];
  /** Required columns the file lacks. */
  missing: string[];
}

const lookups = new Map<BulkKind, Map<string, string>>();

function lookup(kind: BulkKind): Map<string, string> {
  let map = lookups.get(kind);
  if (!map) {
    map = new Map(BULK_COLUMNS[kind].flatMap((c) => [c.key, ...c.aliases].map((h) => [normaliseHeader(h), c.key] as const)));
    lookups.set(kind, map);
  }
  return map;
}

export function mapHeader(kind: BulkKind, cells: string[]): HeaderMap {
  const known = lookup(kind);
  const positions = new Map<string, number>();
  const ignored: string[] = [];
  cells.forEach((cell, i) => {
    const key = known.get(normaliseHeader(cell));
    if (key && !positions.has(key)) positions.set(key, i);
    else if (cell.trim()) ignored.push(cell.trim());
  });
  const missing = BULK_COLUMNS[kind].filter((c) => c.required && !positions.has(c.key)).map((c) => c.key);
  return { positions, ignored, missing };
}

/** A row is the header when it names at least two of the kind's columns: rows above it (a title) are skipped. */
export function isHeaderRow(kind: BulkKind, cells: string[]): boolean {
  const known = lookup(kind);
  return cells.filter((c) => known.has(normaliseHeader(c))).length >= 2;
}
