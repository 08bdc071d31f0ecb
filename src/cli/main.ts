#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import * as checkCommand from './check-command.js';
import { runCommand } from './edge.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

await yargs(hideBin(process.argv))
  .scriptName('agent-guard')
  .usage('$0 <command> [options]\n\nKeep parallel AI coding agents inside their assigned file scopes.')
  .command(checkCommand.command, checkCommand.describe, checkCommand.builder, (argv) => runCommand(() => checkCommand.handler(argv)))
  .demandCommand(1, 'Name a command; see agent-guard --help.')
  .strict()
  .version(version)
  .help()
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`agent-guard: ${msg}\nSee agent-guard --help.\n`);
    process.exit(2);
  })
  .parseAsync();
