// npm run bench: every benchmark, printed as medians and ratios against their floors.
import { benchCheckRange } from './check-range.mjs';

console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
benchCheckRange();
