// Runs before `npm start`: compile when dist/ is missing or older than a source file,
// so `npm install && npm start` works on a fresh clone.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'main.js');

function newestSourceMtime(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    const mtime = item.isDirectory() ? newestSourceMtime(full) : fs.statSync(full).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

const stale =
  !fs.existsSync(entry) ||
  fs.statSync(entry).mtimeMs < newestSourceMtime(path.join(root, 'service', 'src'));
if (stale) execSync('npm run build', { cwd: root, stdio: 'inherit' });
