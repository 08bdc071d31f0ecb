// Copying a 200 MB ignored tree into a new worktree (setup.copy), against `cp -r --reflink=auto` of
// the same tree: the copy-on-write clone where the file system has one, else a plain copy, for both.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareMs, git, newRepo, note, report } from './lib.mjs';

export function benchCopy({ files = 2_000, bytes = 100_000 } = {}) {
  const repo = newRepo();
  writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'ignore');
  const blob = Buffer.alloc(bytes, 7);
  for (let i = 0; i < files; i++) {
    const dir = join(repo, 'node_modules', `pkg${i % 200}`, 'lib');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i}.js`), blob);
  }
  const target = `${repo}-copy`;
  const copier = new URL('../dist/lifecycle/include-files.js', import.meta.url).href;
  const script = `import(${JSON.stringify(copier)}).then((m) => m.copyIncludedFiles(${JSON.stringify(repo)}, ${JSON.stringify(target)}, ${JSON.stringify(['node_modules/**'])}))`;
  const [floor, ours] = compareMs(
    [
      { cmd: 'sh', args: ['-c', `rm -rf "${target}" && mkdir -p "${target}" && cp -r --reflink=auto "${repo}/node_modules" "${target}/"`], cwd: repo },
      { cmd: 'sh', args: ['-c', `rm -rf "${target}" && mkdir -p "${target}" && "${process.execPath}" -e '${script}'`], cwd: repo },
    ],
    5,
  );
  // the copy must have happened: a command that failed fast would look fast
  const copied = spawnSync('sh', ['-c', `find "${target}/node_modules" -type f | wc -l`], { encoding: 'utf8' }).stdout.trim();
  if (Number(copied) !== files) throw new Error(`the copy holds ${copied} files, not ${files}`);
  report(`setup.copy: an ignored tree of ${files} files, ${Math.round((files * bytes) / 1e6)} MB, into a new worktree (medians, interleaved)`, [
    { name: 'floor: cp -r --reflink=auto', ms: floor },
    { name: 'agent-guard (git ls-files, copy-on-write copy per file)', ms: ours, floor, goal: '≤ 1.2×' },
  ]);
  note('Both copy the bytes where the file system has no reflink (as here); both clone where it has.');
  rmSync(repo, { recursive: true, force: true });
  rmSync(target, { recursive: true, force: true });
  return { floor, ours };
}
