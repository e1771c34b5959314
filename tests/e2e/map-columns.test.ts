/**
 * The map's point endpoints over HTTP on the embedded demo app: binary columns (`format=bin` or
 * Accept: application/octet-stream) carry the same points as the JSON answer, for a district
 * commander and for a sub-district inspector; JSON stays the default; a bad format gets a 400.
 */
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_USERS } from '../../src/lib/server/auth/users';
import { signInCookie } from '../support/session-cookie';
import { decodeHazardPayload, HAZARD_POSITION_MAX_STEP } from '../../src/lib/map/hazard-payload';
import { decodePetitionPayload } from '../../src/lib/map/petition-payload';
import { dayNumber, todayInChina } from '../../src/lib/core/dates';
import { addDays } from '../../src/lib/map/view-state';

const baseUrl = inject('baseUrl');

function signIn(username: string): Promise<string> {
  return signInCookie(
    baseUrl,
    DEMO_USERS.find((u) => u.username === username)!
  );
}

// Float32 near 117° holds a position to half an ulp, 2^-18 ≈ 3.8e-6°.
const F32_HALF_ULP = 2 ** -18;

describe('binary map columns', () => {
  const cookies: Record<string, string> = {};
  const to = todayInChina();
  const from = addDays(to, -364);
  beforeAll(async () => {
    for (const u of ['commander', 'inspector', 'mediator']) cookies[u] = await signIn(u);
  });
  const get = (who: string, path: string, accept?: string) =>
    fetch(`${baseUrl}${path}`, { headers: { cookie: cookies[who]!, ...(accept ? { accept } : {}) } });

  test.each(['commander', 'inspector'])(
    'hazards as %s: the binary answer holds the JSON answer’s hazards',
    async (who) => {
      const path = `/api/map/hazards?from=${from}&to=${to}`;
      const json = (await (await get(who, path)).json()) as {
        count: number;
        ids: number[];
        positions: number[];
        level: number[];
        status: number[];
        foundDay: number[];
        deadlineDay: number[];
        rectifiedDay: number[];
      };
      const res = await get(who, `${path}&format=bin`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      const payload = await res.arrayBuffer();
      const bin = decodeHazardPayload(payload);

      expect(json.count).toBeGreaterThan(0);
      expect(bin.count).toBe(json.count);
      expect(Array.from(bin.ids)).toEqual(json.ids);
      expect(Array.from(bin.level)).toEqual(json.level);
      expect(Array.from(bin.status)).toEqual(json.status);
      expect(Array.from(bin.foundDay)).toEqual(json.foundDay);
      expect(Array.from(bin.deadlineDay)).toEqual(json.deadlineDay);
      expect(Array.from(bin.rectifiedDay)).toEqual(json.rectifiedDay);
      // The window's hazards include ones found before it and still open in it.
      expect(json.foundDay.some((d) => d < dayNumber(from))).toBe(true);
      const worst = Math.max(...json.positions.map((v, i) => Math.abs(bin.positions[i]! - v)));
      expect(worst).toBeLessThanOrEqual(HAZARD_POSITION_MAX_STEP / 2 + F32_HALF_ULP);
      // At most the worst case docs/binary-columns.md states (14 B): ids interleave once visits add hazards.
      expect(payload.byteLength / bin.count).toBeLessThanOrEqual(14);
    }
  );

  test.each(['commander', 'mediator'])(
    'petitions as %s: the binary answer holds the JSON answer’s cases',
    async (who) => {
      const path = `/api/map/petitions?from=${from}&to=${to}`;
      const json = (await (await get(who, path)).json()) as {
        count: number;
        positions: number[];
        receivedDay: number[];
        weight: number[];
        open: number[];
      };
      const res = await get(who, path, 'application/octet-stream');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('vary')).toContain('Accept');
      const payload = await res.arrayBuffer();
      const bin = decodePetitionPayload(payload);

      expect(json.count).toBeGreaterThan(0);
      expect(bin.count).toBe(json.count);
      expect(Array.from(bin.positions, (v) => Math.round(v * 1e5) / 1e5)).toEqual(json.positions);
      expect(Array.from(bin.receivedDay)).toEqual(json.receivedDay);
      expect(Array.from(bin.weight)).toEqual(json.weight);
      expect(Array.from(bin.open)).toEqual(json.open);
      // At most the worst case docs/binary-columns.md states (14 B): ids interleave once visits add hazards.
      expect(payload.byteLength / bin.count).toBeLessThanOrEqual(14);
    }
  );

  test('JSON stays the default, and format=json wins over an Accept for binary', async () => {
    const plain = await get('commander', '/api/map/hazards');
    expect(plain.headers.get('content-type')).toContain('application/json');
    const forced = await get('commander', '/api/map/hazards?format=json', 'application/octet-stream');
    expect(forced.headers.get('content-type')).toContain('application/json');
    expect(((await forced.json()) as { count: number }).count).toBe(((await plain.json()) as { count: number }).count);
  });

  test.each([
    ['/api/map/hazards?format=csv', 'Invalid query parameter "format": must be "json" or "bin"'],
    [`/api/map/petitions?from=${from}&to=${to}&format=BIN`, 'Invalid query parameter "format": must be "json" or "bin"']
  ])('%s → 400', async (path, message) => {
    const res = await get('commander', path);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain(message);
  });

  test('an inspector asking for petition columns in binary is refused as in JSON', async () => {
    const res = await get('inspector', `/api/map/petitions?from=${from}&to=${to}&format=bin`);
    expect(res.status).toBe(403);
  });
});
