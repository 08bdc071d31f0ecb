import { commonGitDir } from '../git/fs-refs.js';
import type { GuestFormat } from '../home/formats.js';
import { addTrust, trustFile } from '../home/trust.js';
import { readIfExists } from '../io/files.js';
import type { TrustInput } from './client.js';
import { trustOwner } from './codex-trust.js';

/** Gemini CLI's and Copilot CLI's trust: the worktree as a trusted folder in their file in the home (`value` as each writes it). */
export async function addFolderTrust(format: Exclude<GuestFormat, 'codex'>, { mainRoot, worktree, gitDir, env }: TrustInput, value: string): Promise<string> {
  const file = trustFile(format, env);
  await addTrust(commonGitDir(gitDir), format, file, [{ kind: 'folder', key: worktree, value, owner: trustOwner(mainRoot, worktree) }]);
  return file;
}

export function folderTrusted(format: Exclude<GuestFormat, 'codex'>, { worktree, env }: TrustInput): boolean {
  return (readIfExists(trustFile(format, env)) ?? '').includes(JSON.stringify(worktree));
}
