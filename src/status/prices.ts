import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import { packageRoot } from '../io/package-root.js';
import type { Tokens } from './tokens.js';

export type Prices = NonNullable<Config['prices']>;

/** The prices agent-guard ships (templates/prices.json: their source and the date they were read), or none if the file is unreadable. */
export function shippedPrices(): Prices {
  try {
    return (JSON.parse(readFileSync(join(packageRoot, 'templates', 'prices.json'), 'utf8')) as { prices: Prices }).prices;
  } catch {
    return {};
  }
}

/** The shipped prices with the config's entries over them (a model the config names takes its price wholly from there). */
export const effectivePrices = (config: Config): Prices => ({ ...shippedPrices(), ...config.prices });

/**
 * A model's price: its own key, or a key it extends by a release date or a variant in brackets
 * (`claude-opus-4-5-20251101`, `claude-opus-4-6[1m]`) — never a neighbour (`claude-opus-5-5` is not
 * `claude-opus-5`). Pure.
 */
export function priceOf(model: string, prices: Prices): Prices[string] | null {
  if (prices[model]) return prices[model]!;
  const match = /^(.*?)(-\d{8})?(\[[^\]]*\])?$/.exec(model);
  const base = match?.[1] ?? model;
  return prices[base] ?? null;
}

/** The cost of tokens by model (null: a model that used tokens has no price). Pure. */
export function costOf(byModel: Record<string, Tokens>, prices: Prices): number | null {
  let usd = 0;
  for (const [model, used] of Object.entries(byModel)) {
    if (used.input + used.output + used.cacheRead + used.cacheWrite === 0) continue; // Claude Code's synthetic messages
    const price = priceOf(model, prices);
    if (!price) return null;
    for (const key of ['input', 'output', 'cacheRead', 'cacheWrite'] as const) usd += (used[key] * (price[key] ?? 0)) / 1_000_000;
  }
  return Math.round(usd * 10_000) / 10_000;
}
