import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runToEnd } from './spawner.js';
import { cleanEnv } from './env.js';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface ActionFile {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

export interface StepRun {
  name: string;
  /** null for a `uses:` step (there is no GitHub here: the step is listed with its inputs, not run). */
  code: number | null;
  output: string;
  uses?: { action: string; with: Record<string, string> };
}

export interface ActionRun {
  steps: StepRun[];
  /** The job's outcome: the first failing step's exit code, else 0. */
  code: number;
  outputs: Record<string, Record<string, string>>;
}

export interface ActionContext {
  actionPath: string;
  workspace: string;
  inputs: Record<string, string>;
  eventName: string;
  event: unknown;
  /** GITHUB_* variables besides those made from the event (GITHUB_BASE_REF, GITHUB_HEAD_REF, GITHUB_REF…). */
  env: Record<string, string>;
}

/**
 * Runs a composite action's steps the way the runner does: each `run:` with `bash --noprofile
 * --norc -eo pipefail` in its working directory, `${{ }}` expressions substituted from inputs,
 * github.* and earlier steps' outputs (GITHUB_OUTPUT files), a failed step skipping the rest
 * unless its `if:` says otherwise. Only the expressions action.yml uses are understood; any other
 * throws, so the test cannot pass on one it misread.
 */
export function runAction(ctx: ActionContext): ActionRun {
  const action = parse(readFileSync(join(ctx.actionPath, 'action.yml'), 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = ctx.inputs[name] ?? spec.default ?? '';
  const temp = mkdtempSync(join(tmpdir(), 'ag-runner-'));
  const eventPath = join(temp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(ctx.event));
  const outputs: Record<string, Record<string, string>> = {};
  const github: Record<string, string> = { action_path: ctx.actionPath, workspace: ctx.workspace, event_name: ctx.eventName };
  const value = (expr: string): string => {
    const e = expr.trim();
    const literal = /^'((?:[^']|'')*)'$/.exec(e);
    if (literal) return literal[1]!.replace(/''/g, "'");
    let m = /^inputs\.([\w-]+)$/.exec(e);
    if (m) return inputs[m[1]!] ?? '';
    m = /^github\.(\w+)$/.exec(e);
    if (m && m[1]! in github) return github[m[1]!]!;
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
    if (m) return outputs[m[1]!]?.[m[2]!] ?? '';
    throw new Error(`runAction: an expression it does not know: ${expr}`);
  };
  const condition = (expr: string, failed: boolean): boolean => {
    const e = expr.trim().replace(/^\$\{\{(.*)\}\}$/s, '$1');
    return e.split('&&').every((term) => {
      const t = term.trim();
      if (t === 'always()') return true;
      if (t === 'failure()') return failed;
      if (t === 'success()') return !failed;
      const cmp = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(t);
      if (!cmp) throw new Error(`runAction: a condition it does not know: ${expr}`);
      const equal = value(cmp[1]!) === value(cmp[3]!);
      return cmp[2] === '==' ? equal : !equal;
    });
  };
  const substitute = (text: string) => text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => value(expr));

  const run: ActionRun = { steps: [], code: 0, outputs };
  for (const step of action.runs.steps) {
    const failed = run.code !== 0;
    const wanted = step.if === undefined ? !failed : /\b(always|failure)\(\)/.test(step.if) ? condition(step.if, failed) : !failed && condition(step.if, failed);
    if (!wanted) continue;
    const name = step.name ?? step.id ?? step.uses ?? 'step';
    if (step.uses) {
      const withInputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v))]));
      run.steps.push({ name, code: null, output: '', uses: { action: step.uses, with: withInputs } });
      continue;
    }
    if (step.shell !== 'bash') throw new Error(`runAction: step "${name}" has shell ${step.shell}; a composite run step must name one, and these tests run bash`);
    const outputFile = join(temp, `output-${run.steps.length}`);
    writeFileSync(outputFile, '');
    const scriptFile = join(temp, `step-${run.steps.length}.sh`);
    writeFileSync(scriptFile, substitute(step.run!));
    const env = cleanEnv({
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: ctx.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_WORKSPACE: ctx.workspace,
      GITHUB_ACTION_PATH: ctx.actionPath,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: temp,
      // npm exec installs the package's dependencies: from the cache npm ci filled, as a runner's cache would.
      npm_config_prefer_offline: 'true',
      ...ctx.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v))])),
    });
    const cwd = join(ctx.workspace, substitute(step['working-directory'] ?? '.'));
    const result = runToEnd('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], { cwd, env: env as Record<string, string> });
    outputs[step.id ?? name] = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    run.steps.push({ name, code: result.status, output: result.stdout + result.stderr });
    if (result.status !== 0) run.code = result.status ?? 1;
  }
  return run;
}
