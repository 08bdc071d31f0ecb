import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Built repositories, shared by the run's workers and test files and copied for each test: building
 * one (init, spawn) costs node and git processes, copying it costs none. A copy is a real repository:
 * its absolute paths (worktree links, per-worktree hooksPath, hooks, manifests) are rewritten to the
 * new place, which has the same length as the old one (mkdtemp), so no byte offset moves.
 */
const templates = new Map<string, string>();
// They stay for later test files (the run's TMPDIR, removed at its end, holds them).

/**
 * A fresh copy of the repository `build` makes (once per key and run: a worker uses the one another
 * worker built and registered; two that build the same one at once keep their own); returns its root.
 */
export function copyOfFixture(key: string, build: () => string): string {
  let template = templates.get(key);
  if (!template) {
    const registry = join(tmpdir(), 'fixtures');
    const registered = join(registry, createHash('sha1').update(key).digest('hex'));
    if (existsSync(registered)) template = readFileSync(registered, 'utf8');
    else {
      template = build();
      mkdirSync(registry, { recursive: true });
      writeFileSync(`${registered}.${process.pid}`, template);
      renameSync(`${registered}.${process.pid}`, registered); // whole or not at all for the other worker
    }
    templates.set(key, template);
  }
  const root = mkdtempSync(join(tmpdir(), 'ag-repo-'));
  if (root.length !== template.length) throw new Error(`fixture paths differ in length: ${template} ${root}`);
  const paths = { from: Buffer.from(template), to: Buffer.from(root) };
  copyTree(template, root, paths);
  if (existsSync(`${template}.agents`)) {
    mkdirSync(`${root}.agents`);
    copyTree(`${template}.agents`, `${root}.agents`, paths);
  }
  return root;
}

/**
 * Copies a folder in one pass: symlinks as they are, git's object files as hard links (git never
 * changes one in place), every other file with the template's path in it rewritten, and its mode and
 * times kept (the index compares them with the files of a worktree).
 */
function copyTree(from: string, to: string, paths: { from: Buffer; to: Buffer }, inObjects = false): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isSymbolicLink()) {
      symlinkSync(readlinkSync(source), target);
    } else if (entry.isDirectory()) {
      mkdirSync(target);
      copyTree(source, target, paths, inObjects || (entry.name === 'objects' && existsSync(join(from, 'HEAD')))); // a git dir's objects
    } else if (inObjects) {
      linkSync(source, target);
    } else {
      const stat = statSync(source);
      writeFileSync(target, rewritten(readFileSync(source), paths), { mode: stat.mode & 0o777 });
      utimesSync(target, stat.atime, stat.mtime);
    }
  }
}

function rewritten(bytes: Buffer, { from, to }: { from: Buffer; to: Buffer }): Buffer {
  for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + to.length)) to.copy(bytes, at);
  return bytes;
}
