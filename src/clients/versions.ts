import { execFile } from 'node:child_process';
import type { Client } from '../core/clients.js';
import { CLIENT_TABLE } from './table.js';

export interface ClientVersion {
  client: Client;
  version: string | null;
}

/** Whether `version` is at least `min` (dotted numbers; anything unreadable counts as new enough). */
export function atLeast(version: string, min: string): boolean {
  const a = version.match(/\d+(\.\d+)*/)?.[0].split('.').map(Number);
  const b = min.split('.').map(Number);
  if (!a) return true;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** The version each configured client on the PATH reports (`NAME --version`), or nothing where it is not installed. */
export async function gatherVersions(clients: readonly Client[]): Promise<ClientVersion[]> {
  return Promise.all(
    clients.map(
      (client) =>
        new Promise<ClientVersion>((resolve) =>
          execFile(CLIENT_TABLE[client].binary, ['--version'], { timeout: 10_000 }, (err, out) => resolve({ client, version: err ? null : String(out).split('\n')[0]! })),
        ),
    ),
  );
}

