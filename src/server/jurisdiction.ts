import { forbidden } from '../core/errors';
import { Role } from '../modules/account/role';
import type { Viewer } from './context';

/**
 * The one place that decides whether a caller's jurisdiction covers a region. Scopes are
 * materialized paths, so "inside" is a prefix test. Platform admins cover everything.
 */
export function covers(viewer: Viewer, regionPath: string): boolean {
  if (viewer.account.role === Role.PLATFORM_ADMIN) return true;
  return viewer.scopePath !== null && regionPath.startsWith(viewer.scopePath);
}

/** Strictly below the caller's scope root (a dispatcher may not move or re-parent the region it is scoped to). */
export function coversStrictly(viewer: Viewer, regionPath: string): boolean {
  if (viewer.account.role === Role.PLATFORM_ADMIN) return true;
  return viewer.scopePath !== null && regionPath.startsWith(viewer.scopePath) && regionPath !== viewer.scopePath;
}

export function assertCovers(viewer: Viewer, regionPath: string, what: string): void {
  if (!covers(viewer, regionPath)) throw forbidden(`${what} is outside your jurisdiction`);
}

export function assertCoversStrictly(viewer: Viewer, regionPath: string, what: string): void {
  if (!coversStrictly(viewer, regionPath)) throw forbidden(`${what} is outside your jurisdiction`);
}
