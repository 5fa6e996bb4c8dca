import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, lexicographicSortSchema, printSchema } from 'graphql';
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

  it('keeps the names of the core contract', () => {
    const printed = printSchema(schema);
    for (const name of ['interface Node', 'interface Region', 'type District implements Node & Region', 'type Grid implements Node & Region', 'type UserError', 'enum ErrorCode', 'enum RegionLevel', 'enum Role', 'type Account implements Node', 'type PageInfo']) {
      expect(printed).to.contain(name);
    }
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    expect(mutations).to.include.members(['login', 'accountCreate', 'accountDisable', 'regionCreate', 'regionUpdate', 'regionMove']);
    const queries = Object.keys(schema.getQueryType()!.getFields());
    expect(queries).to.include.members(['node', 'viewer', 'districts', 'regionByCode']);
  });
});
