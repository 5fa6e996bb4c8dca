import { request } from '../api/graphql';
import { DISTRICTS, SUBTREE } from '../api/operations';
import type { Connection, GridHeat, RegionRef } from '../api/types';

export interface RegionNode extends RegionRef {
  parentId: string | null;
  children: RegionNode[];
}

type RawRegion = RegionRef & { children?: Connection<RawRegion> };

/** A region and everything below it down to the grids, in as few requests as the page sizes allow. */
export async function loadSubtree(root: RegionRef, token: string): Promise<RegionNode> {
  const node: RegionNode = { ...pick(root), parentId: null, children: [] };
  await loadChildren(node, null, token);
  return node;
}

async function loadChildren(parent: RegionNode, after: string | null, token: string): Promise<void> {
  if (parent.level === 'GRID') return;
  const data = await request<{ node: { children?: Connection<RawRegion> } | null }>(SUBTREE[parent.level], { id: parent.id, after }, token);
  if (data.node?.children) await adopt(parent, data.node.children, token);
}

/** Attaches a page of children (with whatever levels below it came along) and fetches what did not fit. */
async function adopt(parent: RegionNode, page: Connection<RawRegion>, token: string): Promise<void> {
  const pending: Promise<void>[] = [];
  for (const { node } of page.edges) {
    const child: RegionNode = { ...pick(node), parentId: parent.id, children: [] };
    parent.children.push(child);
    if (node.children) pending.push(adopt(child, node.children, token));
    else if (child.level !== 'GRID') pending.push(loadChildren(child, null, token));
  }
  if (page.pageInfo.hasNextPage) pending.push(loadChildren(parent, page.pageInfo.endCursor, token));
  await Promise.all(pending);
}

/** Every district, for platform admins (who have no scope and pick the district to watch). */
export async function loadDistricts(token: string): Promise<RegionRef[]> {
  const districts: RegionRef[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { districts: Connection<RegionRef> } = await request(DISTRICTS, { after }, token);
    districts.push(...data.districts.edges.map((e) => pick(e.node)));
    if (!data.districts.pageInfo.hasNextPage) return districts;
    after = data.districts.pageInfo.endCursor;
  }
}

export function findRegion(root: RegionNode | null, id: string): RegionNode | null {
  if (!root) return null;
  if (root.id === id) return root;
  for (const child of root.children) {
    const found = findRegion(child, id);
    if (found) return found;
  }
  return null;
}

/** The path from the root down to the region (both included); empty when it is not in the tree. */
export function pathTo(root: RegionNode, id: string): RegionNode[] {
  if (root.id === id) return [root];
  for (const child of root.children) {
    const rest = pathTo(child, id);
    if (rest.length) return [root, ...rest];
  }
  return [];
}

export interface OpenCounts {
  open: number;
  overdue: number;
  urgent: number;
}

const NONE: OpenCounts = { open: 0, overdue: 0, urgent: 0 };

/** Open, overdue and urgent demands of every region of the tree, added up from the heat map's grids. */
export function countOpen(root: RegionNode, heat: ReadonlyMap<string, GridHeat>): Map<string, OpenCounts> {
  const counts = new Map<string, OpenCounts>();
  const visit = (node: RegionNode): OpenCounts => {
    let total: OpenCounts;
    if (node.level === 'GRID') {
      const h = heat.get(node.id);
      total = h ? { open: h.open, overdue: h.overdue, urgent: h.urgent } : NONE;
    } else {
      total = { ...NONE };
      for (const child of node.children) {
        const c = visit(child);
        total.open += c.open;
        total.overdue += c.overdue;
        total.urgent += c.urgent;
      }
    }
    counts.set(node.id, total);
    return total;
  };
  visit(root);
  return counts;
}

function pick(region: RegionRef): RegionRef {
  return { id: region.id, name: region.name, code: region.code, level: region.level };
}
