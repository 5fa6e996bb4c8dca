import { registerEnumType } from 'type-graphql';

export enum Role {
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
  DISPATCHER = 'DISPATCHER',
  GRID_WORKER = 'GRID_WORKER',
  VOLUNTEER = 'VOLUNTEER',
  RESIDENT = 'RESIDENT',
  ANALYST = 'ANALYST',
  PARTNER = 'PARTNER',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What an account may do. DISPATCHER and ANALYST act within their scope (a region and everything under it).',
  valuesConfig: {
    PLATFORM_ADMIN: { description: 'Runs the platform: every region, every account.' },
    DISPATCHER: { description: 'Command-center staff of one level: manages regions, accounts and demands within its scope.' },
    GRID_WORKER: { description: 'Works one grid (or community): visits residents and files demands for them.' },
    VOLUNTEER: { description: 'Serves demands and activities.' },
    RESIDENT: { description: 'Places and follows their own demands.' },
    ANALYST: { description: 'Reads statistics within its scope; changes nothing.' },
    PARTNER: { description: 'A partner organisation working through the API.' },
  },
});

/** Roles whose work is bounded by a scope region, and the levels that scope may be at. */
export const SCOPE_RULES: Record<Role, { required: boolean; allowed: boolean; levels?: string[] }> = {
  PLATFORM_ADMIN: { required: false, allowed: false },
  DISPATCHER: { required: true, allowed: true },
  ANALYST: { required: true, allowed: true },
  GRID_WORKER: { required: true, allowed: true, levels: ['COMMUNITY', 'GRID'] },
  RESIDENT: { required: false, allowed: true, levels: ['GRID'] },
  VOLUNTEER: { required: false, allowed: true },
  PARTNER: { required: false, allowed: false },
};
