import { readFileSync } from 'node:fs';
import { Validator } from '@cfworker/json-schema';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Verdict, Violation } from '../../src/core/policy.js';
import type { ReportContext } from '../../src/render/report.js';
import { pathUri, renderSarif } from '../../src/render/sarif.js';

// The official OASIS schema (draft-04); where it comes from: test/fixtures/README.md.
const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const validator = new Validator(schema, '4', false);

const context = (violations: Violation[]): ReportContext => {
  const verdict: Verdict = { ok: violations.length === 0, agent: 'orders', checked: violations.length + 3, violations };
  return { verdict, mode: 'commits', scope: ['src/orders/**'], shared: ['package-lock.json'], base: 'main', owners: (p) => (p.startsWith('web/') ? ['web'] : []), color: false };
};

const sarif = (violations: Violation[]) => {
  const text = renderSarif(context(violations), '1.2.3');
  const log = JSON.parse(text) as Log;
  const result = validator.validate(log);
  expect(result.errors.slice(0, 3)).toEqual([]);
  expect(result.valid).toBe(true);
  return log;
};

const commit = 'a'.repeat(40);
const nasty = 'web/my "quoted" file ünïcødé 名前 100%#?.ts';

describe('check --format sarif', () => {
  it('with no violation: a valid log, one run, the tool with its version and both rules, no results', () => {
    const log = sarif([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0]!.tool.driver;
    expect(driver).toMatchObject({ name: 'agent-guard', version: '1.2.3' });
    expect(driver.rules!.map((r) => r.id)).toEqual(['out-of-scope', 'protected']);
    expect(log.runs[0]!.results).toEqual([]);
  });

  it('one result per violating path and commit: its rule, the path as the location, the agent and scope in the message', () => {
    const log = sarif([
      { path: nasty, reason: 'out-of-scope', commit, oldPath: 'src/orders/old name.ts', kind: 'renamed' },
      { path: 'agent-guard.config.json', reason: 'protected', commit: null, oldPath: null, kind: 'modified' },
    ]);
    const [first, second] = log.runs[0]!.results!;
    expect(first!.ruleId).toBe('out-of-scope');
    expect(log.runs[0]!.tool.driver.rules![first!.ruleIndex!]!.id).toBe('out-of-scope');
    const location = first!.locations![0]!.physicalLocation!.artifactLocation!;
    expect(location.uriBaseId).toBe('%SRCROOT%');
    expect(decodeURIComponent(location.uri!)).toBe(nasty);
    expect(location.uri).not.toMatch(/[ "#?%](?![0-9A-F]{2})/); // every reserved or unsafe character encoded
    expect(first!.message.text).toContain(nasty);
    expect(first!.message.text).toContain('renamed from src/orders/old name.ts');
    expect(first!.message.text).toContain(`commit ${commit.slice(0, 12)}`);
    expect(first!.message.text).toContain('belongs to agent "web"');
    expect(first!.message.text).toContain('Scope of "orders": src/orders/**');
    expect(first!.properties).toMatchObject({ agent: 'orders', commit, renamedFrom: 'src/orders/old name.ts' });
    expect(second!.ruleId).toBe('protected');
    expect(second!.message.text).toContain('(staged)');
    expect(first!.partialFingerprints!['agentGuard/v1']).not.toBe(second!.partialFingerprints!['agentGuard/v1']);
  });

  it('stays valid and one result per path with 19,600 violations', () => {
    const violations: Violation[] = Array.from({ length: 19_600 }, (_, i) => ({
      path: `web/dir ${i % 97}/file-${i}-é.ts`,
      reason: i % 50 === 0 ? 'protected' : 'out-of-scope',
      commit,
      oldPath: null,
      kind: 'added',
    }));
    const log = sarif(violations);
    expect(log.runs[0]!.results).toHaveLength(19_600);
    expect(new Set(log.runs[0]!.results!.map((r) => r.partialFingerprints!['agentGuard/v1'])).size).toBe(19_600);
  });

  it('writes paths as relative URI references', () => {
    expect(pathUri('a b/c#d?.ts')).toBe('a%20b/c%23d%3F.ts');
    expect(pathUri('ü/x')).toBe('%C3%BC/x');
    // the schema's uri-reference format holds: the same log with the raw path is rejected
    const log = JSON.parse(renderSarif(context([{ path: nasty, reason: 'out-of-scope', commit, oldPath: null, kind: 'added' }]), '1.2.3')) as Log;
    log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri = nasty;
    expect(validator.validate(log).valid).toBe(false);
  });
});
