import { describe, expect, it } from 'vitest';
import { costOf, priceOf, shippedPrices } from '../../src/status/prices.js';

describe('prices', () => {
  const prices = shippedPrices();
  it('ship with Anthropic models, each with the four rates', () => {
    expect(Object.keys(prices).length).toBeGreaterThan(10);
    for (const price of Object.values(prices)) expect(Object.keys(price).sort()).toEqual(['cacheRead', 'cacheWrite', 'input', 'output']);
  });
  it('match a model by its key, a dated id or a bracketed variant, never a neighbour', () => {
    expect(priceOf('claude-opus-4-5-20251101', prices)).toEqual(prices['claude-opus-4-5']);
    expect(priceOf('claude-opus-4-6[1m]', prices)).toEqual(prices['claude-opus-4-6']);
    expect(priceOf('claude-opus-5-5', prices)).toBeNull();
    expect(priceOf('claude-sonnet-4-20250514', prices)).toEqual(prices['claude-sonnet-4']);
  });
  it('costs tokens by model; a model without a price makes the cost unknown; synthetic messages cost nothing', () => {
    const used = (input: number, output: number) => ({ input, output, cacheRead: 0, cacheWrite: 0 });
    expect(costOf({ 'claude-sonnet-4-5-20250929': used(1_000_000, 100_000) }, prices)).toBe(4.5);
    expect(costOf({ 'claude-sonnet-4-5': used(10, 10), 'gpt-9': used(1, 1) }, prices)).toBeNull();
    expect(costOf({ '<synthetic>': used(0, 0) }, prices)).toBe(0);
  });
});
