// Loaded with `node -r`: decorator metadata needs reflect-metadata before any entity or type is
// defined, and ts-node (not esbuild/tsx) because only tsc emits that metadata.
require('reflect-metadata');
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
