import { describe, expect, it } from 'vitest';
import { isOwnClaim, isStale, parseClaim, type Claim } from '../../src/core/claims.js';

const claim: Claim = { agent: 'orders', scope: ['src/orders/**'], branch: 'agent/orders', base: 'main', host: 'h', user: 'u@x', createdAt: '2026-11-20T00:00:00.000Z', clone: '/c/.git' };

describe('claims', () => {
  it('reads a claim file and says why another file is not one', () => {
    expect(parseClaim('orders.json', JSON.stringify(claim))).toEqual(claim);
    expect(parseClaim('orders.json', '{')).toMatch(/^orders.json is not valid JSON/);
    expect(parseClaim('orders.json', '{"agent":"orders"}')).toMatch(/is not an agent-guard claim \(needs branch, base, host, user, createdAt, scope\)/);
    expect(parseClaim('web.json', JSON.stringify(claim))).toBe('web.json names agent "orders"');
  });

  it('is stale when merged on the remote, or gone from it and older than the ttl', () => {
    const now = Date.parse('2026-11-25T00:00:00.000Z');
    const week = 7 * 86_400_000;
    expect(isStale(claim, { exists: true, merged: true }, week, now)).toBe(true);
    expect(isStale(claim, { exists: true, merged: false }, week, now)).toBe(false);
    expect(isStale(claim, { exists: false, merged: false }, week, now)).toBe(false);
    expect(isStale(claim, { exists: false, merged: false }, 86_400_000, now)).toBe(true);
  });

  it('tells this clone\'s own claims from another clone\'s of the same user on the same host', () => {
    expect(isOwnClaim(claim, { host: 'h', user: 'u@x', clone: '/c/.git' })).toBe(true);
    expect(isOwnClaim(claim, { host: 'h', user: 'u@x', clone: '/other/.git' })).toBe(false);
    expect(isOwnClaim(claim, { host: 'h2', user: 'u@x', clone: '/c/.git' })).toBe(false);
  });
});
