import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildAppSchema } from '../server/schema';

/** `schema:print` writes schema/schema.graphql from the code; `schema:check` fails when the file is stale. */
const file = path.join(__dirname, '..', '..', 'schema', 'schema.graphql');
const header = '# Printed from the code by `npm run schema:print`; do not edit. `npm run schema:check` fails when stale.\n\n';
const printed = header + printSchema(lexicographicSortSchema(buildAppSchema())) + '\n';

const mode = process.argv[2];
if (mode === 'print') {
  fs.writeFileSync(file, printed);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
} else if (mode === 'check') {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== printed) {
    console.error('schema/schema.graphql is stale: run `npm run schema:print` and commit it');
    process.exit(1);
  }
  console.log('schema/schema.graphql is up to date');
} else {
  console.error('usage: schema.ts print|check');
  process.exit(2);
}
