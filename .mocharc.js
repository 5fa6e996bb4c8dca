module.exports = {
  require: ['./src/register.js', './test/support/hooks.ts'],
  spec: ['test/**/*.spec.ts'],
  extension: ['ts'],
  timeout: 30000,
  exit: true,
};
