import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Reason } from '../core/policy.js';
import { githubAnnotation, kindLabel } from './messages.js';
import type { ReportContext } from './report.js';

const HELP = 'https://github.com/agent-guard/agent-guard#readme';

/** One rule per kind of violation, in a fixed order so a result's ruleIndex never moves. */
const RULES: Record<Reason, ReportingDescriptor> = {
  'out-of-scope': {
    id: 'out-of-scope',
    name: 'OutOfScope',
    shortDescription: { text: 'A change outside the agent\'s scope' },
    fullDescription: {
      text: "The agent's branch changes a file that none of its scope globs or the shared globs match. Another agent (or a human) owns it.",
    },
    help: {
      text: 'Take the change out of the branch (git rebase -i, or git reset --soft to the merge-base and commit again without it), leave it to the agent that owns the file, or ask a human to widen the scope: agent-guard spawn NAME --scope GLOB.',
    },
    helpUri: HELP,
    defaultConfiguration: { level: 'error' },
  },
  protected: {
    id: 'protected',
    name: 'Protected',
    shortDescription: { text: 'A change to a protected file' },
    fullDescription: {
      text: 'The agent changes a file no agent may change: the agent-guard config, a scope manifest, or a path the config lists under "protected".',
    },
    help: { text: 'Take the change out of the branch; only a human changes protected files, on the base branch.' },
    helpUri: HELP,
    defaultConfiguration: { level: 'error' },
  },
};
const RULE_IDS = Object.keys(RULES) as Reason[];

/** A repository path as a relative URI: each segment percent-encoded, so spaces, quotes and non-ASCII stay one valid reference. */
export function pathUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 for code scanning: one run, one rule per kind of violation, one result per violating
 * path and commit, located at the path (relative to the checkout: %SRCROOT%). Written by hand: the
 * log is a small object, and `@types/sarif` checks its shape.
 */
export function renderSarif(ctx: ReportContext, version: string): string {
  const { verdict } = ctx;
  const agent = verdict.agent ?? '';
  const scope = ctx.scope.join(', ') || '(empty)';
  const results: Result[] = verdict.violations.map((v) => {
    const renamed = v.oldPath ? ` (renamed from ${v.oldPath})` : '';
    const commit = v.commit ? ` in commit ${v.commit.slice(0, 12)}` : ' (staged)';
    return {
      ruleId: v.reason,
      ruleIndex: RULE_IDS.indexOf(v.reason),
      level: 'error',
      message: {
        text: `${v.path}${renamed}, ${kindLabel[v.kind]}${commit}: ${githubAnnotation(agent, v.reason, ctx.owners(v.path))} Scope of "${agent}": ${scope}.`,
      },
      locations: [{ physicalLocation: { artifactLocation: { uri: pathUri(v.path), uriBaseId: '%SRCROOT%' } } }],
      partialFingerprints: {
        'agentGuard/v1': createHash('sha256').update(JSON.stringify([agent, v.reason, v.path, v.oldPath, v.commit])).digest('hex'),
      },
      properties: { agent, scope: ctx.scope, commit: v.commit, kind: v.kind, ...(v.oldPath ? { renamedFrom: v.oldPath } : {}), ...(v.owner !== undefined ? { owner: v.owner } : {}) },
    };
  });
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'agent-guard', version, semanticVersion: version, informationUri: HELP, rules: RULE_IDS.map((id) => RULES[id]) },
        },
        invocations: [{ executionSuccessful: true }],
        results,
        properties: { agent: verdict.agent, scope: ctx.scope, checked: verdict.checked },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
