import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = new URL('../../dist/io/young-generation.js', import.meta.url).href;

/** The young generation's size after a process keeps 200,000 objects; V8 flags are per process, so each run is its own node. */
function newSpaceAfterManyObjects(calls: ('allowHeapTuning' | 'keepYoungGenerationSmall')[]): number {
  const script = `
    const heap = await import(${JSON.stringify(MODULE)});
    ${calls.map((call) => `heap.${call}();`).join(' ')}
    const kept = [];
    for (let i = 0; i < 200000; i++) kept.push({ path: 'src/file' + i + '.ts', kind: 'added' });
    const v8 = await import('node:v8');
    process.stdout.write(String(v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('.', import.meta.url)) });
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^\d+$/); // nothing else on stdout: V8 reports an unknown flag there
  return Number(result.stdout);
}

describe('keepYoungGenerationSmall', () => {
  it("keeps the young generation at its first size while agent-guard's own process holds many objects", () => {
    const grown = newSpaceAfterManyObjects([]);
    const kept = newSpaceAfterManyObjects(['allowHeapTuning', 'keepYoungGenerationSmall']);
    expect(kept).toBeLessThanOrEqual(grown / 4);
    // a program using the library (no allowHeapTuning) keeps V8 as it was
    expect(newSpaceAfterManyObjects(['keepYoungGenerationSmall'])).toBeGreaterThan(kept * 4);
  });
});
