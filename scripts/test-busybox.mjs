// npm run test:busybox: the hook tests again with busybox's applets first on the PATH (sed, grep,
// cat, mktemp, sh for `sh -c`…), close to the small userlands of Alpine and the BSD tools of macOS
// that a hook meets. The hooks' own #!/bin/sh is dash here. Needs busybox and a built dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const busybox = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).stdout.trim();
if (!busybox) {
  console.log('busybox is not installed (apt-get install busybox); .ci/run installs it');
  process.exit(1);
}
const applets = spawnSync(busybox, ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter((a) => a && a !== 'busybox');
const bin = mkdtempSync(join(tmpdir(), 'ag-busybox-'));
for (const applet of applets) symlinkSync(busybox, join(bin, applet));
console.log(`${applets.length} busybox applets first on the PATH (${bin})`);
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const files = ['test/integration/hooks.test.ts', 'test/integration/any-worktree.test.ts', 'test/integration/existing-hooks.test.ts', 'test/integration/check-staged.test.ts'];
const result = spawnSync(process.execPath, [vitest, 'run', ...files, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
rmSync(bin, { recursive: true, force: true });
process.exit(result.status ?? 1);
