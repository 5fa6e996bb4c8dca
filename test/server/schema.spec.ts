import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { Kind, isEnumType, isInputObjectType, isInterfaceType, isObjectType, lexicographicSortSchema, parse, print, printSchema } from 'graphql';
import { nodeSources } from '../../src/core/relay';
import { buildAppSchema } from '../../src/server/schema';

describe('schema', () => {
  const schema = buildAppSchema();

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).to.deep.equal([]);
  });

  it('matches the committed schema/schema.graphql', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(committed).to.contain(printSchema(lexicographicSortSchema(schema)));
  });

  it('serves every type, field, argument and enum value of the core contract with the same types', () => {
    // The shared contract when it sits beside the repository (CI), else the copy kept in schema/.
    const shared = path.join(__dirname, '..', '..', '..', 'shared', 'api-contract.graphql');
    const contract = parse(fs.readFileSync(fs.existsSync(shared) ? shared : path.join(__dirname, '..', '..', 'schema', 'api-contract.graphql'), 'utf8'));
    const problems: string[] = [];
    for (const def of contract.definitions) {
      if (!('name' in def) || !def.name) continue;
      const name = def.name.value;
      const ours = schema.getType(name);
      if (!ours) {
        problems.push(`missing type ${name}`);
        continue;
      }
      if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
        const values = isEnumType(ours) ? ours.getValues().map((v) => v.name) : [];
        for (const v of def.values ?? []) if (!values.includes(v.name.value)) problems.push(`missing ${name}.${v.name.value}`);
        continue;
      }
      if (!('fields' in def) || !(isObjectType(ours) || isInterfaceType(ours) || isInputObjectType(ours))) continue;
      const fields = ours.getFields();
      for (const f of def.fields ?? []) {
        const field = fields[f.name.value];
        if (!field) {
          problems.push(`missing ${name}.${f.name.value}`);
          continue;
        }
        if (String(field.type) !== print(f.type)) problems.push(`${name}.${f.name.value}: ${String(field.type)} instead of ${print(f.type)}`);
        for (const a of 'arguments' in f ? (f.arguments ?? []) : []) {
          const arg = 'args' in field ? field.args.find((x) => x.name === a.name.value) : undefined;
          if (!arg) problems.push(`missing ${name}.${f.name.value}(${a.name.value})`);
          else if (String(arg.type) !== print(a.type)) problems.push(`${name}.${f.name.value}(${a.name.value}): ${String(arg.type)} instead of ${print(a.type)}`);
        }
      }
      if ('interfaces' in def && isObjectType(ours)) {
        const mine = ours.getInterfaces().map((i) => i.name);
        for (const i of def.interfaces ?? []) if (!mine.includes(i.name.value)) problems.push(`${name} does not implement ${i.name.value}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('can fetch every Node type through node(id): each has a node source', () => {
    const served = new Set(nodeSources.flatMap((source) => source.types));
    const nodeTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node'));
    expect(nodeTypes.length).to.be.greaterThan(20);
    expect(nodeTypes.map((t) => t.name).filter((name) => !served.has(name))).to.deep.equal([]);
  });
});
