/**
 * Restart signals read from a Claude Code transcript, line by line: the human's prompts (each after
 * a session's first is a correction) and failing commands and tests (the same one failing again and
 * again is going in circles). Pure: a tally in, the next tally out.
 */
export interface SignalTally {
  /** The human's prompts in this transcript. */
  prompts: number;
  /** Bash calls not answered yet: tool_use id → command (the last few). */
  pending: Record<string, string>;
  /** `command: …` or `test: …` → how often it failed. */
  failures: Record<string, number>;
}

export const emptySignals = (): SignalTally => ({ prompts: 0, pending: {}, failures: {} });

/** "3+ corrections without improving": the guide's point to kill and restart. */
export const RESTART_AFTER_CORRECTIONS = 3;
const KEEP_PENDING = 50;
const KEEP_FAILURES = 200;

interface ContentItem {
  type?: unknown;
  id?: unknown;
  name?: unknown;
  input?: { command?: unknown };
  tool_use_id?: unknown;
  is_error?: unknown;
  content?: unknown;
  text?: unknown;
}
export interface TranscriptLine {
  type?: unknown;
  isMeta?: unknown;
  isSidechain?: unknown;
  promptSource?: unknown;
  message?: { role?: unknown; content?: unknown };
}

/** Adds one transcript line's signals to `tally` (changed in place). */
export function addSignals(tally: SignalTally, line: TranscriptLine): void {
  if (line.isSidechain === true) return; // a sub-agent's own conversation
  const content = line.message?.content;
  if (line.type === 'assistant' && Array.isArray(content)) {
    for (const item of content as ContentItem[]) {
      if (item?.type === 'tool_use' && item.name === 'Bash' && typeof item.id === 'string' && typeof item.input?.command === 'string') {
        tally.pending[item.id] = item.input.command.trim();
        const ids = Object.keys(tally.pending);
        if (ids.length > KEEP_PENDING) delete tally.pending[ids[0]!];
      }
    }
    return;
  }
  if (line.type !== 'user' || line.isMeta === true || line.promptSource === 'system') return;
  if (typeof content === 'string' || (Array.isArray(content) && content.length > 0 && content.every((i: ContentItem) => i?.type === 'text'))) {
    if (isHumanPrompt(typeof content === 'string' ? content : (content as ContentItem[]).map((i) => String(i.text ?? '')).join('\n'))) tally.prompts++;
    return;
  }
  if (!Array.isArray(content)) return;
  for (const item of content as ContentItem[]) {
    if (item?.type !== 'tool_result' || typeof item.tool_use_id !== 'string') continue;
    const command = tally.pending[item.tool_use_id];
    if (command === undefined) continue;
    delete tally.pending[item.tool_use_id];
    if (item.is_error !== true) continue;
    count(tally, `command: ${command}`);
    for (const test of failingTests(textOf(item.content))) count(tally, `test: ${test}`);
  }
}

/** The first failure seen `times` times or more ("command: …" / "test: …"), or null. */
export function repeatedFailure(failures: Record<string, number>, times: number): string | null {
  for (const [key, n] of Object.entries(failures)) if (n >= times) return key;
  return null;
}

/** Prompts the client writes as the user's that no person typed: slash-command echoes, interruptions, task notices. */
function isHumanPrompt(text: string): boolean {
  const t = text.trimStart();
  return t.length > 0 && !/^(<command-name>|<command-message>|<local-command-|<task-notification>|<system-reminder>|\[Request interrupted)/.test(t);
}

function count(tally: SignalTally, key: string): void {
  tally.failures[key] = (tally.failures[key] ?? 0) + 1;
  const keys = Object.keys(tally.failures);
  if (keys.length > KEEP_FAILURES) delete tally.failures[keys[0]!];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((i: ContentItem) => (typeof i?.text === 'string' ? i.text : '')).join('\n');
  return '';
}

/**
 * The failing tests a test runner's output names: vitest/jest (`FAIL file > test`, `× test`,
 * `✕ test`), pytest (`FAILED file::test`), go (`--- FAIL: Test`), TAP and node:test (`not ok N - test`).
 */
export function failingTests(output: string): string[] {
  const found = new Set<string>();
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '').trim();
    const match =
      /^FAIL\s+(.+?\s>\s.+)$/.exec(line) ??
      /^[×✕]\s+(.+?)(?:\s+\d+\s*ms)?$/.exec(line) ??
      /^FAILED\s+(\S+::\S+)/.exec(line) ??
      /^--- FAIL:\s+(\S+)/.exec(line) ??
      /^not ok\s+\d+\s+(?:-\s+)?(.+)$/.exec(line);
    if (match) found.add(match[1]!.trim());
  }
  return [...found];
}
