// npm run build: tsc type-checks and emits the ESM build (dist/) in a child process while this one
// transpiles the CommonJS entries (dist/cjs/: the bin and the hooks) file by file — the second full
// type-check a `tsc -p tsconfig.hook.json` would do (~2-3 s) is not needed for the same sources —
// then postbuild. Any failure fails the build with tsc's own output.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
rmSync(join(root, 'dist'), { recursive: true, force: true }); // no stale module from a moved file

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const esm = new Promise((resolve) => spawn(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1)));

/** tsconfig.hook.json's entries and every module of this package they require, as CommonJS. */
function transpileCommonJs() {
  const ts = require('typescript');
  const { config, error } = ts.readConfigFile(join(root, 'tsconfig.hook.json'), ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options, fileNames, errors } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  if (errors.length) throw new Error(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('\n'));
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
    for (const [, , spec] of outputText.matchAll(/require\((["'])(\.{1,2}\/[^"']+)\.js\1\)/g)) queue.push(posix.normalize(posix.join(posix.dirname(file), `${spec}.ts`)));
  }
}

let cjsFailed = false;
try {
  transpileCommonJs();
} catch (error) {
  console.error(`CommonJS build: ${error.message}`);
  cjsFailed = true;
}
if ((await esm) !== 0 || cjsFailed) process.exit(1);
await import('./postbuild.mjs');
