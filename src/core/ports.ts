/**
 * Ports and names per agent: each live agent gets a block of ports no other live agent holds, and
 * the environment its dev servers, test servers and containers read. agent-guard only hands the
 * numbers out; nothing listens on them. Pure.
 */
export interface PortBlock {
  from: number;
  size: number;
}

/** The lowest block of `size` ports in `range` that overlaps none of `taken`; null when none is left. */
export function freeBlock(size: number, range: { from: number; to: number }, taken: readonly PortBlock[]): number | null {
  const sorted = [...taken].sort((a, b) => a.from - b.from);
  let start = range.from;
  for (const block of sorted) {
    if (block.from + block.size <= start) continue;
    if (block.from >= start + size) break;
    start = block.from + block.size;
  }
  return start + size - 1 <= range.to ? start : null;
}

/** `COMPOSE_PROJECT_NAME` for an agent: lower case, letters, digits, `-` and `_` (what Docker Compose accepts), unique per repository and agent. */
export function composeProjectName(repo: string, agent: string): string {
  const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
  return `${clean(repo) || 'repo'}-${clean(agent) || 'agent'}`;
}

/** The environment of agent `agent`: its name, its ports (where it has a block), its Compose project. */
export function agentEnvironment(agent: string, repo: string, block: PortBlock | null): Record<string, string> {
  const env: Record<string, string> = { AGENT_GUARD_AGENT: agent, COMPOSE_PROJECT_NAME: composeProjectName(repo, agent) };
  if (block) {
    env.AGENT_GUARD_PORT = String(block.from);
    env.PORT = String(block.from);
    env.AGENT_GUARD_PORTS = Array.from({ length: block.size }, (_, i) => block.from + i).join(',');
  }
  return env;
}

/** The environment as lines a shell sources (`export NAME='value'`). */
export function exportLines(env: Record<string, string>): string {
  return Object.entries(env).map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'\n`).join('');
}
