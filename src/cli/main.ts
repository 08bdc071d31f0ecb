#!/usr/bin/env node
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importEsm } from '../io/import-esm.js';
import { packageRoot } from '../io/package-root.js';
import { COMMANDS } from './commands.js';
import { fastArgs } from './fast-args.js';
import { allowHeapTuning } from '../io/young-generation.js';

// The bin is the CommonJS bundle of this file (one file to load); help, --version and usage errors
// go to yargs, an ES module, through the ESM build.
allowHeapTuning();
const argv = process.argv.slice(2);
const spec = COMMANDS.find((command) => command.name === argv[0]);
const args = spec ? fastArgs(spec, argv.slice(1)) : null;
if (spec && args) void spec.run(args);
else void importEsm(pathToFileURL(join(packageRoot, 'dist', 'cli', 'yargs-cli.js')).href).then((yargsCli) => (yargsCli as typeof import('./yargs-cli.js')).runYargs(argv));
