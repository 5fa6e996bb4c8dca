// `npm install` / `npm ci` run this (package.json "prepare"), so that `npm install && npm start`
// serves the console. An install without dev dependencies (--omit=dev) has no Vite: it says so and
// lets the install finish; the server then answers /console with 503 until the console is built.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
if (!fs.existsSync(path.join(root, 'node_modules', 'vite', 'package.json'))) {
  console.log('console: Vite is not installed (dev dependencies omitted); /console stays unbuilt. Build it with `npm run build:console` where dev dependencies are installed.');
  process.exit(0);
}
execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', 'build:console'], { cwd: root, stdio: 'inherit' });
