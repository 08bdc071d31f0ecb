import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import type { ReportContext } from './report.js';
import { renderText } from './text.js';

export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

const renderers: Record<Format, (ctx: ReportContext) => string> = { text: renderText, json: renderJson, github: renderGithub };

export function renderReport(ctx: ReportContext, format: Format): string {
  return renderers[format](ctx);
}
