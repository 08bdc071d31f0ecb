import { packageVersion } from '../io/package-root.js';
import yargs, { type Argv } from 'yargs';
import { COMMANDS, camel, commandLine, type Args, type CommandSpec } from './commands.js';

function build(y: Argv, spec: CommandSpec): Argv {
  for (const p of spec.positionals) {
    y = y.positional(p.name, {
      type: 'string',
      ...(p.array && { array: true }),
      ...(!p.optional && { demandOption: true }),
      ...(p.choices && { choices: p.choices }),
      ...(p.describe && { describe: p.describe }),
    });
  }
  for (const [name, o] of Object.entries(spec.options)) {
    y = y.option(name, {
      type: o.type,
      ...(o.array && { array: true }),
      ...(o.choices && { choices: o.choices }),
      ...(o.default !== undefined && { default: o.default }),
      ...(o.describe && { describe: o.describe }),
    });
  }
  for (const [command, description] of spec.examples ?? []) y = y.example(command, description);
  return y;
}

/** The full yargs CLI, built from the same table: help, version and every usage error. */
export async function runYargs(argv: string[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName('agent-guard')
    .usage('$0 <command> [options]\n\nKeep parallel AI coding agents inside their assigned file scopes.');
  for (const spec of COMMANDS) {
    cli = cli.command(
      commandLine(spec),
      spec.describe as string,
      (y) => build(y, spec),
      (parsed) => {
        const args: Args = {};
        for (const p of spec.positionals) args[p.name] = parsed[p.name] as Args[string];
        for (const name of Object.keys(spec.options)) args[camel(name)] = parsed[camel(name)] as Args[string];
        return spec.run(args);
      },
    );
  }
  await cli
    .demandCommand(1, 'Name a command; see agent-guard --help.')
    .strict()
    .version(packageVersion())
    .help()
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`agent-guard: ${msg}\nSee agent-guard --help.\n`);
      process.exit(2);
    })
    .parseAsync();
}
