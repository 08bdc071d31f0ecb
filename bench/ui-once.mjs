// Started by bench/ui.mjs (with the young generation `agent-guard ui` runs with): agent-guard ui's
// server in this process, then the time of its first data (or, with `updates N`, N updates of the
// data with a commit before each, then the process's memory).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [root, mode = 'first', count = '0', worktree = ''] = process.argv.slice(2);
const { startUiServer } = await import(new URL('../dist/ui/server.js', import.meta.url).href);
const { uiData } = await import(new URL('../dist/ui/data.js', import.meta.url).href);
const page = readFileSync(new URL('../dist/ui.html', import.meta.url), 'utf8');
const ui = await startUiServer({ mainRoot: root, commonDir: join(root, '.git'), host: '127.0.0.1', port: 0, token: 't'.repeat(32), allowActions: false, page });
const get = async () => {
  const res = await fetch(`http://127.0.0.1:${ui.port}/api/data?token=${'t'.repeat(32)}`);
  return res.json();
};
if (mode === 'first') {
  // the page's first request to a server that is up: what it waits for before it shows anything
  const started = performance.now();
  const data = await get();
  const ms = performance.now() - started;
  if (!data.ok || data.status.agents.length === 0) throw new Error('no data');
  console.log(JSON.stringify({ ms, partial: data.partial === true }));
} else {
  const heap = [];
  for (let i = 0; i < Number(count); i++) {
    writeFileSync(join(worktree, 'pkg0', `update ${i % 20}.ts`), `// ${i}\n`);
    execFileSync('git', ['-C', worktree, 'add', '-A']);
    execFileSync('git', ['-C', worktree, '-c', 'core.hooksPath=/dev/null', '-c', 'gc.auto=0', 'commit', '-q', '-m', `update ${i}`]);
    const data = await uiData(root);
    if (!data.ok) throw new Error('no data');
    globalThis.gc?.(); // as the server does after each remake
    if (i % 25 === 0) heap.push(Math.round(process.memoryUsage().heapUsed / 1e6));
  }
  console.log(JSON.stringify({ rss: Math.round(process.memoryUsage().rss / 1e6), heap }));
}
await ui.close();
