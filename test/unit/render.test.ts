import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/core/policy.js';
import { renderGithub } from '../../src/render/github.js';
import { renderJson } from '../../src/render/json.js';
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

describe('renderers', () => {
  it('text names the agent, its scope, each path with its rule, and the next step', () => {
    const text = renderText(ctx);
    expect(text).toContain('agent "orders"');
    expect(text).toContain('Scope of "orders": src/orders/**');
    expect(text).toMatch(/out of scope\s+web\/a,b:c%\.ts/);
    expect(text).toMatch(/protected\s+agent-guard\.config\.json/);
    expect(text).toContain('belongs to "web"');
    expect(text).toContain('git restore --staged -- web/a,b:c%.ts agent-guard.config.json');
    expect(text).not.toContain('\u001b[');
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
