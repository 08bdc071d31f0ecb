/**
 * The scope map of `agent-guard ui`: the repository's tracked files as a folder tree, each folder
 * with how many of its files each agent's scope holds, and which are shared, protected, held by no
 * scope or by more than one; files an agent changed outside its scope are marked where they sit.
 * Pure: the file list and the tests in, the tree out.
 */
export interface MapFolder {
  /** Repository-relative, '' for the root. */
  path: string;
  name: string;
  /** Files under it (all depths). */
  files: number;
  /** Agent → how many of those files its scope holds. */
  owners: Record<string, number>;
  shared: number;
  protected: number;
  /** Held by no agent's scope (and not shared). */
  unowned: number;
  /** Held by two or more agents' scopes. */
  overlap: number;
  /** Files changed by an agent outside its scope, under this folder. */
  strays: { path: string; agent: string; reason: string }[];
  folders: MapFolder[];
  /** Its own files (not those of sub-folders), up to a limit per folder. */
  own: MapFile[];
  /** Own files left out past the limit. */
  more: number;
}

export interface MapFile {
  name: string;
  owners: string[];
  shared?: true;
  protected?: true;
  stray?: string;
}

export interface MapTests {
  owners(path: string): string[];
  shared(path: string): boolean;
  protected(path: string): boolean;
}

/** Files listed one by one per folder; past this a folder shows only its counts. */
export const FILES_PER_FOLDER = 200;

export function scopeMap(files: readonly string[], tests: MapTests, strays: readonly { path: string; agent: string; reason: string }[]): MapFolder {
  const root = folder('', '');
  const byPath = new Map<string, MapFolder>([['', root]]);
  const strayOf = new Map(strays.map((s) => [s.path, s]));
  const folderAt = (path: string): MapFolder => {
    const known = byPath.get(path);
    if (known) return known;
    const slash = path.lastIndexOf('/');
    const parent = folderAt(slash < 0 ? '' : path.slice(0, slash));
    const made = folder(path, slash < 0 ? path : path.slice(slash + 1));
    parent.folders.push(made);
    byPath.set(path, made);
    return made;
  };
  // strays not tracked (new files) are placed too
  const all = [...new Set([...files, ...strays.map((s) => s.path)])].sort();
  for (const path of all) {
    const slash = path.lastIndexOf('/');
    const home = folderAt(slash < 0 ? '' : path.slice(0, slash));
    const owners = tests.owners(path);
    const isShared = tests.shared(path);
    const isProtected = tests.protected(path);
    const stray = strayOf.get(path);
    if (home.own.length < FILES_PER_FOLDER) {
      home.own.push({ name: path.slice(slash + 1), owners, ...(isShared && { shared: true as const }), ...(isProtected && { protected: true as const }), ...(stray && { stray: stray.agent }) });
    } else {
      home.more++;
    }
    // counted in every folder up to the root
    for (let at: string | null = home.path; at !== null; at = at === '' ? null : at.includes('/') ? at.slice(0, at.lastIndexOf('/')) : '') {
      const f = byPath.get(at)!;
      f.files++;
      for (const owner of owners) f.owners[owner] = (f.owners[owner] ?? 0) + 1;
      if (isShared) f.shared++;
      if (isProtected) f.protected++;
      if (!isShared && !isProtected && owners.length === 0) f.unowned++;
      if (owners.length > 1) f.overlap++;
      if (stray) f.strays.push(stray);
    }
  }
  return root;
}

function folder(path: string, name: string): MapFolder {
  return { path, name, files: 0, owners: {}, shared: 0, protected: 0, unowned: 0, overlap: 0, strays: [], folders: [], own: [], more: 0 };
}
