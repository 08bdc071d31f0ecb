import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readTemplates } from '../../src/io/package-files.js';
import { withLefthookCommands, withoutLefthookCommands, withoutPreCommitHooks, withPreCommitHooks } from '../../src/init/manager-configs.js';

// Real configs from public repositories (test/fixtures/hook-configs/README.md names each source).
const templates = readTemplates();
const corpus = (kind: string) => {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'hook-configs', kind);
  return readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')] as const);
};

/** The lines of `after` that are not `before`'s, when `after` is `before` with lines inserted (null when it is not). */
function insertedLines(before: string, after: string): string[] | null {
  const was = before.split('\n');
  const inserted: string[] = [];
  let i = 0;
  for (const line of after.split('\n')) {
    if (i < was.length && was[i] === line) i++;
    else inserted.push(line);
  }
  return i === was.length ? inserted : null;
}

const kinds = {
  'pre-commit': { add: (f: string, t: string) => withPreCommitHooks(f, t, templates, '4.0.1'), remove: withoutPreCommitHooks },
  lefthook: { add: (f: string, t: string) => withLefthookCommands(f, t, templates), remove: withoutLefthookCommands },
};

describe.each(Object.entries(kinds))("agent-guard's entry in real %s configs", (kind, { add, remove }) => {
  const files = corpus(kind);

  it('holds at least thirty of them', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)('%s: lines inserted and nothing else, the data the same plus agent-guard, a second run a no-op, the removal byte-exact', (file, text) => {
    const out = add(file, text);
    const inserted = insertedLines(text, out);
    expect(inserted, 'only insertions').not.toBeNull();
    expect(inserted!.join('\n')).toContain('agent-guard');
    const before = parse(text);
    const after = parse(out);
    if (kind === 'pre-commit') {
      expect(after.repos.slice(0, -1)).toEqual(before.repos);
      expect(after.repos.at(-1).hooks.map((h: { id: string; stages: string[] }) => `${h.id} ${h.stages}`)).toEqual(['agent-guard pre-commit', 'agent-guard pre-push', 'agent-guard post-checkout']);
    } else {
      for (const hook of ['pre-commit', 'pre-push', 'post-checkout']) {
        const section = after[hook];
        const names = section.jobs ? section.jobs.map((j: { name?: string }) => j.name) : Object.keys(section.commands);
        expect(names).toContain('agent-guard');
      }
    }
    expect(add(file, out)).toBe(out);
    expect(remove(file, out)).toBe(text);
  });
});
