import {
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isLeafType,
  isListType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../core/relay';
import { limitError } from './limit-errors';

/**
 * What a field costs besides its selections, by `Type.field` (or `*.field` for every type).
 * Object fields cost 1 (a row or a batch), scalars 0 (read from the row already loaded);
 * the fields below run a query or a computation of their own.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  '*.totalCount': 1,
  'Query.regionStats': 20,
  'Query.regionSeries': 20,
  'Query.regionRanking': 20,
  'Query.regionHeatmap': 20,
  'Query.leaderboard': 10,
  'Query.demandCandidates': 10,
};

/** Every root mutation field: a transaction with its checks and writes. */
export const MUTATION_COST = 10;

export interface CostOptions {
  defaultPageSize?: number;
  maxPageSize?: number;
}

/**
 * The cost of one operation with its variables: each field's own cost plus its selections', and a
 * list's items multiplied by its page size — the field's `first`/`last` argument (or its default,
 * or the default page size), applied to the list itself or, on a connection, to its `edges`.
 * Nested lists multiply. Lists without a size argument are short by nature (a volunteer's skills)
 * and count as one item. `@skip`/`@include` are ignored: the cost is an upper bound.
 * Throws LIMIT_EXCEEDED (PAGE_SIZE) for a size above the maximum page size, on any field.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
  options: CostOptions = {},
): number {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return 0; // execution reports the missing operation
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  const walker = new CostWalker(
    schema,
    fragmentsOf(document),
    coerced.coerced ?? rawVariables ?? {},
    options.defaultPageSize ?? DEFAULT_PAGE_SIZE,
    options.maxPageSize ?? MAX_PAGE_SIZE,
    operation.operation === 'mutation' ? MUTATION_COST : null,
  );
  return walker.selections(operation.selectionSet, root, null, true);
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

class CostWalker {
  private readonly memo = new Map<string, number>();
  private readonly visiting = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    private readonly defaultPageSize: number,
    private readonly maxPageSize: number,
    private readonly rootFieldCost: number | null,
  ) {}

  /** `pending`: the page size of the connection this selection set belongs to, for its list field (`edges`). */
  selections(set: SelectionSetNode, type: GraphQLCompositeType, pending: number | null, root = false): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += this.field(selection, type, pending, root);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += this.selections(selection.selectionSet, this.typeNamed(selection.typeCondition?.name.value) ?? type, pending, root);
      } else {
        total += this.fragment(selection.name.value, pending, root);
      }
    }
    return total;
  }

  private fragment(name: string, pending: number | null, root: boolean): number {
    const key = `${name}:${pending}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    const type = this.typeNamed(fragment?.typeCondition.name.value);
    if (!fragment || !type || this.visiting.has(name)) return 0;
    this.visiting.add(name);
    const cost = this.selections(fragment.selectionSet, type, pending, root);
    this.visiting.delete(name);
    this.memo.set(key, cost);
    return cost;
  }

  private field(node: FieldNode, parent: GraphQLCompositeType, pending: number | null, root: boolean): number {
    const def = fieldDef(this.schema, parent, node.name.value);
    if (!def) return 0;
    const named = getNamedType(def.type);
    const own = FIELD_COSTS[`${parent.name}.${def.name}`] ?? FIELD_COSTS[`*.${def.name}`] ?? (root && this.rootFieldCost !== null ? this.rootFieldCost : isLeafType(named) ? 0 : 1);
    const size = this.pageSize(def, node);
    const isList = isListType(getNullableType(def.type));
    const children = node.selectionSet && isCompositeType(named) ? this.selections(node.selectionSet, named, isList ? null : size) : 0;
    if (!isList) return own + children;
    const items = size ?? pending ?? 1;
    return own + items * ((isLeafType(named) ? 0 : 1) + children);
  }

  /** The page size a field with a `first`/`last` argument asks for; null for other fields. */
  private pageSize(def: GraphQLField<unknown, unknown>, node: FieldNode): number | null {
    const arg = def.args.find((a) => a.name === 'first' || a.name === 'last');
    if (!arg) return null;
    const given = node.arguments?.find((a) => a.name.value === arg.name);
    const value = given ? valueFromAST(given.value, arg.type, this.variables) : arg.defaultValue;
    if (typeof value !== 'number') return this.defaultPageSize;
    if (value > this.maxPageSize) {
      throw limitError('PAGE_SIZE', this.maxPageSize, value, `\`${arg.name}\` may be at most ${this.maxPageSize}`);
    }
    return Math.max(0, value);
  }

  private typeNamed(name: string | undefined): GraphQLCompositeType | null {
    const type = name ? this.schema.getType(name) : undefined;
    return type && isCompositeType(type) ? type : null;
  }
}

function fieldDef(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return 'getFields' in parent ? parent.getFields()[name] : undefined;
}
