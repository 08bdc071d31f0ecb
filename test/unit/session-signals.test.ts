import { describe, expect, it } from 'vitest';
import { addClineMessages, addSignals, emptySignals, failingTests, repeatedFailure } from '../../src/status/session-signals.js';

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

  it("Copilot CLI's events: user.message prompts, a shell call's non-zero exit code (as its events write them)", () => {
    const tally = emptySignals();
    const start = (id: string, command: string) => ({ type: 'tool.execution_start', data: { toolCallId: id, toolName: 'bash', arguments: { command, description: 'x' } } });
    const done = (id: string, exitCode: number, output: string) => ({ type: 'tool.execution_complete', data: { toolCallId: id, success: true, shellExecution: { exitCode }, result: { content: output } } });
    const lines = [
      { type: 'user.message', data: { content: 'Do the task.' } },
      start('c1', 'go test ./...'),
      done('c1', 1, '--- FAIL: TestAdd (0.00s)\n<shellId: 0 completed with exit code 1>'),
      start('c2', 'true'),
      done('c2', 0, ''),
      { type: 'tool.execution_start', data: { toolCallId: 'c3', toolName: 'create', arguments: { path: 'a' } } },
      done('c3', 1, ''),
      { type: 'session.usage_record', data: { usage: {} } },
      { type: 'user.message', data: { content: 'No, the other file.' } },
    ];
    for (const line of lines) addSignals(tally, line);
    expect(tally.prompts).toBe(2);
    expect(tally.failures).toEqual({ 'command: go test ./...': 1, 'test: TestAdd': 1 });
    expect(tally.pending).toEqual({});
  });

  it("Codex's rollout: a UserMessage item is a prompt, a CommandExecution item with a non-zero exit code a failure", () => {
    const tally = emptySignals();
    const item = (i: Record<string, unknown>) => ({ type: 'event_msg', payload: { type: 'item_completed', item: i } });
    const lines = [
      item({ type: 'UserMessage', content: [{ type: 'text', text: 'Do the task.' }] }),
      item({ type: 'CommandExecution', command: ['/bin/bash', '-lc', 'npx vitest run'], status: 'failed', aggregated_output: ' FAIL  a.test.ts > adds\n', exit_code: 1 }),
      item({ type: 'CommandExecution', command: ['/bin/bash', '-lc', 'true'], status: 'completed', aggregated_output: '', exit_code: 0 }),
      item({ type: 'AgentMessage', content: [{ type: 'Text', text: 'Done.' }] }),
      { type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>' }] } },
      item({ type: 'UserMessage', content: [{ type: 'text', text: 'Try again.' }] }),
    ];
    for (const line of lines) addSignals(tally, line);
    expect(tally.prompts).toBe(2);
    expect(tally.failures).toEqual({ 'command: npx vitest run': 1, 'test: a.test.ts > adds': 1 });
  });

  it("Gemini CLI's chat log: a user line of text is a prompt; a shell call's exit code from the output that answers it (the reply written twice counts once)", () => {
    const tally = emptySignals();
    const reply = (withCalls: boolean) => ({ id: 'g1', type: 'gemini', content: '', ...(withCalls && { toolCalls: [{ id: 'run_1', name: 'run_shell_command', args: { command: 'go test ./...' }, status: 'success' }] }) });
    const answer = (id: string, exit: number) => ({ id: `u-${id}`, type: 'user', content: [{ functionResponse: { id, name: 'run_shell_command', response: { output: `<untrusted_context>\nOutput: --- FAIL: TestAdd (0.00s)\nExit Code: ${exit}\n</untrusted_context>` } } }] });
    const lines = [
      { sessionId: 's', kind: 'main' },
      { $set: { messages: [{ type: 'user', content: [{ text: '<session_context>' }] }] } },
      { id: 'u1', type: 'user', content: [{ text: 'Do the task.' }] },
      reply(false),
      reply(true),
      answer('run_1', 1),
      reply(true),
      { id: 'g2', type: 'gemini', toolCalls: [{ id: 'run_2', name: 'run_shell_command', args: { command: 'true' } }] },
      answer('run_2', 0),
      { id: 'u2', type: 'user', content: [{ text: 'Not that file.' }] },
    ];
    for (const line of lines) addSignals(tally, line);
    expect(tally.prompts).toBe(2);
    expect(tally.failures).toEqual({ 'command: go test ./...': 1, 'test: TestAdd': 1 });
  });

  it("Qwen Code's chat log: a real_user line is a prompt; a shell result's exit code (as Qwen Code writes them)", () => {
    const tally = emptySignals();
    const call = (id: string, command: string) => ({ type: 'assistant', message: { role: 'model', parts: [{ functionCall: { id, name: 'run_shell_command', args: { command } } }] } });
    const result = (id: string, exitCode: number) => ({ type: 'tool_result', message: { role: 'user', parts: [{ functionResponse: { id, name: 'run_shell_command', response: {} } }] }, toolCallResult: { callId: id, status: exitCode ? 'error' : 'success', resultDisplay: { type: 'shell_result', exitCode, output: 'FAILED t.py::test_x - assert' } } });
    const lines = [
      { type: 'user', provenance: 'real_user', message: { role: 'user', parts: [{ text: 'Do the task.' }] } },
      { type: 'system', subtype: 'ui_telemetry' },
      call('c1', 'pytest'),
      result('c1', 1),
      call('c2', 'true'),
      result('c2', 0),
      { type: 'user', provenance: 'system', message: { role: 'user', parts: [{ text: 'a reminder' }] } },
      { type: 'user', provenance: 'real_user', message: { role: 'user', parts: [{ text: 'Again, please.' }] } },
    ];
    for (const line of lines) addSignals(tally, line);
    expect(tally.prompts).toBe(2);
    expect(tally.failures).toEqual({ 'command: pytest': 1, 'test: t.py::test_x': 1 });
    expect(tally.pending).toEqual({});
  });

  it("OpenCode's prompts and failed commands as agent-guard's plugin records them: several sessions in one file", () => {
    const tally = emptySignals();
    const prompt = (session: string) => ({ type: 'agent-guard.prompt', client: 'opencode', session, id: 'x' });
    const lines = [
      prompt('s1'),
      { type: 'agent-guard.usage', id: 'm1', tokens: {} },
      prompt('s1'),
      prompt('s2'),
      { type: 'agent-guard.command', client: 'opencode', id: 'c1', command: 'pytest', exit: 1, output: 'FAILED t.py::test_x - assert' },
      { type: 'agent-guard.command', client: 'opencode', id: 'c2', command: 'true', exit: 0, output: '' },
      prompt('s2'),
    ];
    for (const line of lines) addSignals(tally, line);
    expect(tally.prompts - 1).toBe(2); // the corrections: s1's second prompt, s2's second
    expect(tally.failures).toEqual({ 'command: pytest': 1, 'test: t.py::test_x': 1 });
  });

  it("Cline's messages (a whole document): a user message of text is a prompt; a run_commands result that failed, each command of it", () => {
    const tally = emptySignals();
    const result = (runs: { query: string; success: boolean; result: string }[]) => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', name: 'run_commands', content: runs }] });
    addClineMessages(tally, [
      { role: 'user', content: [{ type: 'text', text: '<user_input mode="act">Do the task.</user_input>' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'run_commands', input: { commands: ['go test ./...', 'true'] } }] },
      result([{ query: 'go test ./...', success: false, result: '[Command exited with code 1]\n--- FAIL: TestAdd (0.00s)\n' }, { query: 'true', success: true, result: '' }]),
      { role: 'user', content: [{ type: 'text', text: 'Try the other file.' }] },
    ]);
    expect(tally.prompts).toBe(2);
    expect(tally.failures).toEqual({ 'command: go test ./...': 1, 'test: TestAdd': 1 });
    addClineMessages(tally, 'not a list');
    expect(tally.prompts).toBe(2);
  });
});
