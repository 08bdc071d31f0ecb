import { UsageError } from '../core/errors.js';
import { resolveAgent } from '../core/identity.js';
import { readManifest } from '../core/manifest.js';
import { compileOwners, compilePolicy, evaluate, type Change } from '../core/policy.js';
import { loadTrustedConfig } from '../core/trusted-config.js';
import { rangeChanges, rangeSinceBase, stagedChanges } from '../git/changes.js';
import { repoInfo } from '../git/repo.js';
import type { CheckMode } from '../render/messages.js';
import { renderGithub } from '../render/github.js';
import { renderJson } from '../render/json.js';
import { renderText } from '../render/text.js';
import type { ReportContext } from '../render/report.js';

export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckArgs {
  cwd: string;
  staged?: boolean;
  base?: string;
  range?: string;
  agent?: string;
  format: Format;
  env: Record<string, string | undefined>;
  isTty: boolean;
}

const renderers = { text: renderText, json: renderJson, github: renderGithub };

export async function check(args: CheckArgs): Promise<{ exitCode: number; output: string }> {
  const chosen = [args.staged && '--staged', args.base !== undefined && '--base', args.range !== undefined && '--range'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`agent-guard check: use one of --staged, --base and --range, not ${chosen.join(' and ')}.`);

  const repo = await repoInfo(args.cwd);
  const manifest = readManifest(repo.gitDir);
  const loaded = await loadTrustedConfig(repo, manifest, args.base);
  let changes: Change[];
  let mode: CheckMode = 'commits';
  if (args.staged) {
    changes = await stagedChanges(repo.root);
    mode = 'staged';
  } else if (args.range !== undefined) {
    if (!args.range.includes('..')) throw new UsageError(`agent-guard check: --range takes A..B (got "${args.range}").`);
    changes = (await rangeChanges(repo.root, args.range)).changes;
  } else {
    const ref = args.base ?? loaded.config.base;
    changes = (await rangeChanges(repo.root, await rangeSinceBase(repo.root, ref))).changes;
  }

  const { config } = loaded;
  const configLabel = loaded.source.kind === 'ref' ? `${loaded.file} on ${loaded.source.ref}` : loaded.file;
  const inputs = { flag: args.agent, env: args.env, manifestAgent: manifest?.agent ?? null, branch: repo.branch };
  const { agent } = resolveAgent(config, inputs, configLabel);
  const verdict = evaluate(compilePolicy(config, agent, loaded.file), changes);
  const ctx: ReportContext = {
    verdict,
    mode,
    scope: agent ? config.agents[agent]!.scope : [],
    shared: config.shared,
    base: args.base ?? config.base,
    owners: compileOwners(config),
    color: args.format === 'text' && args.isTty && !('NO_COLOR' in args.env),
  };
  return { exitCode: verdict.ok ? 0 : 1, output: renderers[args.format](ctx) };
}
