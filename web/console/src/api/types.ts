/** The shapes of what the console reads, as its documents (operations.ts) select them. */

export type Role = 'PLATFORM_ADMIN' | 'DISPATCHER' | 'GRID_WORKER' | 'ANALYST' | 'VOLUNTEER' | 'RESIDENT' | 'PARTNER';
export type RegionLevel = 'DISTRICT' | 'STREET' | 'COMMUNITY' | 'GRID';
export type HandlingLevel = 'COMMUNITY' | 'STREET' | 'DISTRICT';
export type Urgency = 'ROUTINE' | 'URGENT' | 'EMERGENCY';
export type DemandStatus = 'SUBMITTED' | 'ACCEPTED' | 'DISPATCHED' | 'ASSIGNED' | 'IN_SERVICE' | 'COMPLETED' | 'CLOSED' | 'REJECTED' | 'CANCELLED';

export interface RegionRef {
  id: string;
  name: string;
  code: string;
  level: RegionLevel;
}

export interface Viewer {
  id: string;
  username: string;
  role: Role;
  scope: RegionRef | null;
}

export interface Category {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}

export interface AccountRef {
  id: string;
  username: string;
}

/** A demand as a feed row shows it. */
export interface DemandRow {
  id: string;
  number: string;
  title: string;
  status: DemandStatus;
  urgency: Urgency;
  handlingLevel: HandlingLevel;
  overdue: boolean;
  dueAt: string | null;
  createdAt: string;
  updatedAt: string;
  category: Category;
  grid: { id: string; name: string; ancestors: { id: string; name: string }[] };
}

export interface DemandEventItem {
  id: string;
  cursor: string;
  type: string;
  fromStatus: DemandStatus | null;
  toStatus: DemandStatus;
  note: string | null;
  reason: string | null;
  at: string;
  actor: (AccountRef & { role: Role }) | null;
}

export interface DemandDetail extends DemandRow {
  description: string | null;
  address: string | null;
  channel: string;
  acceptDueAt: string;
  escalatesAt: string | null;
  rejectionReason: string | null;
  contactName: string | null;
  contactPhone: string | null;
  photos: string[];
  rating: number | null;
  feedback: string | null;
  completionNote: string | null;
  requester: AccountRef | null;
  responder: AccountRef | null;
  offers: { id: string; status: string; volunteer: { id: string; name: string } | null; team: { id: string; name: string } | null }[];
  events: { edges: { node: DemandEventItem }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** One event of the live feed, with the demand as it is now. */
export interface FeedEvent {
  cursor: string;
  type: string;
  demand: DemandRow;
}

export interface WallStats {
  at: string;
  open: number;
  urgent: number;
  overdue: number;
  volunteersOnDuty: number;
  offersWaiting: number;
  openByStatus: { status: DemandStatus; count: number }[];
}

export interface GridHeat {
  grid: { id: string };
  open: number;
  overdue: number;
  urgent: number;
}

export interface Candidate {
  rank: number;
  kind: 'VOLUNTEER' | 'TEAM';
  score: number;
  availableNow: boolean;
  distanceKm: number | null;
  volunteer: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  reasons: { code: string; points: number; detail: string }[];
}

export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
