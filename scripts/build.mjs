// npm run build: the ESM build and the hooks' CommonJS build at once (two cores, ~half the time),
// then postbuild. Any failure fails the build with tsc's own output.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true }); // no stale module from a moved file

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compile = (project) =>
  new Promise((resolve) => spawn(process.execPath, [tsc, '-p', project], { stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1)));
const codes = await Promise.all([compile('tsconfig.json'), compile('tsconfig.hook.json')]);
if (codes.some((code) => code !== 0)) process.exit(1);
await import('./postbuild.mjs');
