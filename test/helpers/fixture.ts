import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Built repositories, kept per worker (its test files share them) and copied for each test: building one (init, spawn)
 * costs node and git processes, copying it costs none. A copy is a real repository: its absolute
 * paths (worktree links, per-worktree hooksPath, hooks, manifests) are rewritten to the new place,
 * which has the same length as the old one (mkdtemp), so no byte offset moves.
 */
const templates = new Map<string, string>();
// They stay for the worker's later test files (the run's TMPDIR, removed at its end, holds them).

/** A fresh copy of the repository `build` makes (once per key and worker); returns its root. */
export function copyOfFixture(key: string, build: () => string): string {
  let template = templates.get(key);
  if (!template) {
    template = build();
    templates.set(key, template);
  }
  const root = mkdtempSync(join(tmpdir(), 'ag-repo-'));
  if (root.length !== template.length) throw new Error(`fixture paths differ in length: ${template} ${root}`);
  cpSync(template, root, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  if (existsSync(`${template}.agents`)) cpSync(`${template}.agents`, `${root}.agents`, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  for (const dir of [root, `${root}.agents`]) rewritePaths(dir, Buffer.from(template), Buffer.from(root));
  return root;
}

function rewritePaths(dir: string, from: Buffer, to: Buffer): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) {
      if (name !== 'objects' && name !== 'node_modules') rewritePaths(path, from, to);
      continue;
    }
    const bytes = readFileSync(path);
    if (bytes.indexOf(from) < 0) continue;
    let at = 0;
    for (let i = bytes.indexOf(from, at); i >= 0; i = bytes.indexOf(from, at)) {
      to.copy(bytes, i);
      at = i + to.length;
    }
    writeFileSync(path, bytes);
  }
}
