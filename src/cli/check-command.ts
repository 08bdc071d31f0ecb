import type { Argv } from 'yargs';
import { check, FORMATS, type Format } from './check.js';

export const command = 'check';
export const describe = 'Check changes against the agent\'s scope (exit 0 ok, 1 violation, 2 usage/config error)';

export function builder(y: Argv) {
  return y
    .option('staged', { type: 'boolean', describe: 'Check the index (what would be committed)' })
    .option('base', { type: 'string', describe: 'Check every commit in merge-base(REF, HEAD)..HEAD; the config is read from REF' })
    .option('range', { type: 'string', describe: 'Check every commit in A..B' })
    .option('agent', { type: 'string', describe: 'Check as this agent (overrides every other identity)' })
    .option('format', { choices: FORMATS, default: 'text' as Format, describe: 'Output format' })
    .example('$0 check --staged', 'What a pre-commit hook checks')
    .example('$0 check --base origin/main --format github', 'What CI checks on a pull request');
}

export async function handler(argv: { staged?: boolean; base?: string; range?: string; agent?: string; format: Format }): Promise<number> {
  const { exitCode, output } = await check({
    cwd: process.cwd(),
    ...(argv.staged !== undefined && { staged: argv.staged }),
    ...(argv.base !== undefined && { base: argv.base }),
    ...(argv.range !== undefined && { range: argv.range }),
    ...(argv.agent !== undefined && { agent: argv.agent }),
    format: argv.format,
    env: process.env,
    isTty: Boolean(process.stdout.isTTY),
  });
  process.stdout.write(output);
  return exitCode;
}
