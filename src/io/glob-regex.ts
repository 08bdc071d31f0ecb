import type Micromatch from 'micromatch';
import { micromatchSource, type GlobToRegex } from '../core/scope.js';
import { requireLazily } from './lazy-require.js';

let micromatch: typeof Micromatch | undefined;

/**
 * Globs compiled by micromatch on the spot: what every caller but the hooks (which cache) uses.
 * micromatch loads at the first glob: a spawn or merge that compiles none does not pay it.
 */
export const micromatchRegex: GlobToRegex = (glob) => micromatchSource((micromatch ??= requireLazily('micromatch') as typeof Micromatch), glob);
