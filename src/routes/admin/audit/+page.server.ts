import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { auditEntries } from '$lib/server/queries/audit-entries';
import { numericId } from '$lib/api/params';
import { chinaDateTime } from '$lib/core/dates';
import { translator, type MessageKey } from '$lib/i18n/messages';
import type { PageServerLoad } from './$types';

const query = z.strictObject({
  outcome: z.enum(['allowed', 'denied', 'error']).optional(),
  user: z
    .string()
    .regex(/^[a-z0-9_.-]{1,40}$/)
    .optional(),
  before: numericId.optional()
});

/** The filter form's fields as sent: an empty field (「全部」, no user typed) means no filter; `lang` is the language switch's. */
function filterFields(params: URLSearchParams): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [k, v] of params) if (k !== 'lang' && v.trim() !== '') fields[k] = v.trim();
  return fields;
}

const PAGE = 100;

/** The newest audit entries (admins only: the database's audit_read policy enforces it too). */
export const load: PageServerLoad = async ({ url, locals }) => {
  const parsed = query.safeParse(filterFields(url.searchParams));
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]!.path[0] ?? '');
    const t = translator(locals.locale);
    error(
      400,
      t('audit.badFilter', {
        field: ['outcome', 'user', 'before'].includes(field) ? t(`audit.field.${field}` as MessageKey) : field
      })
    );
  }
  const f = parsed.data;
  const rows = await withCaller(await getSql(), locals.sessionToken!, (tx) =>
    auditEntries(tx, { outcome: f.outcome, username: f.user, before: f.before }, PAGE)
  );
  return {
    filter: f,
    entries: rows.map((r) => ({ ...r, at: chinaDateTime(r.at) })),
    nextBefore: rows.length === PAGE ? rows[rows.length - 1]!.id : null
  };
};
