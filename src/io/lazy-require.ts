import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/**
 * require() resolving from this package, for a dependency only one path needs (YAML editing is slow
 * to load; spawn, remove, init and doctor load it only for a YAML config).
 */
export const requireLazily = createRequire(join(packageRoot, 'package.json'));
