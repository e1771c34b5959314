/**
 * A random UUID v4 for a visit's idempotency key. crypto.randomUUID exists only in secure
 * contexts (https or localhost); a phone on the district's LAN over plain http still has
 * crypto.getRandomValues. https://www.rfc-editor.org/rfc/rfc9562#section-5.4
 */
export function newVisitKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
