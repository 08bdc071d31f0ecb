/** The library API: the same engine the CLI and hooks use. */
export { loadConfig, loadConfigAtRef } from './config/load.js';
export { validateConfig, CONFIG_FILES, type Config, type AgentConfig, type LoadedConfig } from './core/config.js';
export { configShape } from './core/config-shape.js';
export { UsageError } from './core/errors.js';
export { resolveAgent, type Identity, type IdentityInputs } from './core/identity.js';
export { evaluate, protectedGlobs, type Change, type ChangeKind, type Policy, type Verdict, type Violation, type Reason } from './core/policy.js';
export { micromatchRegex } from './io/glob-regex.js';
export { compilePolicy } from './library.js';
export { stagedChanges, rangeChanges } from './git/changes.js';
export { parseNameStatus } from './git/parse.js';
export { compileScope } from './library.js';
