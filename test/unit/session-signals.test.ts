import { describe, expect, it } from 'vitest';
import { addSignals, emptySignals, failingTests, repeatedFailure } from '../../src/status/session-signals.js';

describe('failingTests: the failing tests a runner names', () => {
  it.each([
    ['vitest', ' FAIL  test/a.test.ts > cart > adds an item\n', ['test/a.test.ts > cart > adds an item']],
    ['vitest ×', '   × adds an item 12ms\n', ['adds an item']],
    ['jest ✕', '    ✕ adds an item (5 ms)\n', ['adds an item (5 ms)']],
    ['pytest', 'FAILED tests/test_cart.py::test_add - assert 1 == 2\n', ['tests/test_cart.py::test_add']],
    ['go', '--- FAIL: TestAdd (0.00s)\n', ['TestAdd']],
    ['TAP', 'not ok 3 - adds an item\n', ['adds an item']],
    ['colours', '\x1b[31m FAIL \x1b[39m test/a.test.ts > adds\n', ['test/a.test.ts > adds']],
    ['passing output', ' ✓ adds an item\nok 1 - fine\n', []],
  ])('%s', (_, output, expected) => expect(failingTests(output)).toEqual(expected));
});

describe('addSignals', () => {
  it('counts prompts (not tool results, meta lines, sub-agents or slash-command echoes) and failures by command and test', () => {
    const tally = emptySignals();
    const lines = [
      { type: 'user', message: { role: 'user', content: 'first' } },
      { type: 'user', isMeta: true, message: { role: 'user', content: 'caveat' } },
      { type: 'user', isSidechain: true, message: { role: 'user', content: 'sub-agent task' } },
      { type: 'user', message: { role: 'user', content: [{ type: 'text', text: 'second' }] } },
      { type: 'user', message: { role: 'user', content: '[Request interrupted by user]' } },
      { type: 'assistant', message: { content: [{ type: 'tool_use', id: 'a', name: 'Bash', input: { command: 'npm test' } }] } },
      { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', is_error: true, content: [{ type: 'text', text: 'FAILED t.py::test_x' }] }] } },
      { type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'unknown', is_error: true, content: 'x' }] } },
    ];
    for (const line of lines) addSignals(tally, line);
    expect(tally.prompts).toBe(2);
    expect(tally.failures).toEqual({ 'command: npm test': 1, 'test: t.py::test_x': 1 });
    expect(tally.pending).toEqual({});
    expect(repeatedFailure(tally.failures, 1)).toBe('command: npm test');
    expect(repeatedFailure(tally.failures, 2)).toBeNull();
  });
});
