/** The agent clients whose before-tool hook agent-guard answers and spawn wires (config `clients`). */
export const CLIENTS = ['claude', 'codex', 'gemini', 'copilot', 'opencode', 'qwen', 'droid', 'cursor', 'cline'] as const;
export type Client = (typeof CLIENTS)[number];

export function isClient(name: string): name is Client {
  return (CLIENTS as readonly string[]).includes(name);
}
