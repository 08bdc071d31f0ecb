import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configShape, type Shape } from '../../src/core/config-shape.js';

/** docs/config.md is the reference: every key the config accepts has its row there. */
describe('docs/config.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'config.md'), 'utf8');
  const keys = (shape: Shape, prefix: string): string[] =>
    Object.entries(shape.properties ?? {}).flatMap(([key, child]) => [`${prefix}${key}`, ...(child.properties ? keys(child, `${prefix}${key}.`) : [])]);
  const all = [...keys(configShape, ''), ...keys(configShape.properties!.agents!.additionalProperties as Shape, 'agents.NAME.')];
  it('names every key of the config', () => {
    expect(all.filter((key) => !doc.includes(`\`${key}\``) && key !== 'agents')).toEqual([]);
  });
});
