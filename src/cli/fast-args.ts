import { parseArgs, type ParseArgsConfig } from 'node:util';
import { camel, type Args, type CommandSpec } from './commands.js';

/**
 * Reads a command line the plain way (node's parseArgs) so that an ordinary invocation never loads
 * yargs (the heaviest module of the CLI to load). Anything this reader is not sure of — help, version, an unknown or repeated
 * option, a wrong count of arguments, a bad choice — returns null, and yargs reads it instead, with
 * its help and its messages.
 */
export function fastArgs(spec: CommandSpec, argv: readonly string[]): Args | null {
  if (argv.some((arg) => arg === '-h' || arg === '--help' || arg === '--version')) return null;
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = { type: option.type, multiple: option.array === true };
    if (option.type === 'boolean') options[`no-${name}`] = { type: 'boolean' };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, tokens: true });
  } catch {
    return null;
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    const name = token.name.replace(/^no-/, '');
    if (seen.has(name) && !spec.options[name]?.array) return null;
    seen.add(name);
  }
  const args: Args = {};
  for (const [name, option] of Object.entries(spec.options)) {
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    const value = values[`no-${name}`] === true ? false : (values[name] ?? option.default);
    if (option.choices && typeof value === 'string' && !option.choices.includes(value)) return null;
    if (value !== undefined) args[camel(name)] = value;
  }
  const positionals = [...parsed.positionals];
  for (const positional of spec.positionals) {
    const taken = positional.array ? positionals.splice(0) : positionals.splice(0, 1);
    if (taken.length === 0 && !positional.optional) return null;
    if (positional.choices && taken.some((value) => !positional.choices!.includes(value))) return null;
    if (taken.length > 0) args[positional.name] = positional.array ? taken : taken[0];
  }
  return positionals.length === 0 ? args : null;
}
