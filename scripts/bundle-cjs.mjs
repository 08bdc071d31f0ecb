// The hooks' entries as single files: the CommonJS build of hook-entry.js / guard-entry.js and every
// module of this package they reach, in one file (the guard's rarely used part in a second one). A
// hook starts node on every commit or tool call; loading ~25 small files costs ~30 ms of path
// resolution and file reads here, one file a fraction.
// Packages (micromatch, picocolors…) stay ordinary requires. `import.meta.url` (tsc leaves it as
// written, see src/io/package-root.ts) becomes the URL of the module's ESM twin in dist/.
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix, sep } from 'node:path';

const REQUIRE = /require\((["'])(\.{1,2}\/[^"']+)\1\)/g;
// tsc's CommonJS form of `await import('./x.js')`: a module needed only on some paths
const DYNAMIC = /Promise\.resolve\(\)\.then\(\(\) => __importStar\(require\((["'])(\.{1,2}\/[^"']+)\1\)\)\)/g;

/**
 * The entry and every module it reaches, as one file; with `split`, a second one (`NAME.cold.js`) for
 * the modules reached only through a dynamic `import()` (and what they alone need): node compiles the
 * whole of a file it loads, so code a run may not need (the guard's shell judge on an Edit) is
 * compiled only when a run first asks for it. Worth it only where most runs leave that code alone:
 * the pre-commit hook needs its dynamic imports on every commit.
 */
export function bundle(root, entry, { split = false } = {}) {
  const modules = new Map();
  const eager = new Map();
  const visit = (file) => {
    if (modules.has(file)) return;
    const code = readFileSync(join(root, file), 'utf8');
    modules.set(file, code);
    const dir = posix.dirname(file);
    const resolve = (spec) => posix.normalize(posix.join(dir, spec));
    // a require inside a dynamic import's text is not one a run makes when it loads the module
    const dynamic = [...code.matchAll(DYNAMIC)].map((m) => [m.index, m.index + m[0].length]);
    const requires = [...code.matchAll(REQUIRE)];
    eager.set(file, requires.filter((m) => !dynamic.some(([from, to]) => m.index >= from && m.index < to)).map(([, , spec]) => resolve(spec)));
    for (const [, , spec] of requires) visit(resolve(spec));
  };
  visit(entry);
  // what a run of the entry loads before any dynamic import
  const hot = new Set();
  const warm = (file) => {
    if (hot.has(file)) return;
    hot.add(file);
    for (const dep of eager.get(file) ?? []) warm(dep);
  };
  if (split) warm(entry);
  else for (const file of modules.keys()) hot.add(file);
  const functions = (files) =>
    files
      .map(([file, code]) => {
        const body = code.replace(/^#!.*\n/, '').replaceAll('import.meta.url', `__esmUrl(${JSON.stringify(file)})`);
        return `${JSON.stringify(file)}: function (module, exports, require) {\n${body}\n}`;
      })
      .join(',\n');
  const hotFiles = [...modules].filter(([file]) => hot.has(file));
  const coldFiles = [...modules].filter(([file]) => !hot.has(file));
  const cold = coldFiles.length ? `./${posix.basename(entry).replace(/\.js$/, '.cold.js')}` : null;
  const rootOf = `require('path').join(__dirname, ${JSON.stringify(posix.relative(posix.dirname(entry), '.') || '.')})`;
  const esmUrl = `const __esmUrl = (file) => require('url').pathToFileURL(require('path').join(${rootOf}, '..', file)).href;`;
  const loader = `
const __files = {\n${functions(hotFiles)}\n};
const __done = {};
const __path = require('path').posix;
${esmUrl}
function __load(file) {
  if (__done[file]) return __done[file].exports;
  ${cold ? `if (!__files[file]) Object.assign(__files, require(${JSON.stringify(cold)}));` : ''}
  const module = (__done[file] = { exports: {} });
  const dir = __path.dirname(file);
  __files[file].call(module.exports, module, module.exports, (spec) => (spec.startsWith('.') ? __load(__path.normalize(__path.join(dir, spec))) : require(spec)));
  return module.exports;
}
__load(${JSON.stringify(entry)});
`;
  const coldCode = cold ? asciiOnly(`'use strict';\n${esmUrl}\nmodule.exports = {\n${functions(coldFiles)}\n};\n`, entry) : null;
  return { code: asciiOnly(`#!/usr/bin/env node\n'use strict';${loader}`, entry), count: modules.size, cold: cold && { file: posix.join(posix.dirname(entry), cold), code: coldCode } };
}

/**
 * The bundle with every character past ASCII (a few dashes, arrows and ellipses in messages and
 * comments) written as a \u escape, which means the same in strings, templates, regexes and comments:
 * node then reads the file into a one-byte string, not a two-byte one twice its size, and each start
 * of the CLI parses it ~10 ms faster (measured on `status --json`). A backslash right before such a
 * character would turn into an escaped backslash, so it stops the build instead.
 */
function asciiOnly(code, entry) {
  if (/\\[^\x00-\x7f]/.test(code)) throw new Error(`${entry}: a backslash before a non-ASCII character; write that character as an escape in the source`);
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Replaces each entry in `root` with its bundle (the hooks and Claude Code settings name these files)
 * and removes the other modules: every one of them is inside a bundle, and the package ships less.
 */
export function bundleEntries(root, entries, { split = [] } = {}) {
  const bundles = entries.map((entry) => [entry, bundle(root, entry, { split: split.includes(entry) })]);
  for (const file of readdirSync(root, { recursive: true })) {
    if (file.endsWith('.js') && !entries.includes(file.split(sep).join('/'))) rmSync(join(root, file));
  }
  for (const [entry, { code, cold }] of bundles) {
    writeFileSync(join(root, entry), code);
    chmodSync(join(root, entry), 0o755); // the bin runs as a program (writeFileSync's mode applies only to a new file)
    if (cold) writeFileSync(join(root, cold.file), cold.code);
  }
}
