/** The output formats of `check`; apart from the renderers so the CLI table can name them cheaply. */
export const FORMATS = ['text', 'json', 'github', 'gitlab', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
