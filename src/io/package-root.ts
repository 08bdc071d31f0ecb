import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This installation's folder (package.json, hooks/, templates/, dist/). The one use of
 * import.meta: tsc's CommonJS build cannot compile it, so scripts/bundle-cjs.mjs gives each bundled
 * module the URL its ESM twin in dist/ has, and this line means the same in both builds.
 */
// biome-ignore lint/suspicious/noTsIgnore: the error is in the CommonJS build only, where @ts-expect-error would fail the ESM build
// @ts-ignore TS1343 in the CommonJS build only (see above)
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** This installation's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
