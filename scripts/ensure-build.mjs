// Builds dist/ when it is missing or older than any source file, so `npm start` always runs current code:
// the server (nest build) and the web client (vite build into dist/web/app), each only when stale.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir, skip = '') {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip && path === skip) continue;
    latest = Math.max(latest, entry.isDirectory() ? newest(path, skip) : statSync(path).mtimeMs);
  }
  return latest;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const CLIENT = join('src', 'web', 'client');
const server = mtime('dist/main.js');
if (!server || newest('src', CLIENT) > server) {
  console.log('Building the server (nest build)…');
  execSync('npx nest build', { stdio: 'inherit' });
}
const client = mtime('dist/web/app/index.html');
if (!client || Math.max(newest(CLIENT), mtime('vite.config.ts')) > client) {
  console.log('Building the web client (vite build)…');
  execSync('npx vite build', { stdio: 'inherit' });
}
