import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitBatch } from '../../src/git/batch.js';
import { discard } from '../helpers/discard.js';

const root = mkdtempSync(join(tmpdir(), 'ag-batch-'));
afterAll(() => discard(root));

describe('gitBatch', () => {
  it('runs each job in its folder (names with spaces and quotes are safe) and returns stdout or null', async () => {
    const dirs = ["a b", "it's", '$(touch pwned)'].map((name) => join(root, name));
    for (const dir of dirs) {
      mkdirSync(dir);
      execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
      writeFileSync(join(dir, 'file'), 'x');
    }
    const results = await gitBatch([
      ...dirs.map((cwd) => ({ cwd, args: ['status', '--porcelain=v1', '-z', '--untracked-files=all'] })),
      { cwd: dirs[0]!, args: ['rev-parse', '--verify', 'nope^{commit}'] },
    ]);
    expect(results).toEqual(['?? file\0', '?? file\0', '?? file\0', null]);
    expect(() => execFileSync('test', ['-e', join(root, 'pwned')])).toThrow();
  });

  it("limits a job to its pathspecs, passed as they are (spaces, quotes, a leading dash, non-ASCII)", async () => {
    const dir = join(root, 'specs');
    mkdirSync(dir);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    for (const folder of ['a b', "it's", '-x', 'né', 'other']) {
      mkdirSync(join(dir, folder));
      writeFileSync(join(dir, folder, 'f'), 'x');
    }
    const specs = ['a b', "it's", '-x', 'né'].map((folder) => `:(literal)${folder}`);
    const [limited, whole] = await gitBatch([
      { cwd: dir, args: ['status', '--porcelain=v1', '-z', '--untracked-files=all'], paths: specs },
      { cwd: dir, args: ['status', '--porcelain=v1', '-z', '--untracked-files=all'] },
    ]);
    expect(limited!.split('\0').filter(Boolean).sort()).toEqual(['?? -x/f', '?? a b/f', "?? it's/f", '?? né/f']);
    expect(whole!.split('\0').filter(Boolean)).toHaveLength(5);
  });

  it('refuses arguments that are not plain tokens', async () => {
    await expect(gitBatch([{ cwd: root, args: ['log', '--format=%H; rm -rf /'] }])).rejects.toThrow(/not a plain token/);
  });
});
