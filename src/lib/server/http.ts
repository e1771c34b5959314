import { error } from '@sveltejs/kit';
import type { z } from 'zod';

/**
 * Parse URL search parameters with a zod schema; on failure answer 400 with a message that names
 * the parameter and what is expected.
 */
export function parseSearchParams<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `query parameter "${issue.path.join('.')}"` : 'query';
    error(400, `Invalid ${where}: ${issue.message}`);
  }
  return parsed.data;
}
