/**
 * Imported first by bench/query-path.ts and bench/query-path/server.ts, before anything loads
 * graphql: graphql-js fixes its `instanceOf` at load time, with an extra cross-realm check on every
 * failed `instanceof` unless NODE_ENV is "production" (several % of execution time). A deployed
 * server runs with NODE_ENV=production, so that is the default here; set NODE_ENV to measure
 * another mode (the JSON report records which one ran).
 */
process.env.NODE_ENV ??= 'production';

export const NODE_ENV = process.env.NODE_ENV;
