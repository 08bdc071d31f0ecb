import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/core/policy.js';
import { renderGithub } from '../../src/render/github.js';
import { writeJson } from '../../src/render/json.js';
import { renderText } from '../../src/render/text.js';
import { displayPath, type ReportContext } from '../../src/render/report.js';
import { shellQuoteIfNeeded as shellQuote } from '../../src/core/shell-quote.js';

const verdict: Verdict = {
  ok: false,
  agent: 'orders',
  checked: 2,
  violations: [
    { path: 'web/a,b:c%.ts', reason: 'out-of-scope', commit: null, oldPath: null, kind: 'added' },
    { path: 'agent-guard.config.json', reason: 'protected', commit: null, oldPath: null, kind: 'modified' },
  ],
};
const ctx: ReportContext = { verdict, mode: 'staged', scope: ['src/orders/**'], shared: [], base: 'main', owners: () => ['web'], color: false };

/** check's JSON output as one string. */
const renderJson = (c: ReportContext) => {
  const pieces: string[] = [];
  writeJson(c, (piece) => pieces.push(piece));
  return pieces.join('');
};

describe('renderers', () => {
  it('text names the agent, its scope, each path with its rule, and the next step', () => {
    const text = renderText(ctx);
    expect(text).toContain('agent "orders"');
    expect(text).toContain('Scope of "orders": src/orders/**');
    expect(text).toMatch(/out of scope\s+web\/a,b:c%\.ts/);
    expect(text).toMatch(/protected\s+agent-guard\.config\.json/);
    expect(text).toContain('belongs to "web"');
    expect(text).toContain('git reset -q -- web/a,b:c%.ts agent-guard.config.json');
    expect(text).not.toContain('\u001b[');
  });

  it("text's history step for commits names the paths when they are few, renames' sources too, and says PATHS past 20", () => {
    const commits = (paths: string[]): Verdict => ({
      ...verdict,
      violations: paths.map((path, i) => ({ path, reason: 'out-of-scope', commit: 'c'.repeat(40), oldPath: i === 0 ? 'src/orders/from.ts' : null, kind: i === 0 ? 'renamed' : 'added' })),
    });
    const few = renderText({ ...ctx, mode: 'commits', verdict: commits(['web/a.ts', 'web/b c.ts', 'web/a.ts']) });
    expect(few).toContain('git rebase -i $(git merge-base main HEAD)');
    expect(few).toContain("Without an editor: git reset --soft $(git merge-base main HEAD) && git restore --source=HEAD --staged --worktree -- web/a.ts src/orders/from.ts 'web/b c.ts', then commit the rest again.");
    const many = renderText({ ...ctx, mode: 'commits', verdict: commits(Array.from({ length: 21 }, (_, i) => `web/f${i}.ts`)) });
    expect(many).toContain('git restore --source=HEAD --staged --worktree -- PATHS (each path above, and where it was renamed from), then commit the rest again.');
    expect(many).not.toContain('web/f0.ts web/f1.ts');
  });

  it('json has exactly the documented fields', () => {
    expect(JSON.parse(renderJson(ctx))).toEqual({
      ok: false,
      agent: 'orders',
      checked: 2,
      violations: [
        { path: 'web/a,b:c%.ts', reason: 'out-of-scope', commit: null, oldPath: null },
        { path: 'agent-guard.config.json', reason: 'protected', commit: null, oldPath: null },
      ],
    });
  });

  it('json is written in pieces that join to what JSON.stringify makes of the documented object', () => {
    const nasty = ['a "quoted" path.ts', 'new\nline\ttab.ts', 'ünïcødé/😀.ts', 'back\\slash', 'lone \ud800 surrogate', '\u0001control', '-leading-dash'];
    const violations = Array.from({ length: 1003 }, (_, i) => ({
      path: `${nasty[i % nasty.length]}-${i}`,
      reason: i % 3 ? ('out-of-scope' as const) : ('protected' as const),
      commit: i % 2 ? 'a'.repeat(40) : null,
      oldPath: i % 5 ? null : nasty[(i + 1) % nasty.length]!,
      kind: 'modified' as const,
    }));
    for (const list of [violations, violations.slice(0, 250), violations.slice(0, 1), []]) {
      const verdict = { ok: list.length === 0, agent: list.length ? 'orders' : null, checked: 4000, violations: list };
      const pieces: string[] = [];
      writeJson({ ...ctx, verdict }, (piece) => pieces.push(piece));
      const documented = list.map(({ path, reason, commit, oldPath }) => ({ path, reason, commit, oldPath }));
      expect(pieces.join('')).toBe(JSON.stringify({ ok: verdict.ok, agent: verdict.agent, checked: 4000, violations: documented }) + '\n');
      expect(pieces.length).toBe(list.length === 0 ? 1 : Math.ceil(list.length / 250) + 1);
    }
  });

  it('github escapes properties and data', () => {
    const first = renderGithub(ctx).split('\n')[0];
    expect(first).toBe('::error file=web/a%2Cb%3Ac%25.ts::Outside the scope of agent "orders". It belongs to agent "web".');
  });

  it('quotes paths a reader could not otherwise see', () => {
    expect(displayPath('a\nb')).toBe('"a\\nb"');
    expect(displayPath('plain/ü.ts')).toBe('plain/ü.ts');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
