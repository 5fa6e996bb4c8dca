import { expect } from 'chai';
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLArgument,
  type GraphQLNamedType,
  type GraphQLObjectType,
  GraphQLError,
} from 'graphql';
import { MAX_PAGE_SIZE } from '../../src/core/relay';
import { operationCost } from '../../src/server/limits/query-cost';
import { buildAppSchema } from '../../src/server/schema';

const schema = buildAppSchema();
const cost = (query: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(query), null, variables);

describe('query cost (unit)', () => {
  it('counts 1 per object, 0 per scalar, and a connection once plus its page of edges', () => {
    expect(cost('{ __typename }')).to.equal(0);
    expect(cost('{ viewer { id username } }')).to.equal(1);
    // districts 1 + totalCount 1 + edges 1 + 10 × (edge 1 + node 1)
    expect(cost('{ districts(first: 10) { totalCount edges { cursor node { id } } } }')).to.equal(23);
  });

  it('takes the page size from the argument, a variable, its default, or the default page size', () => {
    const page = (first: string) => `{ districts${first} { edges { node { id } } } }`;
    expect(cost(page('(first: 3)'))).to.equal(2 + 3 * 2);
    expect(cost('query($n: Int) { districts(first: $n) { edges { node { id } } } }', { n: 4 })).to.equal(2 + 4 * 2);
    expect(cost('query($n: Int = 5) { districts(first: $n) { edges { node { id } } } }')).to.equal(2 + 5 * 2);
    expect(cost(page(''))).to.equal(2 + 20 * 2);
    // leaderboard's own default (20) and own cost (10)
    expect(cost('{ leaderboard(period: WEEK) { rank } }')).to.equal(10 + 20 * 1);
  });

  it('multiplies nested lists', () => {
    const inner = '{ edges { node { id } } }';
    // 10 districts × (edge 1 + node 1 + streets (2 + 10 × 2))
    expect(cost(`{ districts(first: 10) { edges { node { ... on District { streets(first: 10) ${inner} } } } } }`)).to.equal(2 + 10 * (2 + 22));
  });

  it('counts a list without a size argument as one item, and each root mutation field as 10', () => {
    expect(cost('{ skills { code category { code } } }')).to.equal(1 + 1 * (1 + 1));
    expect(cost('mutation { login(input: { username: "a", password: "b" }) { token } }')).to.equal(10);
  });

  it('expands fragments and inline fragments, measuring a fragment repeated many times once', () => {
    const viaFragments = cost('query { ...Q } fragment Q on Query { districts(first: 2) { ...C } } fragment C on DistrictConnection { edges { node { id } } }');
    expect(viaFragments).to.equal(cost('{ districts(first: 2) { edges { node { id } } } }'));
    // 2^30 spreads written with 30 fragments: a finite number, computed at once
    const levels = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { a: viewer { id } ...F${i + 1} ...F${i + 1} }`).join(' ');
    const bomb = `{ ...F0 } ${levels} fragment F30 on Query { viewer { id } }`;
    expect(cost(bomb)).to.be.greaterThan(2 ** 30);
  });

  it('refuses a page size above the maximum on every field that takes one', () => {
    const sized = sizedFields();
    expect(sized.length).to.be.greaterThan(20);
    for (const { type, field, arg } of sized) {
      const query = `{ ${wrapInPathTo(type, `${field}(${arg}: ${MAX_PAGE_SIZE + 1}${requiredArgs(schemaField(type, field).args, arg)}) { __typename }`)} }`;
      expect(() => cost(query), `${type}.${field}: ${query}`)
        .to.throw(GraphQLError)
        .with.property('extensions')
        .that.deep.equals({ code: 'LIMIT_EXCEEDED', limit: 'PAGE_SIZE', max: MAX_PAGE_SIZE, actual: MAX_PAGE_SIZE + 1 });
      expect(() => cost(query.replace(`${arg}: ${MAX_PAGE_SIZE + 1}`, `${arg}: ${MAX_PAGE_SIZE}`)), `${type}.${field}`).not.to.throw();
    }
  });
});

function sizedFields() {
  const found: { type: string; field: string; arg: string }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const arg = field.args.find((a) => a.name === 'first' || a.name === 'last');
      if (arg) found.push({ type: type.name, field: field.name, arg: arg.name });
    }
  }
  return found;
}

function schemaField(type: string, field: string) {
  return (schema.getType(type) as GraphQLObjectType).getFields()[field];
}

/** Literal values for a field's required arguments besides the size; throws when one needs an input object. */
function requiredArgs(args: readonly GraphQLArgument[], except: string): string {
  return args
    .filter((a) => a.name !== except && isNonNullType(a.type) && a.defaultValue === undefined)
    .map((a) => `, ${a.name}: ${literal(getNamedType(a.type))}`)
    .join('');
}

function literal(type: GraphQLNamedType): string {
  if (isEnumType(type)) return type.getValues()[0].name;
  if (type.name === 'Int' || type.name === 'Float') return '1';
  if (type.name === 'Boolean') return 'true';
  if (isInputObjectType(type)) throw new Error(`no literal for ${type.name}`);
  return '"x"';
}

/** `inner` selected on `target`, reached from Query by the shortest path of fields (and inline fragments). */
function wrapInPathTo(target: string, inner: string): string {
  const query = schema.getQueryType()!;
  const seen = new Set([query.name]);
  let frontier: { type: GraphQLObjectType; wrap: (s: string) => string }[] = [{ type: query, wrap: (s) => s }];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const { type, wrap } of frontier) {
      if (type.name === target) return wrap(inner);
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (!isCompositeType(named)) continue;
        let args: string;
        try {
          args = field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined) ? `(${requiredArgs(field.args, '').slice(2)})` : '';
        } catch {
          continue;
        }
        const targets = isAbstractType(named) ? schema.getPossibleTypes(named) : [named as GraphQLObjectType];
        for (const t of targets) {
          if (seen.has(t.name)) continue;
          seen.add(t.name);
          const fragment = isAbstractType(named);
          next.push({ type: t, wrap: (s) => wrap(`${field.name}${args} { ${fragment ? `... on ${t.name} { ${s} }` : s} }`) });
        }
      }
    }
    frontier = next;
  }
  throw new Error(`no path to ${target}`);
}
