import type { Caller, Side, SideObjects, World } from './world';

/** What one cell sends: the variables, and optionally a string the answer must contain to count as allowed. */
export interface Target {
  variables: Record<string, unknown>;
  /**
   * For reads that filter or mask instead of refusing: the id that must be listed, or the value
   * that must appear unmasked. Missing from the answer = refused (not visible).
   */
  expect?: string;
}

export interface CellContext {
  w: World;
  /** The objects of the side probed: `w.side.in` or `w.side.out`. */
  s: SideObjects;
  side: Side;
  caller: Caller;
}

/** One row's probe: a document and how to build an in-scope or out-of-scope target for a caller. */
export interface Probe {
  document: string;
  target(c: CellContext): Target | Promise<Target>;
  /** The operation has no target inside or outside a scope (own data, public lists): its "out" cells are `-`. */
  unscoped?: boolean;
}

export type Probes = Record<string, Probe>;

/** A probe whose target needs no setup. */
export const probe = (document: string, target: (c: CellContext) => Target | Promise<Target>): Probe => ({ document, target });

/** A probe of an operation without a target in anyone's scope. */
export const unscoped = (document: string, target: (c: CellContext) => Target | Promise<Target> = () => ({ variables: {} })): Probe => ({ document, target, unscoped: true });

/** Shorthand for a mutation taking `input`, selecting only userErrors. */
export function mutation(name: string, inputType: string, input: (c: CellContext) => Record<string, unknown> | Promise<Record<string, unknown>>, options: { unscoped?: boolean } = {}): Probe {
  return (options.unscoped ? unscoped : probe)(`mutation($input: ${inputType}!) { ${name}(input: $input) { userErrors { field message code } } }`, async (c) => ({ variables: { input: await input(c) } }));
}
