import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readTemplates } from '../../src/io/package-files.js';
import { withLefthookCommands, withPreCommitHooks } from '../../src/init/manager-configs.js';
import { discard } from '../helpers/discard.js';
import { runToEnd } from '../helpers/spawner.js';

// The managers' own validators on the real configs of test/fixtures/hook-configs, before and after
// agent-guard's entry: whatever passed before passes after.
const LEFTHOOK = fileURLToPath(new URL('../../node_modules/.bin/lefthook', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/hook-configs/', import.meta.url));
const preCommitVersion = runToEnd('pre-commit', ['--version'], { cwd: tmpdir() });
const templates = readTemplates();
const scratch = mkdtempSync(join(tmpdir(), 'ag-validators-'));
afterAll(() => discard(scratch));

describe.skipIf(preCommitVersion.status !== 0)('pre-commit validate-config (install pre-commit for this test)', () => {
  it('passes every real config with agent-guard\'s item that it passed without, in the stage names of the installed pre-commit', () => {
    const files = readdirSync(join(fixtures, 'pre-commit'));
    const write = (dir: string, edit: (file: string, text: string) => string) => {
      mkdirSync(join(scratch, dir));
      for (const file of files) writeFileSync(join(scratch, dir, file), edit(file, readFileSync(join(fixtures, 'pre-commit', file), 'utf8')));
    };
    write('before', (_, text) => text);
    write('after', (file, text) => withPreCommitHooks(file, text, templates, preCommitVersion.stdout));
    // one process for all the files: the validator names each file that fails
    const failing = (dir: string) => [...runToEnd('pre-commit', ['validate-config', ...files], { cwd: join(scratch, dir) }).stdout.matchAll(/^==> File (.+)$/gm)].map((m) => m[1]);
    const before = failing('before');
    expect(failing('after')).toEqual(before);
    expect(before.length).toBeLessThan(files.length / 2);
  });
});

describe('lefthook validate', () => {
  it("passes every real config with agent-guard's commands that it passed without", () => {
    const regressions: string[] = [];
    let passing = 0;
    for (const file of readdirSync(join(fixtures, 'lefthook'))) {
      const dir = join(scratch, `lefthook-${file}`);
      mkdirSync(dir);
      const text = readFileSync(join(fixtures, 'lefthook', file), 'utf8');
      const valid = (content: string) => {
        writeFileSync(join(dir, 'lefthook.yml'), content);
        return runToEnd(LEFTHOOK, ['validate'], { cwd: dir }).status === 0;
      };
      if (!valid(text)) continue;
      passing++;
      if (!valid(withLefthookCommands(file, text, templates))) regressions.push(file);
    }
    expect(regressions).toEqual([]);
    expect(passing).toBeGreaterThanOrEqual(25);
  });
});
