import { describe, expect, it } from 'vitest';
import { duplicatedEntries, entryState, parseProblem, withoutDuplicateEntries, withEntry, withoutDuplicateTables, withoutEntry, type GuestEntry } from '../../src/home/formats.js';

const project = (key: string): GuestEntry => ({ kind: 'project', key, value: 'trusted' });
const hook = (key: string, value: string): GuestEntry => ({ kind: 'hook', key, value });
const folder = (key: string, value = 'TRUST_FOLDER'): GuestEntry => ({ kind: 'folder', key, value });

describe("entries in Codex's config.toml", () => {
  const mine = '# mine\nmodel = "gpt-5"  # two spaces\n\n[projects."/r"]\ntrust_level = "untrusted"\n';

  it('appends a table per entry, keeps the user\'s text byte for byte, and never writes a key twice', () => {
    let text = mine;
    for (const e of [project('/r.agents/web'), project('/r.agents/web'), hook('/r/.codex/hooks.json:pre_tool_use:0:0', 'sha256:1')]) text = withEntry('codex', text, e);
    expect(text).toBe(`${mine}\n[projects."/r.agents/web"]\ntrust_level = "trusted"\n\n[hooks.state."/r/.codex/hooks.json:pre_tool_use:0:0"]\ntrusted_hash = "sha256:1"\n`);
    expect(parseProblem('codex', text)).toBeNull();
    expect(withEntry('codex', text, project('/r.agents/web'))).toBe(text);
  });

  it('sets a different value in place (a stale hash, an untrusted project) and reads back the same', () => {
    const text = withEntry('codex', mine, project('/r'));
    expect(text).toBe(mine.replace('"untrusted"', '"trusted"'));
    const hashed = withEntry('codex', withEntry('codex', '', hook('k', 'sha256:1')), hook('k', 'sha256:2'));
    expect(hashed).toBe('[hooks.state."k"]\ntrusted_hash = "sha256:2"\n');
    expect(entryState('codex', hashed, hook('k', 'sha256:2'))).toBe('same');
  });

  it('takes out exactly what it appended, in any order, leaving the file as it was', () => {
    const entries = [project('/a b/"q"'), project('/r.agents/ü'), hook('/r:pre:0:0', 'sha256:1')];
    for (const start of [mine, '', 'a = 1\n', 'a = 1\n\n\n', '[x]\ny = 2\r\n']) {
      let text = start;
      for (const e of entries) text = withEntry('codex', text, e);
      expect(parseProblem('codex', text)).toBeNull();
      for (const e of [entries[1]!, entries[0]!, entries[2]!]) text = withoutEntry('codex', text, e);
      expect(text.replace(/\n+$/, '\n')).toBe(start.replace(/\n+$/, '\n'));
    }
  });

  it('leaves a table the user changed or wrote more into, taking out only agent-guard\'s key', () => {
    const text = withEntry('codex', mine, project('/w'));
    expect(withoutEntry('codex', text.replace('[projects."/w"]\ntrust_level = "trusted"', '[projects."/w"]\ntrust_level = "untrusted"'), project('/w'))).toContain('"untrusted"');
    const more = text.replace('[projects."/w"]\n', '[projects."/w"]\nsandbox = "x"\n');
    expect(withoutEntry('codex', more, project('/w'))).toBe(`${mine}\n[projects."/w"]\nsandbox = "x"\n`);
  });

  it('names the line of TOML that does not parse, a duplicated key included', () => {
    expect(parseProblem('codex', 'a = 1\n[x\n')).toMatchObject({ line: 2 });
    const twice = '[projects."/r"]\ntrust_level = "trusted"\n\n[projects."/r"]\ntrust_level = "trusted"\n';
    expect(parseProblem('codex', twice)).toMatchObject({ line: 4 });
  });

  it('repairs tables an older agent-guard wrote twice, keeping the first', () => {
    const twice = 'model = "m"\n\n[projects."/r"]\ntrust_level = "trusted"\n\n[projects."/r"]\ntrust_level = "trusted"\n\n[x]\ny = 1\n\n[projects."/r"]\ntrust_level = "trusted"\n';
    const fixed = withoutDuplicateTables(twice);
    expect(fixed).toBe('model = "m"\n\n[projects."/r"]\ntrust_level = "trusted"\n\n[x]\ny = 1\n');
    expect(parseProblem('codex', fixed)).toBeNull();
    expect(withoutDuplicateTables(fixed)).toBe(fixed);
  });
});

describe("Gemini CLI's trustedFolders.json and Copilot CLI's config.json", () => {
  it('adds a Gemini folder as a new member in the file\'s own indentation, and takes out exactly it', () => {
    const mine = '{\n    "/a": "TRUST_PARENT"\n}\n';
    const text = withEntry('gemini', mine, folder('/w "x"'));
    expect(text).toBe('{\n    "/a": "TRUST_PARENT",\n    "/w \\"x\\"": "TRUST_FOLDER"\n}\n');
    expect(withEntry('gemini', text, folder('/w "x"'))).toBe(text);
    expect(withoutEntry('gemini', text, folder('/w "x"'))).toBe(mine);
    expect(withEntry('gemini', '', folder('/w'))).toBe('{\n  "/w": "TRUST_FOLDER"\n}\n');
  });

  it('leaves a folder the user set otherwise when taking out', () => {
    const text = '{\n  "/w": "DO_NOT_TRUST"\n}\n';
    expect(withoutEntry('gemini', text, folder('/w'))).toBe(text);
  });

  it('appends to Copilot\'s trustedFolders (creating the list where there is none) and takes it out again', () => {
    const mine = '{\n  "model": "x",\n  "trustedFolders": [\n    "/a"\n  ]\n}\n';
    const text = withEntry('copilot', mine, folder('/w', '/w'));
    expect(JSON.parse(text)).toEqual({ model: 'x', trustedFolders: ['/a', '/w'] });
    expect(withEntry('copilot', text, folder('/w', '/w'))).toBe(text);
    expect(withoutEntry('copilot', text, folder('/w', '/w'))).toBe(mine);
    const bare = '{\n  "model": "x"\n}\n';
    expect(JSON.parse(withEntry('copilot', bare, folder('/w', '/w')))).toEqual({ model: 'x', trustedFolders: ['/w'] });
  });

  it('names the line of JSON that does not parse', () => {
    expect(parseProblem('gemini', '{\n  "a": 1,\n  oops\n}')).toMatchObject({ line: 3 });
    expect(parseProblem('copilot', '[1]')).toMatchObject({ message: 'not a JSON object' });
    expect(parseProblem('copilot', '{"trustedFolders": "/w"}')).toMatchObject({ message: 'trustedFolders is not a list' });
    expect(parseProblem('gemini', '{\n  // a comment Gemini CLI accepts\n  "/a": "TRUST_FOLDER"\n}\n')).toBeNull();
  });

  it('finds folders written twice and keeps each once', () => {
    const gemini = '{\n  "/a": "TRUST_FOLDER",\n  "/b": "TRUST_PARENT",\n  "/a": "TRUST_FOLDER"\n}\n';
    expect(duplicatedEntries('gemini', gemini)).toEqual(['/a']);
    expect(withoutDuplicateEntries('gemini', gemini)).toBe('{\n  "/a": "TRUST_FOLDER",\n  "/b": "TRUST_PARENT"\n}\n');
    const copilot = '{\n  "trustedFolders": [\n    "/w",\n    "/w",\n    "/x"\n  ]\n}\n';
    expect(duplicatedEntries('copilot', copilot)).toEqual(['/w']);
    expect(JSON.parse(withoutDuplicateEntries('copilot', copilot))).toEqual({ trustedFolders: ['/w', '/x'] });
    expect(duplicatedEntries('copilot', '{}')).toEqual([]);
  });
});
