import { describe, expect, test } from 'vitest';
import { landingPath } from '../../src/lib/server/access/home-path';
import { ROLES } from '../../src/lib/server/access/permissions';

describe('landingPath', () => {
  test.each([
    ['commander', '/'],
    ['planner', '/plan'],
    ['inspector', '/inspect'],
    ['mediator', '/'],
    ['admin', '/']
  ] as const)('%s with nothing asked for lands on %s', (role, path) => {
    expect(landingPath(role, '/')).toBe(path);
  });

  test('a page that was asked for is kept, for every role', () => {
    for (const role of ROLES) {
      expect(landingPath(role, '/?area=370105-008')).toBe('/?area=370105-008');
      expect(landingPath(role, '/briefing?area=370105')).toBe('/briefing?area=370105');
    }
  });
});
