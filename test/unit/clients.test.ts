import { describe, expect, it } from 'vitest';
import { denyAnswer, readToolCall, refuseAnswer } from '../../src/guard/clients.js';
import { envelopePaths } from '../../src/guard/patch-paths.js';
import { clientHookFile, SETTINGS_EDITING } from '../../src/clients/hook-files.js';
import { opencodePluginText } from '../../src/clients/opencode.js';
import { codexHookHash } from '../../src/clients/codex-trust.js';

const PATCH = '*** Begin Patch\n*** Add File: web/new.ts\n+x\n*** Update File: web/old.ts\n*** Move to: api/moved.ts\n@@\n-a\n+b\n*** Delete File: docs/gone.md\n*** End Patch\n';

describe('each client\'s payload, read into one question', () => {
  it.each([
    ['claude', { hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: '/w/web/a.ts' }, cwd: '/w' }, ['/w/web/a.ts'], null],
    ['claude', { hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { path: '/w/web/a.ts', file_text: 'x' }, cwd: '/w' }, ['/w/web/a.ts'], null],
    ['codex', { hook_event_name: 'PreToolUse', tool_name: 'apply_patch', tool_input: { command: PATCH }, cwd: '/w' }, ['web/new.ts', 'web/old.ts', 'api/moved.ts', 'docs/gone.md'], null],
    ['codex', { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'echo x > a' }, cwd: '/w' }, [], 'echo x > a'],
    ['gemini', { hook_event_name: 'BeforeTool', tool_name: 'replace', tool_input: { file_path: '/w/web/a.ts', old_string: 'a', new_string: 'b' }, cwd: '/w' }, ['/w/web/a.ts'], null],
    ['gemini', { hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'rm x', dir_path: 'web' }, cwd: '/w' }, [], 'rm x'],
    ['copilot', { toolName: 'create', toolArgs: JSON.stringify({ path: '/w/web/a.ts', file_text: 'x' }), cwd: '/w' }, ['/w/web/a.ts'], null],
    ['copilot', { toolName: 'bash', toolArgs: '{"command":"git push --no-verify"}', cwd: '/w' }, [], 'git push --no-verify'],
    ['opencode', { tool: 'edit', args: { filePath: '/w/web/a.ts', oldString: 'a', newString: 'b' }, directory: '/w' }, ['/w/web/a.ts'], null],
    ['opencode', { tool: 'apply_patch', args: { patchText: PATCH }, directory: '/w' }, ['web/new.ts', 'web/old.ts', 'api/moved.ts', 'docs/gone.md'], null],
    ['qwen', { hook_event_name: 'PreToolUse', tool_name: 'write_file', tool_input: { file_path: '/w/a.ts' }, cwd: '/w' }, ['/w/a.ts'], null],
    ['droid', { hook_event_name: 'PreToolUse', tool_name: 'Execute', tool_input: { command: 'touch a' }, cwd: '/w' }, [], 'touch a'],
    ['cursor', { hook_event_name: 'beforeShellExecution', command: 'touch a', cwd: '/w' }, [], 'touch a'],
    ['cursor', { hook_event_name: 'preToolUse', tool_name: 'Write', tool_input: { file_path: '/w/a.ts' } }, ['/w/a.ts'], null],
    ['cline', { hookName: 'tool_call', workspaceRoots: ['/w'], preToolUse: { toolName: 'editor', parameters: { path: '/w/a.ts' } } }, ['/w/a.ts'], null],
    ['cline', { hookName: 'tool_call', workspaceRoots: ['/w'], tool_call: { name: 'run_commands', input: { commands: ['ls', 'touch b'] } } }, [], 'ls\ntouch b'],
  ] as const)('%s: %j', (client, payload, files, command) => {
    const call = readToolCall(client, payload, undefined)!;
    expect(call.files).toEqual(files);
    expect(call.command).toBe(command);
    expect(call.unreadable).toBeNull();
    expect(call.cwd).toBe(client === 'gemini' && command ? '/w/web' : client === 'cursor' && !command ? null : '/w');
  });

  it("judges another client's payload by what it holds, never letting a write through by accident", () => {
    expect(readToolCall('codex', { tool_name: 'write_file', tool_input: { file_path: '/w/api/x.ts', content: 'x' } }, undefined)!.files).toEqual(['/w/api/x.ts']);
    expect(readToolCall('gemini', { tool_name: 'Bash', tool_input: { command: 'rm -rf api' } }, undefined)!.command).toBe('rm -rf api');
    expect(readToolCall('claude', { tool_name: 'apply_patch', tool_input: { command: PATCH } }, undefined)!.files).toHaveLength(4);
    expect(readToolCall('claude', { tool_name: 'Read', tool_input: { file_path: '/w/api/x.ts' } }, undefined)!.files).toEqual([]);
  });

  it('takes a file tool that names no file, or a patch it cannot read, as unreadable, and a sub-agent from agent_type', () => {
    expect(readToolCall('codex', { tool_name: 'apply_patch', tool_input: { command: 'garbage' } }, undefined)!.unreadable).toContain('holds no patch');
    expect(readToolCall('gemini', { tool_name: 'write_file', tool_input: {} }, undefined)!.unreadable).toContain('names no file');
    expect(readToolCall('claude', 'not an object', undefined)).toBeNull();
    expect(readToolCall('claude', { tool_name: 'Write', tool_input: { file_path: 'a' }, agent_id: 'x1', agent_type: 'tester' }, undefined)).toMatchObject({ agentType: 'tester', inSubagent: true });
    expect(envelopePaths('*** Update File: a b.ts\n*** Update File: a b.ts\n')).toEqual(['a b.ts']);
  });

  it("denies in each client's own form, and refuses an unreadable call with the client's blocking answer", () => {
    expect(denyAnswer('claude', 'no')).toEqual({ exitCode: 0, stdout: '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no"}}\n', stderr: '' });
    expect(denyAnswer('codex', 'no')).toEqual({ exitCode: 2, stdout: '', stderr: 'no\n' });
    expect(denyAnswer('gemini', 'no').exitCode).toBe(2);
    expect(JSON.parse(denyAnswer('copilot', 'no').stdout)).toEqual({ permissionDecision: 'deny', permissionDecisionReason: 'no' });
    expect(denyAnswer('cursor', 'no')).toMatchObject({ exitCode: 2, stdout: '{"permission":"deny","user_message":"no","agent_message":"no"}\n' });
    expect(JSON.parse(denyAnswer('cline', 'no').stdout)).toEqual({ cancel: true, errorMessage: 'no' });
    expect(refuseAnswer('codex', 'bad')).toEqual({ exitCode: 2, stdout: '', stderr: 'agent-guard guard: bad\n' });
    expect(JSON.parse(refuseAnswer('cline', 'bad').stdout).cancel).toBe(true);
  });
});

describe("the clients' hook files and trust", () => {
  const commands = { pre: "'node' 'guard-entry.js' --client X", post: null };
  const templates = { opencodePlugin: 'const COMMAND = {{COMMAND}};\nconst ATTENTION = {{ATTENTION}};\nconst USAGE = {{USAGE}};\nconst ENV = {{ENV}};\n', clineHook: '#!/bin/sh\nexec {{COMMAND}}\n' };

  it("keeps the user's settings and hooks, and a re-run replaces only agent-guard's entry", () => {
    const mine = JSON.stringify({ theme: 'dark', hooks: { BeforeTool: [{ matcher: 'write_file', hooks: [{ type: 'command', command: 'lint' }] }] } });
    const once = clientHookFile('gemini', mine, commands, templates);
    expect(once.path).toBe('.gemini/settings.json');
    const twice = clientHookFile('gemini', once.text, { ...commands, pre: commands.pre.replace('node', 'node2') }, templates);
    const settings = JSON.parse(twice.text);
    expect(settings.theme).toBe('dark');
    expect(settings.hooks.BeforeTool.map((g: { hooks: { command: string }[] }) => g.hooks[0]!.command)).toEqual(['lint', "'node2' 'guard-entry.js' --client X"]);
    expect(JSON.parse(clientHookFile('copilot', null, commands, templates).text)).toEqual({ version: 1, hooks: { preToolUse: [{ type: 'command', bash: commands.pre, timeoutSec: 30 }] } });
    expect(JSON.parse(clientHookFile('opencode', '{"plugin": ["mine"]}', commands, templates, '/g/agent-guard/opencode-plugin.js').text)).toEqual({ plugin: ['mine', 'file:///g/agent-guard/opencode-plugin.js'] });
    expect(opencodePluginText(templates.opencodePlugin, commands, { attentionFile: '/g/agent-guard/attention.json', usageFile: '/g/agent-guard/usage.jsonl', agentEnv: { PORT: '4100' } }, SETTINGS_EDITING)).toBe(`const COMMAND = ${JSON.stringify(commands.pre)};\nconst ATTENTION = "/g/agent-guard/attention.json";\nconst USAGE = "/g/agent-guard/usage.jsonl";\nconst ENV = {"PORT":"4100"};\n`);
    expect(clientHookFile('cline', null, commands, templates)).toMatchObject({ path: '.clinerules/hooks/PreToolUse', executable: true });
  });

  it("hashes a Codex hook as Codex 0.169 does (its app-server's hooks/list currentHash)", () => {
    const command = "tee -a /tmp/exp/payloads.jsonl | '/usr/bin/node' '/work/main/dist/cjs/guard-entry.js' --client codex";
    expect(codexHookHash('pre_tool_use', '.*', command)).toBe('sha256:152039c63e4ef8bd0f76fab54a034106c03aeff88efd1cab5a859a11fcf553f7');
    // events without a matcher hash without the key (hooks/list of Codex 0.169)
    expect(codexHookHash('stop', undefined, 'cat > /tmp/cxp/stop.json')).toBe('sha256:59d59825a1aad254176b3162c105a94815603907607c38556a35c8182b6e0dce');
    expect(codexHookHash('permission_request', undefined, 'cat > /tmp/cxp/perm.json')).toBe('sha256:d10ffa48b27cb4d32a3a9d0c4ab3a5c57ec8ff253f5b8fad42d7d53ff71d7d63');
  });
});
