// npm test: the build, then vitest with any arguments given. The tests start once the JavaScript is
// built; tsc's type-check (the slow part of the build, and all computation) runs beside them, as they
// mostly wait on git and node processes. A type error still fails npm test. The packed-package test
// packs dist/ only once tsc has written the declarations: AGENT_GUARD_DECLARATIONS names the file
// that holds tsc's exit code once it has one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from './build.mjs';

let declarations;
try {
  ({ declarations } = await build());
} catch {
  process.exit(1);
}
const folder = mkdtempSync(join(tmpdir(), 'agent-guard-declarations-'));
const marker = join(folder, 'tsc-exit-code');
const typesChecked = declarations.then((code) => {
  writeFileSync(marker, String(code));
  if (code !== 0) console.error('npm test: the type-check failed (tsc above); the tests that need the declarations fail with it.');
  return code;
});

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const tests = spawn(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, AGENT_GUARD_DECLARATIONS: marker } });
const testsPassed = new Promise((resolve) => tests.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
const [types, testCode] = await Promise.all([typesChecked, testsPassed]);
rmSync(folder, { recursive: true, force: true });
process.exit(types || testCode);
