/** Marks agent-guard's entries in a settings file shared with the user's own hooks. */
export const GUARD_MARK = 'guard-entry.js';

/** Marks agent-guard's attention hooks (their command writes this file). */
export const ATTENTION_MARK = 'agent-guard/attention.json';

/** The guard's command names this client (one hook file may serve several: Copilot also runs Claude Code's). */
export const guardFor = (client: string) => ({ hookText }: { hookText: string }) => hookText.includes(GUARD_MARK) && hookText.includes(`--client ${client}`);
