import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  LAYER_IDS,
  defaultLayers,
  parseViewState,
  serializeViewState,
  stepPlayback,
  visibleDayRange,
  type ViewDefaults,
  type ViewState
} from '../../src/lib/map/view-state';

const defaults: ViewDefaults = { area: '370105', from: '2026-08-28', to: '2026-11-25', layers: defaultLayers(true) };

describe('parseViewState', () => {
  test('no parameters give the defaults', () => {
    const v = parseViewState(new URLSearchParams(), defaults);
    expect(v).toEqual({
      area: '370105',
      from: '2026-08-28',
      to: '2026-11-25',
      t: null,
      mode: 'cumulative',
      speed: 2,
      layers: defaults.layers,
      screen: false
    });
    expect(LAYER_IDS.filter((id) => v.layers[id].visible)).toEqual([
      'risk',
      'grids',
      'hazards',
      'enterprises',
      'petitionHeat'
    ]);
  });

  test('reads area, window, playback, layers, opacity and screen mode', () => {
    const v = parseViewState(
      new URLSearchParams(
        'area=370105-008-002&from=2026-01-01&to=2026-03-31&t=2026-02-10&mode=sliding&speed=8&layers=hazards,hotspots&opacity=hazards:40&screen=1'
      ),
      defaults
    );
    expect(v.area).toBe('370105-008-002');
    expect([v.from, v.to, v.t, v.mode, v.speed, v.screen]).toEqual([
      '2026-01-01',
      '2026-03-31',
      '2026-02-10',
      'sliding',
      8,
      true
    ]);
    expect(LAYER_IDS.filter((id) => v.layers[id].visible)).toEqual(['hazards', 'hotspots']);
    expect(v.layers.hazards.opacity).toBe(0.4);
    expect(v.layers.risk.opacity).toBe(0.7);
  });

  test.each([
    ['an area outside the scope', 'area=370106-001', { area: '370105' }],
    ['a prefix that is not an ancestor', 'area=3701051', { area: '370105' }],
    ['an inverted window', 'from=2026-05-01&to=2026-04-01', { from: '2026-08-28', to: '2026-11-25' }],
    ['an impossible date', 'from=2026-02-30&to=2026-03-01', { from: '2026-08-28', to: '2026-11-25' }],
    ['a window over five years', 'from=2000-01-01&to=2026-01-01', { from: '2026-08-28', to: '2026-11-25' }],
    ['a playback day outside the window', 't=2027-01-01', { t: null }],
    ['an unknown mode and speed', 'mode=warp&speed=3', { mode: 'cumulative', speed: 2 }]
  ])('falls back to the default for %s', (_label, query, expected) => {
    expect(parseViewState(new URLSearchParams(query), { ...defaults, area: '370105' })).toMatchObject(expected);
  });

  test('an inspector scope keeps areas inside it and refuses the district', () => {
    const scoped = { ...defaults, area: '370105-008' };
    expect(parseViewState(new URLSearchParams('area=370105-008-001-004'), scoped).area).toBe('370105-008-001-004');
    expect(parseViewState(new URLSearchParams('area=370105'), scoped).area).toBe('370105-008');
  });

  test('bad opacity values are ignored', () => {
    const v = parseViewState(new URLSearchParams('opacity=risk:140,hazards:x,nope:20,grids:30'), defaults);
    expect([v.layers.risk.opacity, v.layers.hazards.opacity, v.layers.grids.opacity]).toEqual([0.7, 1, 0.3]);
  });
});

describe('serializeViewState', () => {
  test('the default view is an empty query', () => {
    expect(serializeViewState(parseViewState(new URLSearchParams(), defaults), defaults).toString()).toBe('');
  });

  const day = fc
    .integer({ min: 0, max: 900 })
    .map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const view: fc.Arbitrary<ViewState> = fc
    .record({
      area: fc.constantFrom('370105', '370105-008', '370105-008-002', '370105-008-002-011'),
      a: day,
      b: day,
      tOffset: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
      mode: fc.constantFrom('cumulative' as const, 'sliding' as const),
      speed: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const),
      visible: fc.array(fc.boolean(), { minLength: LAYER_IDS.length, maxLength: LAYER_IDS.length }),
      opacity: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: LAYER_IDS.length, maxLength: LAYER_IDS.length }),
      screen: fc.boolean()
    })
    .map((r) => {
      const [from, to] = r.a <= r.b ? [r.a, r.b] : [r.b, r.a];
      const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
      const t =
        r.tOffset === null
          ? null
          : new Date(Date.parse(from) + (r.tOffset % (span + 1)) * 86_400_000).toISOString().slice(0, 10);
      const layers = Object.fromEntries(
        LAYER_IDS.map((id, i) => [id, { visible: r.visible[i]!, opacity: r.opacity[i]! / 100 }])
      ) as ViewState['layers'];
      return { area: r.area, from, to, t, mode: r.mode, speed: r.speed, layers, screen: r.screen };
    });

  test('parse(serialize(view)) gives the view back (property)', () => {
    fc.assert(
      fc.property(view, (v) => {
        expect(parseViewState(serializeViewState(v, defaults), defaults)).toEqual(v);
      }),
      { numRuns: 300 }
    );
  });
});

describe('playback', () => {
  const w = { from: '2026-01-01', to: '2026-01-31' };
  test('without a position the whole window is visible', () => {
    expect(visibleDayRange({ ...w, t: null, mode: 'sliding' })).toEqual(['2026-01-01', '2026-01-31']);
  });
  test('cumulative shows from the start, sliding the last seven days, clipped to the window', () => {
    expect(visibleDayRange({ ...w, t: '2026-01-20', mode: 'cumulative' })).toEqual(['2026-01-01', '2026-01-20']);
    expect(visibleDayRange({ ...w, t: '2026-01-20', mode: 'sliding' })).toEqual(['2026-01-14', '2026-01-20']);
    expect(visibleDayRange({ ...w, t: '2026-01-03', mode: 'sliding' })).toEqual(['2026-01-01', '2026-01-03']);
  });
  test('steps advance, stop at the last day, then wrap to the first', () => {
    expect(stepPlayback({ ...w, t: null }, 2)).toBe('2026-01-03');
    expect(stepPlayback({ ...w, t: '2026-01-30' }, 4)).toBe('2026-01-31');
    expect(stepPlayback({ ...w, t: '2026-01-31' }, 1)).toBe('2026-01-01');
  });
});
