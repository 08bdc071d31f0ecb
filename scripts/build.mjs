// npm run build: every module transpiled file by file — the ESM build (dist/) and the CommonJS
// entries with what they require (dist/cjs/: the bin and the hooks) — then postbuild, then tsc
// type-checks and writes the declarations (dist/**/*.d.ts). tsconfig's isolatedModules makes tsc
// refuse any module whose JavaScript a file-by-file transpile could get wrong, so this is the
// JavaScript tsc itself would write. Any failure fails the build with tsc's own output. npm test
// (scripts/test.mjs) starts the tests once the JavaScript is built, while tsc runs.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
// TypeScript's compiler is long-running cold JavaScript that allocates a lot: V8's default four
// helper threads (background compiling, parallel garbage collection) contend for two cores with the
// compiler itself; one helper leaves them to it. package.json runs the build and the tests' runner
// with it too.
const V8_ONE_HELPER = ['--v8-pool-size=1'];
const require = createRequire(import.meta.url);

/**
 * Builds dist/. Resolves once the JavaScript is written (it throws, with the reason printed, if it
 * could not be); `declarations` then settles with tsc's exit code (0: the types check and the
 * declarations are written).
 */
export async function build() {
  rmSync(join(root, 'dist'), { recursive: true, force: true }); // no stale module from a moved file
  try {
    transpile('tsconfig.json', { module: 'ES2022', moduleResolution: 'Bundler' }); // tsc's ESM emit for NodeNext, byte for byte
    transpile('tsconfig.hook.json', {}, { followRequires: true });
  } catch (error) {
    console.error(`build: ${error.message}`);
    throw new Error('the JavaScript build failed');
  }
  await import('./postbuild.mjs');
  const tsc = spawn(process.execPath, [...V8_ONE_HELPER, require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--emitDeclarationOnly'], { cwd: root, stdio: 'inherit' });
  const declarations = new Promise((resolve) => tsc.on('exit', (code) => resolve(code ?? 1)));
  return { declarations };
}

/**
 * Transpiles the files of a tsconfig (`followRequires`: and every module of this package they
 * require) to its outDir, with `overrides` on its compiler options.
 */
function transpile(project, overrides, { followRequires = false } = {}) {
  const ts = require('typescript');
  const { config, error } = ts.readConfigFile(join(root, project), ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent({ ...config, compilerOptions: { ...config.compilerOptions, ...overrides } }, ts.sys, root);
  if (parsed.errors.length) throw new Error(parsed.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('\n'));
  const { options, fileNames } = parsed;
  const src = join(root, 'src');
  const done = new Set();
  const queue = fileNames.map((file) => posix.relative(src, file));
  while (queue.length) {
    const file = queue.pop();
    if (done.has(file)) continue;
    done.add(file);
    const { outputText, diagnostics } = ts.transpileModule(readFileSync(join(src, file), 'utf8'), { compilerOptions: options, fileName: join(src, file), reportDiagnostics: true });
    if (diagnostics?.length) throw new Error(`${file}: ${diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n')}`);
    const out = join(options.outDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
    if (!followRequires) continue;
    for (const [, , spec] of outputText.matchAll(/require\((["'])(\.{1,2}\/[^"']+)\.js\1\)/g)) queue.push(posix.normalize(posix.join(posix.dirname(file), `${spec}.ts`)));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { declarations } = await build();
    process.exitCode = await declarations;
  } catch {
    process.exitCode = 1;
  }
}
