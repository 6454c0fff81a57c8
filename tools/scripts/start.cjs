#!/usr/bin/env node
// `npm start`: builds the apps, prepares the embedded defaults (`reco setup`: migrate, demo data,
// a trained model), then runs the backend in the foreground. Everything it creates lives under
// DATA_DIR (default ./data). Ctrl-C stops the server gracefully.
const { spawnSync, spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'backend', 'cli', '--outputStyle=static']);
run(process.execPath, [path.join(root, 'apps/cli/dist/main.js'), 'setup']);
const backend = spawn(process.execPath, [path.join(root, 'apps/backend/dist/main.js')], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => backend.kill(signal));
backend.on('exit', (code) => process.exit(code ?? 0));
