/** Reading a client's payload: an object field as an object (or empty), a string field as a non-empty string (or null). */
export const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Input fields that name a file, for tools whose field varies. */
export const PATH_FIELDS = ['file_path', 'path', 'filePath', 'notebook_path', 'filename', 'target_file'];
