import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { discard } from './discard.js';
import { runToEnd } from './spawner.js';
import { copyOfFixture } from './fixture.js';

export interface TestRepo {
  path: string;
  git(...args: string[]): string;
  write(file: string, content?: string): void;
  /** Writes agent-guard.config.json. */
  config(config: unknown): void;
  /**
   * Stages everything and commits, without running git hooks; returns the new sha. For setup (the
   * human's commits, or agent commits a test needs to exist): tests of the hooks commit with
   * `git commit` themselves, where the hooks run as they would for a person.
   */
  commitAll(message: string): string;
  remove(): void;
}

// A hooks folder that does not exist: git then runs no hook (a -c setting outranks every config file).
const NO_HOOKS = join(tmpdir(), 'no-hooks-here');

/** A real temporary git repository on branch main, with its own identity and no outside git config. */
export function makeRepo(): TestRepo {
  // `git init` once per worker; each test gets a copy of that fresh repository.
  return repoAt(copyOfFixture('empty repository', () => {
    const repo = repoAt(mkdtempSync(join(tmpdir(), 'ag-repo-')));
    repo.git('init', '-q', '-b', 'main');
    // The identity goes straight into .git/config: the same as three `git config` runs, without the processes.
    appendFileSync(join(repo.path, '.git', 'config'), '[user]\n\tname = Test User\n\temail = test@example.com\n[commit]\n\tgpgsign = false\n');
    return repo.path;
  }));
}

/** The helpers for an existing test repository at `path`. */
export function repoAt(path: string): TestRepo {
  const git = (...args: string[]) => {
    const result = runToEnd('git', args, { cwd: path });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed (exit ${result.status}) in ${path}:\n${result.stderr}`);
    return result.stdout;
  };
  const write = (file: string, content = `${file}\n`) => {
    mkdirSync(dirname(join(path, file)), { recursive: true });
    writeFileSync(join(path, file), content);
  };
  return {
    path,
    git,
    write,
    config: (config) => write('agent-guard.config.json', JSON.stringify(config, null, 2) + '\n'),
    commitAll(message) {
      git('add', '-A');
      git('-c', `core.hooksPath=${NO_HOOKS}`, 'commit', '-q', '--allow-empty', '-m', message);
      return headFromFiles(path) ?? git('rev-parse', 'HEAD').trim();
    },
    remove: () => discard(path),
  };
}

/** HEAD's commit read from .git (a commit has just written the branch's loose ref), or null: ask git. */
function headFromFiles(root: string): string | null {
  try {
    const head = readFileSync(join(root, '.git', 'HEAD'), 'utf8').trim();
    const sha = head.startsWith('ref: ') ? readFileSync(join(root, '.git', head.slice(5)), 'utf8').trim() : head;
    return /^[0-9a-f]{40}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}
