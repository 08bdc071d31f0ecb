import type { Config } from './config.js';

/**
 * Agents that build on other agents' work (`agents.B.after: ["A"]`): B starts from A's branch, is
 * merged only after A, and its sync brings in A's new commits. Pure.
 */

/** Why the `after` lists cannot be followed (unknown agent, itself, a cycle), each with its chain. */
export function afterProblems(agents: Record<string, { after?: string[] }>): { at: string; message: string }[] {
  const problems: { at: string; message: string }[] = [];
  for (const [name, agent] of Object.entries(agents)) {
    for (const [i, other] of (agent.after ?? []).entries()) {
      if (other === name) problems.push({ at: `agents.${name}.after[${i}]`, message: `"${name}" cannot come after itself` });
      else if (!(other in agents)) problems.push({ at: `agents.${name}.after[${i}]`, message: `"${other}" is not an agent in this config` });
    }
  }
  if (problems.length) return problems;
  const cycle = findCycle(agents);
  return cycle ? [{ at: `agents.${cycle[0]}.after`, message: `the agents wait for each other in a cycle: ${cycle.join(' → ')}` }] : [];
}

function findCycle(agents: Record<string, { after?: string[] }>): string[] | null {
  const state = new Map<string, 'active' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'active') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'active');
    path.push(name);
    for (const other of agents[name]?.after ?? []) {
      const found = visit(other);
      if (found) return found;
    }
    path.pop();
    state.set(name, 'done');
    return null;
  };
  for (const name of Object.keys(agents)) {
    const found = visit(name);
    if (found) return found;
  }
  return null;
}

/** The agents `name` waits for, nearest first, transitively (its whole chain). */
export function predecessors(config: Config, name: string): string[] {
  const seen: string[] = [];
  const walk = (agent: string) => {
    for (const other of config.agents[agent]?.after ?? []) {
      if (seen.includes(other)) continue;
      seen.push(other);
      walk(other);
    }
  };
  walk(name);
  return seen;
}

/** Whether one of the two waits for the other (directly or down a chain). */
export function inSequence(config: Config, a: string, b: string): boolean {
  return predecessors(config, a).includes(b) || predecessors(config, b).includes(a);
}

/** `names` reordered so that every agent comes after those it waits for; otherwise in the order given. */
export function dependencyOrder(config: Config, names: readonly string[]): string[] {
  const ordered: string[] = [];
  const place = (name: string) => {
    if (ordered.includes(name)) return;
    for (const other of config.agents[name]?.after ?? []) if (names.includes(other)) place(other);
    ordered.push(name);
  };
  names.forEach(place);
  return ordered;
}

/** Every chain as text, for status and plan: `schema → api → web`. */
export function chains(config: Config): string[] {
  const waiting = Object.entries(config.agents).filter(([, a]) => (a.after ?? []).length > 0);
  return waiting.map(([name, agent]) => `${(agent.after ?? []).join(', ')} → ${name}`);
}
