// `npm start`: builds and launches the desktop app on the workspace in the user-data folder.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { electronBinaryOrNull } from './electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '..');
const exe = electronBinaryOrNull();
if (!exe) {
  console.error('本机没有 Electron 运行文件（离线环境无法下载），桌面版无法启动；请改用 npm run web 在浏览器中打开工作台。');
  process.exit(1);
}
for (const step of [['npm', ['run', '-s', 'build:renderer']], ['npm', ['run', '-s', 'build:electron']]]) {
  const r = spawnSync(step[0], step[1], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(exe, [path.join(root, 'dist', 'electron', 'main.cjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
