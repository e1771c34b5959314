/**
 * Screens free text for personal identifiers that must never be stored: mainland resident ID
 * numbers (GB 11643: 17 digits with a plausible birth date, then a digit or X), mobile numbers,
 * landline numbers with an area code, and e-mail addresses. The system records places and cases,
 * not people; a note that names a person's number is refused on write.
 *
 * The database applies the same patterns (pii_suspect() in db/migrations/0003_free_text_screening.sql),
 * so nothing bypasses the screen.
 *
 * @example
 * findPersonalIdentifiers('联系人电话13812345678') // [{ kind: 'mobile', masked: '138****5678' }]
 */
export interface PersonalIdentifier {
  kind: 'id_number' | 'mobile' | 'landline' | 'email';
  /** The match with its middle hidden, safe to echo in an error message. */
  masked: string;
}

const PATTERNS: [PersonalIdentifier['kind'], RegExp][] = [
  // Birth date 18xx–20xx, month 01–12, day 01–31.
  ['id_number', /(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/g],
  // 11 digits, also written 138-1234-5678 or 138 1234 5678.
  ['mobile', /(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])/g],
  ['landline', /(?<![0-9])0[1-9][0-9]{1,2}-?[2-8][0-9]{6,7}(?![0-9])/g],
  ['email', /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g]
];

function mask(s: string): string {
  if (s.length <= 6) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

/** Every personal identifier found in `text`, in order of kind then position. */
export function findPersonalIdentifiers(text: string): PersonalIdentifier[] {
  const found: PersonalIdentifier[] = [];
  const taken: [number, number][] = [];
  for (const [kind, re] of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      // A mobile number inside an ID number is one finding, not two.
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      found.push({ kind, masked: mask(m[0]) });
    }
  }
  return found;
}
