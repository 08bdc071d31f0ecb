// After tsc: the config's JSON Schema (from the one shape definition the validator also uses), the
// marker that makes dist/cjs (the CommonJS build) load as CommonJS, its entries — the hooks' and the
// CLI's (the bin) — bundled into single files, and the live page as one file (dist/ui.html).
import { writeFileSync } from 'node:fs';
import { bundleEntries } from './bundle-cjs.mjs';
import { buildUiPage } from './build-ui.mjs';
import { configShape } from '../dist/core/config-shape.js';

const strip = (shape) => JSON.parse(JSON.stringify(shape, (key, value) => (key === 'x-glob' ? undefined : value)));

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://unpkg.com/agent-guard/dist/agent-guard.schema.json',
  title: 'agent-guard config',
  ...strip(configShape),
};
writeFileSync(new URL('../dist/agent-guard.schema.json', import.meta.url), JSON.stringify(schema, null, 2) + '\n');
writeFileSync(new URL('../dist/cjs/package.json', import.meta.url), JSON.stringify({ type: 'commonjs' }) + '\n');
// the guard splits off what an Edit call does not run (the shell judge, the session readers): 0.96× the time of one file
bundleEntries(new URL('../dist/cjs/', import.meta.url).pathname, ['hook-entry.js', 'guard-entry.js', 'cli/main.js'], { split: ['guard-entry.js'] });
buildUiPage(new URL('..', import.meta.url).pathname);
