import type { Client } from '../core/clients.js';
import { claude } from './claude.js';
import { cline } from './cline.js';
import type { AgentClient } from './client.js';
import { codex } from './codex.js';
import { copilot } from './copilot.js';
import { cursor } from './cursor.js';
import { droid } from './droid.js';
import { gemini } from './gemini.js';
import { opencode } from './opencode.js';
import { qwen } from './qwen.js';

/** Every agent client agent-guard knows, by its name in the config's `clients`: the one place a client is described. */
export const CLIENT_TABLE: Record<Client, AgentClient> = { claude, codex, gemini, copilot, opencode, qwen, droid, cursor, cline };

/** Each client's hook file, relative to the worktree (or the main checkout: hooksInMainCheckout). */
export const CLIENT_HOOK_FILES = Object.fromEntries(Object.values(CLIENT_TABLE).flatMap((c) => (c.hookFile ? [[c.name, c.hookFile]] : []))) as Record<Exclude<Client, 'claude'>, string>;

/** The clients that read a linked worktree's hooks from the main checkout. */
export const IN_MAIN_CHECKOUT: ReadonlySet<Client> = new Set(Object.values(CLIENT_TABLE).filter((c) => c.hooksInMainCheckout).map((c) => c.name));
