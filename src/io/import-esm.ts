/**
 * A real dynamic import(), also in the CommonJS build: tsc rewrites a literal import() there into
 * require(), which cannot load an ES module (yargs) on every Node 20.
 */
export const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;
