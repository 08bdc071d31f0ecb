// The hooks' entries as single files: the CommonJS build of hook-entry.js / guard-entry.js and every
// module of this package they reach, in one file. A hook starts node on every commit or tool call;
// loading ~25 small files costs ~30 ms of path resolution and file reads here, one file a fraction.
// Packages (micromatch, picocolors…) stay ordinary requires. `import.meta.url` (tsc leaves it as
// written, see src/io/package-root.ts) becomes the URL of the module's ESM twin in dist/.
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix, sep } from 'node:path';

const REQUIRE = /require\((["'])(\.{1,2}\/[^"']+)\1\)/g;

export function bundle(root, entry) {
  const modules = new Map();
  const visit = (file) => {
    if (modules.has(file)) return;
    const code = readFileSync(join(root, file), 'utf8');
    modules.set(file, code);
    for (const [, , spec] of code.matchAll(REQUIRE)) visit(posix.normalize(posix.join(posix.dirname(file), spec)));
  };
  visit(entry);
  const body = [...modules]
    .map(([file, code]) => {
      const body = code.replace(/^#!.*\n/, '').replaceAll('import.meta.url', `__esmUrl(${JSON.stringify(file)})`);
      return `${JSON.stringify(file)}: function (module, exports, require) {\n${body}\n}`;
    })
    .join(',\n');
  const loader = `
const __files = {\n${body}\n};
const __done = {};
const __path = require('path').posix;
const __root = require('path').join(__dirname, ${JSON.stringify(posix.relative(posix.dirname(entry), '.') || '.')});
const __esmUrl = (file) => require('url').pathToFileURL(require('path').join(__root, '..', file)).href;
function __load(file) {
  if (__done[file]) return __done[file].exports;
  const module = (__done[file] = { exports: {} });
  const dir = __path.dirname(file);
  __files[file].call(module.exports, module, module.exports, (spec) => (spec.startsWith('.') ? __load(__path.normalize(__path.join(dir, spec))) : require(spec)));
  return module.exports;
}
__load(${JSON.stringify(entry)});
`;
  return { code: asciiOnly(`#!/usr/bin/env node\n'use strict';${loader}`, entry), count: modules.size };
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
export function bundleEntries(root, entries) {
  const bundles = entries.map((entry) => [entry, bundle(root, entry).code]);
  for (const file of readdirSync(root, { recursive: true })) {
    if (file.endsWith('.js') && !entries.includes(file.split(sep).join('/'))) rmSync(join(root, file));
  }
  for (const [entry, code] of bundles) {
    writeFileSync(join(root, entry), code);
    chmodSync(join(root, entry), 0o755); // the bin runs as a program (writeFileSync's mode applies only to a new file)
  }
}
