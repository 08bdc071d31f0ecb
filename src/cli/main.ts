#!/usr/bin/env node
import { COMMANDS } from './commands.js';
import { fastArgs } from './fast-args.js';

const argv = process.argv.slice(2);
const spec = COMMANDS.find((command) => command.name === argv[0]);
const args = spec ? fastArgs(spec, argv.slice(1)) : null;
if (spec && args) await spec.run(args);
else await (await import('./yargs-cli.js')).runYargs(argv);
