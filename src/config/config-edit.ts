import type { parseDocument as ParseDocument } from 'yaml';
import { PACKAGE_JSON_KEY } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { requireLazily } from '../io/lazy-require.js';

const parseDocument: typeof ParseDocument = (...args) => (requireLazily('yaml') as typeof import('yaml')).parseDocument(...args);

export interface AgentUpdate {
  scope?: string[];
  task?: string;
  after?: string[];
}

/**
 * The config file's text with agent `name` added or updated; everything else is kept (YAML
 * comments included). Pure. JS/TS configs cannot be rewritten safely, so they get instructions.
 */
export function withAgent(file: string, text: string, name: string, update: AgentUpdate): string {
  if (/\.(c|m)?js$|\.ts$/.test(file)) {
    const entry = JSON.stringify({ [name]: { scope: update.scope ?? ['…'], ...(update.task !== undefined && { task: update.task }) } });
    throw new UsageError(
      `agent-guard: ${file} is code, so agent-guard will not rewrite it. Add this under "agents" by hand, commit it on the base branch, and run spawn again without --scope/--task: ${entry}`,
    );
  }
  if (file.endsWith('.json') || file === 'package.json') return withAgentJson(file, text, name, update);
  return withAgentYaml(text, name, update);
}

function withAgentJson(file: string, text: string, name: string, update: AgentUpdate): string {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const config = (file === 'package.json' ? ((doc[PACKAGE_JSON_KEY] ??= {}) as Record<string, unknown>) : doc);
  const agents = (config.agents ??= {}) as Record<string, Record<string, unknown>>;
  agents[name] = { ...agents[name], ...definedOnly(update) };
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  return JSON.stringify(doc, null, indent) + '\n';
}

function withAgentYaml(text: string, name: string, update: AgentUpdate): string {
  const doc = parseDocument(text);
  for (const [key, value] of Object.entries(definedOnly(update))) doc.setIn(['agents', name, key], value);
  return doc.toString();
}

function definedOnly(update: AgentUpdate): Record<string, unknown> {
  return Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
}

/** The config file's text with a top-level key set (e.g. `claudeHooks: false`); everything else kept. Pure. */
export function withSetting(file: string, text: string, key: string, value: unknown): string {
  if (/\.(c|m)?js$|\.ts$/.test(file)) {
    throw new UsageError(`agent-guard: ${file} is code, so agent-guard will not rewrite it. Add ${JSON.stringify(key)}: ${JSON.stringify(value)} to it by hand.`);
  }
  if (file.endsWith('.json') || file === 'package.json') {
    const doc = JSON.parse(text) as Record<string, unknown>;
    const config = file === 'package.json' ? ((doc[PACKAGE_JSON_KEY] ??= {}) as Record<string, unknown>) : doc;
    config[key] = value;
    const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
    return JSON.stringify(doc, null, indent) + '\n';
  }
  const doc = parseDocument(text);
  doc.set(key, value);
  return doc.toString();
}
