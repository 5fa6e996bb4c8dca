import { Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import { limitError } from './limit-errors';

/**
 * Refuses an operation nested deeper than `maxDepth` fields (fragments expanded). Depth is what
 * makes a document's work grow without its text growing: each level may be another join or batch.
 */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragmentDepths = new Map<string, number>();
    return {
      OperationDefinition(node) {
        const depth = selectionDepth(node.selectionSet, context, fragmentDepths, new Set());
        if (depth > maxDepth) {
          context.reportError(limitError('DEPTH', maxDepth, depth, `The operation is ${depth} fields deep; at most ${maxDepth} are allowed`));
        }
      },
    };
  };
}

function selectionDepth(set: SelectionSetNode, context: ValidationContext, memo: Map<string, number>, visiting: Set<string>): number {
  let max = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      max = Math.max(max, 1 + (selection.selectionSet ? selectionDepth(selection.selectionSet, context, memo, visiting) : 0));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, selectionDepth(selection.selectionSet, context, memo, visiting));
    } else {
      max = Math.max(max, fragmentDepth(context.getFragment(selection.name.value), context, memo, visiting));
    }
  }
  return max;
}

// Memoised per fragment: a fragment spread a thousand times is measured once. Cycles count 0 here;
// graphql's own NoFragmentCycles rule refuses them.
function fragmentDepth(fragment: FragmentDefinitionNode | null | undefined, context: ValidationContext, memo: Map<string, number>, visiting: Set<string>): number {
  if (!fragment) return 0;
  const name = fragment.name.value;
  const known = memo.get(name);
  if (known !== undefined) return known;
  if (visiting.has(name)) return 0;
  visiting.add(name);
  const depth = selectionDepth(fragment.selectionSet, context, memo, visiting);
  visiting.delete(name);
  memo.set(name, depth);
  return depth;
}

/** Refuses a document with more than `maxAliases` aliased fields: aliases repeat a field's work under new names. */
export function maxAliasesRule(maxAliases: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > maxAliases) {
            context.reportError(limitError('ALIASES', maxAliases, aliases, `The document has ${aliases} aliases; at most ${maxAliases} are allowed`));
          }
        },
      },
    };
  };
}
