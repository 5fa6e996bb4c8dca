import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** mulberry32: small, fast, and the same sequence for the same seed, so a failure can be replayed. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Strings that break naive code: SQL and template metacharacters, Unicode edge cases, sizes. */
export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '\t\n\r', "'", '"', '`', '\\', "\\'", '%', '_', '%_%', "' OR '1'='1", "'; DROP TABLE demand; --", '" OR ""="',
  "1; SELECT SLEEP(5)", "') UNION SELECT password_hash FROM account --", '$1', '?', ':id', '@@version', '/* */', '--',
  '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83dy', '\u202eevil', '\u200b', '\ufeff', '\uffff', 'Ａ', 'ǅ', 'İı', 'ß', 'ﬀ',
  '𝕳𝖊𝖑𝖑𝖔', '👩‍👩‍👧‍👦', '🏳️‍🌈', 'e\u0301', '长者助餐', 'مرحبا', 'null', 'undefined', 'NaN', 'Infinity', '-0', '1e309', 'true',
  '<script>alert(1)</script>', '${jndi:ldap://x/a}', '{{7*7}}', '#{7*7}', '../../../etc/passwd', '=HYPERLINK("http://x")', '+1-2', '@SUM(A1)',
  '__proto__', 'constructor', 'toString', '{"a":1}', '[]', 'a'.repeat(300), 'a'.repeat(10_000), '长'.repeat(5_000),
  '2026-02-30', '0000-00-00', '9999-12-31T23:59:59.999Z', '2026-11-23T25:61:00Z', '13800138000', '110101199003071234',
];

export interface FuzzIds {
  /** Global ids of objects that exist (the fuzzer's own world): the interesting ones. */
  existing: string[];
  /** Type names to build foreign and nonexistent global ids from. */
  typeNames: string[];
}

export interface Generated {
  query: string;
  variables: Record<string, unknown>;
  operation: 'query' | 'mutation' | 'subscription';
  field: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');

/** Builds random, mostly wrong, documents and variables from the schema. */
export class DocumentGenerator {
  private vars: { name: string; type: string; value: unknown }[] = [];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rng: Rng,
    private readonly ids: FuzzIds,
  ) {}

  document(operation: Generated['operation']): Generated {
    this.vars = [];
    const root = operation === 'query' ? this.schema.getQueryType() : operation === 'mutation' ? this.schema.getMutationType() : this.schema.getSubscriptionType();
    const field = this.rng.pick(Object.values(root!.getFields()));
    let body = this.fieldSelection(field, 0);
    // Payloads report refusals in userErrors: always ask, so an accepted write can be told apart.
    const payload = getNamedType(field.type);
    if (operation === 'mutation' && isObjectType(payload) && payload.getFields().userErrors) {
      body = body.endsWith(' }') ? `${body.slice(0, -2)} userErrors { code field } }` : `${body} { userErrors { code field } }`;
    }
    const defs = this.vars.length ? `(${this.vars.map((v) => `$${v.name}: ${v.type}`).join(', ')})` : '';
    const variables = Object.fromEntries(this.vars.map((v) => [v.name, v.value]));
    return { query: `${operation} Fuzz${defs} { ${body} }`, variables, operation, field: field.name };
  }

  /** A self-referencing path nested far deeper than any client needs. */
  deepDocument(levels: number): string {
    for (const type of Object.values(this.schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const self = Object.values(type.getFields()).find((f) => getNamedType(f.type) === type && f.args.every((a) => !isNonNullType(a.type)));
      if (!self) continue;
      const entry = Object.values(this.schema.getQueryType()!.getFields()).find((f) => getNamedType(f.type) === type);
      if (!entry) continue;
      const args = entry.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: ${this.literal(this.value(a.type, 0), a.type)}`);
      return `{ ${entry.name}${args.length ? `(${args.join(', ')})` : ''} { ${`${self.name} { `.repeat(levels)}__typename${' }'.repeat(levels)} } }`;
    }
    return `{ ${'__typename '.repeat(levels)} }`;
  }

  private fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): string {
    const args = this.arguments(field.args, depth);
    const inner = this.selectionSet(getNamedType(field.type), depth + 1);
    const alias = this.rng.chance(0.05) ? `a${this.rng.int(1000)}: ` : '';
    return `${alias}${field.name}${args}${inner}`;
  }

  private arguments(args: readonly GraphQLArgument[], depth: number): string {
    const chosen = args.filter((a) => isNonNullType(a.type) || this.rng.chance(0.4));
    if (this.rng.chance(0.03)) chosen.pop(); // a required argument left out
    const parts = chosen.map((a) => `${a.name}: ${this.argumentValue(a, depth)}`);
    if (this.rng.chance(0.03)) parts.push(`noSuchArgument: 1`);
    return parts.length ? `(${parts.join(', ')})` : '';
  }

  private argumentValue(arg: GraphQLArgument, depth: number): string {
    const value = this.value(arg.type, depth);
    if (this.rng.chance(0.25)) return this.literal(value, arg.type);
    const name = `v${this.vars.length}`;
    // Now and then the variable is declared with a type other than the argument's.
    const declared = this.rng.chance(0.05) ? this.rng.pick(['Int', 'String!', '[ID]', 'Boolean', 'Float!']) : String(arg.type);
    this.vars.push({ name, type: declared, value });
    return `$${name}`;
  }

  private selectionSet(type: GraphQLNamedType, depth: number): string {
    if (isLeafType(type)) return this.rng.chance(0.02) ? ' { id }' : '';
    if (!isObjectType(type) && !isInterfaceType(type)) return ' { __typename }';
    const fields = Object.values((type as GraphQLObjectType).getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)));
    const parts = ['__typename'];
    for (let i = 0; i < 3 && leaves.length; i++) parts.push(this.rng.pick(leaves).name);
    if (this.rng.chance(0.03)) parts.push('noSuchField');
    const objects = fields.filter((f) => !isLeafType(getNamedType(f.type)));
    if (depth < 3 && objects.length) {
      for (let i = this.rng.int(3); i > 0; i--) parts.push(this.fieldSelection(this.rng.pick(objects), depth));
    }
    return ` { ${[...new Set(parts)].join(' ')} }`;
  }

  value(type: GraphQLInputType, depth: number): unknown {
    if (this.rng.chance(0.06)) return this.wrongValue(depth);
    if (isNonNullType(type)) return this.rng.chance(0.02) ? null : this.value(type.ofType, depth);
    if (this.rng.chance(0.08)) return null;
    if (isListType(type)) {
      const n = this.rng.chance(0.01) ? 2_000 : this.rng.int(4);
      return Array.from({ length: n }, () => this.value(type.ofType, depth + 1));
    }
    if (isEnumType(type)) return this.rng.chance(0.85) ? this.rng.pick(type.getValues()).name : this.rng.pick(['', 'NOPE', 'admin', 'platform_admin', '0']);
    if (isInputObjectType(type)) {
      if (depth > 6) return {};
      const out: Record<string, unknown> = {};
      for (const f of Object.values(type.getFields())) {
        if (isNonNullType(f.type) || this.rng.chance(0.5)) out[f.name] = this.value(f.type, depth + 1);
      }
      if (this.rng.chance(0.04)) out[this.rng.pick(['extra', '__proto__', 'role', 'id'])] = this.rng.pick(HOSTILE_STRINGS);
      return out;
    }
    if (isScalarType(type)) return this.scalar(type.name);
    return null;
  }

  private scalar(name: string): unknown {
    switch (name) {
      case 'ID':
        return this.id();
      case 'Int':
        return this.rng.pick([0, 1, -1, 2, 7, 50, 100, 101, 1000, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, -0.0001]);
      case 'Float':
        return this.rng.pick([0, -1, 0.5, 1e-9, 45.75, 126.63, 1e308, -1e308, 181, -91, 3.4e38]);
      case 'Boolean':
        return this.rng.chance(0.5);
      case 'DateTime':
        return this.rng.pick(['2026-11-23T08:00:00Z', '2026-11-23T08:00:00+08:00', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T00:00:00Z', 'yesterday', '', '2026-11-23']);
      case 'LocalDate':
        return this.rng.pick(['2026-11-23', '2026-02-29', '2028-02-29', '0001-01-01', '9999-12-31', '2026-13-01', '23/11/2026', '']);
      default:
        return this.string();
    }
  }

  private string(): string {
    if (this.rng.chance(0.003)) return 'x'.repeat(300_000);
    if (this.rng.chance(0.6)) return this.rng.pick(HOSTILE_STRINGS);
    return Array.from({ length: this.rng.int(40) }, () => String.fromCodePoint(this.rng.chance(0.7) ? 32 + this.rng.int(95) : this.rng.int(0x10ffff))).join('');
  }

  private id(): string {
    const roll = this.rng.next();
    if (roll < 0.45 && this.ids.existing.length) return this.rng.pick(this.ids.existing);
    // A real id of the wrong type: the same number, another type name.
    if (roll < 0.6 && this.ids.existing.length) {
      const [, n] = Buffer.from(this.rng.pick(this.ids.existing), 'base64url').toString().split(':');
      return b64(`${this.rng.pick(this.ids.typeNames)}:${n}`);
    }
    // Well formed but nowhere: numbers far above anything the suite creates.
    if (roll < 0.75) return b64(`${this.rng.pick(this.ids.typeNames)}:${1_000_000_000 + this.rng.int(1_000_000)}`);
    return this.rng.pick([b64('Region:-1'), b64('Region:1.5'), b64('Region:'), b64(':'), b64('Region:1e3'), b64('Region:0x10'), b64("Region:1'--"), 'not-base64!', '', '0', '1', ...HOSTILE_STRINGS.slice(0, 30)]);
  }

  private wrongValue(depth: number): unknown {
    const nested = (n: number): unknown => (n === 0 ? 'bottom' : { a: nested(n - 1) });
    return this.rng.pick<unknown>([{}, [], [[]], 0, -1, 1.5, true, 'str', { id: 1 }, nested(Math.min(60, 20 + depth)), 2 ** 64, '💥'.repeat(100), [null], { __typename: 'Account' }]);
  }

  /** A JavaScript value as a GraphQL literal; enum values bare when the type asks for one. */
  literal(value: unknown, type?: GraphQLInputType): string {
    const named = type ? getNamedType(type) : undefined;
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'string') return named && isEnumType(named) && /^[A-Z_]+$/.test(value) ? value : JSON.stringify(value);
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
    if (typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) {
      const item = type && isListType(isNonNullType(type) ? type.ofType : type) ? ((isNonNullType(type) ? type.ofType : type) as { ofType: GraphQLInputType }).ofType : undefined;
      return `[${value.slice(0, 50).map((v) => this.literal(v, item)).join(', ')}]`;
    }
    const fields = named && isInputObjectType(named) ? named.getFields() : {};
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([k]) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(k))
      .map(([k, v]) => `${k}: ${this.literal(v, fields[k]?.type)}`)
      .join(', ')}}`;
  }
}
