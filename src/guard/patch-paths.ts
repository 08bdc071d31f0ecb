/**
 * The files a patch in Codex's apply_patch envelope writes (OpenCode's apply_patch uses the same):
 * `*** Add File: P`, `*** Update File: P` (with `*** Move to: Q`, both sides), `*** Delete File: P`.
 * This envelope is Codex's own format, not a unified diff, and no library reads it. Paths are as
 * written (relative to the call's folder, or absolute).
 */
export function envelopePaths(text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/.exec(line);
    if (m && !paths.includes(m[1]!.trim())) paths.push(m[1]!.trim());
  }
  return paths;
}
