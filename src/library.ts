import type { Config } from './core/config.js';
import { micromatchRegex } from './io/glob-regex.js';
import { compilePolicy as compileWith, type Policy } from './core/policy.js';
import { compileScope as compileScopeWith, type GlobToRegex, type PathTest } from './core/scope.js';

/** Compiles the policy for `agent` (null: unrestricted), with micromatch unless told otherwise. */
export function compilePolicy(config: Config, agent: string | null, configFile: string, toRegex: GlobToRegex = micromatchRegex): Policy {
  return compileWith(config, agent, configFile, toRegex);
}

/** A scope's test: positive globs minus `!` globs. */
export function compileScope(scope: readonly string[], toRegex: GlobToRegex = micromatchRegex): PathTest {
  return compileScopeWith(scope, toRegex);
}
