import type { Shape } from './config-shape.js';

export interface Problem {
  /** Key path like `agents.orders.scope[1]`; empty for the whole document. */
  at: string;
  message: string;
}

/** Every problem in `value` against `shape`, collected (not just the first). */
export function shapeProblems(value: unknown, shape: Shape, at = ''): Problem[] {
  const problems: Problem[] = [];
  if (shape.anyOf) {
    const tries = shape.anyOf.map((alternative) => shapeProblems(value, alternative, at));
    if (tries.some((t) => t.length === 0)) return [];
    // the problems of the form the value was meant to take (its type), else of the first
    const meant = shape.anyOf.findIndex((alternative) => wrongType(value, alternative) === null);
    if (meant >= 0) return tries[meant]!;
    return [{ at, message: `must be ${shape.anyOf.map((a) => (a.type === 'object' ? 'an object' : `a ${a.type}`)).join(' or ')}` }];
  }
  const typeProblem = wrongType(value, shape);
  if (typeProblem) return [{ at, message: typeProblem }];

  if (typeof value === 'string') {
    if (shape.minLength !== undefined && value.length < shape.minLength) {
      problems.push({ at, message: value.length === 0 ? 'must not be empty' : `must be at least ${shape.minLength} characters` });
    } else if (shape.maxLength !== undefined && value.length > shape.maxLength) {
      problems.push({ at, message: `must be at most ${shape.maxLength} characters` });
    } else if (shape.enum !== undefined && !shape.enum.includes(value)) {
      problems.push({ at, message: `${JSON.stringify(value)} is not one of ${shape.enum.join(', ')}` });
    } else if (shape.pattern !== undefined && !new RegExp(shape.pattern).test(value)) {
      problems.push({ at, message: `${JSON.stringify(value)} does not match ${shape.pattern}` });
    } else if (shape['x-glob']) {
      const bad = globProblem(value);
      if (bad) problems.push({ at, message: bad });
    }
  }
  if (typeof value === 'number') {
    if (shape.minimum !== undefined && value < shape.minimum) problems.push({ at, message: `must be at least ${shape.minimum}` });
    else if (shape.maximum !== undefined && value > shape.maximum) problems.push({ at, message: `must be at most ${shape.maximum}` });
  }
  if (Array.isArray(value) && shape.items) {
    value.forEach((item, i) => {
      problems.push(...shapeProblems(item, shape.items!, `${at}[${i}]`));
    });
  }
  if (isPlainObject(value)) {
    for (const key of shape.required ?? []) {
      if (!(key in value)) problems.push({ at: join(at, key), message: 'is required' });
    }
    for (const [key, child] of Object.entries(value)) {
      const keyAt = join(at, key);
      if (shape.propertyNames) {
        const nameProblems = shapeProblems(key, shape.propertyNames, keyAt);
        if (nameProblems.length) {
          problems.push({
            at: keyAt,
            message: `${JSON.stringify(key)} is not a valid name: use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
          });
          continue;
        }
      }
      const childShape = shape.properties?.[key] ?? shape.additionalProperties;
      if (childShape === undefined) continue;
      if (childShape === false) {
        const known = Object.keys(shape.properties ?? {}).filter((k) => k !== '$schema');
        problems.push({ at: keyAt, message: `is not a known key (known keys: ${known.join(', ')})` });
        continue;
      }
      problems.push(...shapeProblems(child, childShape, keyAt));
    }
  }
  return problems;
}

/** Why a glob cannot be a repository-relative scope glob, or null when it can. */
export function globProblem(globText: string): string | null {
  const body = globText.startsWith('!') ? globText.slice(1) : globText;
  if (body.trim() === '') return 'is an empty glob';
  if (body.startsWith('/') || /^[A-Za-z]:/.test(body) || body.startsWith('\\')) {
    return `${JSON.stringify(globText)} is absolute; globs are relative to the repository root (e.g. "src/**")`;
  }
  if (body.split(/[\\/]/).includes('..')) {
    return `${JSON.stringify(globText)} contains a ".." segment; globs cannot reach outside the repository`;
  }
  return null;
}

function wrongType(value: unknown, shape: Shape): string | null {
  if (!shape.type) return null;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const ok = shape.type === 'object' ? isPlainObject(value) : shape.type === 'integer' ? Number.isInteger(value) : actual === shape.type;
  if (ok) return null;
  const article = shape.type === 'array' || shape.type === 'object' || shape.type === 'integer' ? 'an' : 'a';
  return `must be ${article} ${shape.type}${shape.items?.['x-glob'] ? ' of globs' : ''}, not ${actual === 'object' ? 'an object' : actual}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}
