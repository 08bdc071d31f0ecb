import micromatch from 'micromatch';
import { micromatchSource, type GlobToRegex } from './scope.js';

/** Globs compiled by micromatch on the spot: what every caller but the hooks (which cache) uses. */
export const micromatchRegex: GlobToRegex = (glob) => micromatchSource(micromatch, glob);
