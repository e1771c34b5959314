/**
 * A day's route as GPX 1.1 (https://www.topografix.com/GPX/1/1/): one waypoint per stop and one
 * route through the start and the stops, for phone navigation apps and GIS tools.
 */

/** One point of the route. */
export interface GpxStop {
  name: string;
  lon: number;
  lat: number;
  /** Shown as the waypoint's description. */
  description?: string;
}

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function coordinate(value: number, min: number, max: number, what: string): string {
  if (!(value >= min && value <= max)) throw new Error(`Invalid ${what} ${value}: must be between ${min} and ${max}`);
  return value.toFixed(6);
}

function point(tag: 'wpt' | 'rtept', s: GpxStop): string {
  const lat = coordinate(s.lat, -90, 90, 'latitude');
  const lon = coordinate(s.lon, -180, 180, 'longitude');
  const desc = s.description ? `<desc>${escapeXml(s.description)}</desc>` : '';
  return `<${tag} lat="${lat}" lon="${lon}"><name>${escapeXml(s.name)}</name>${desc}</${tag}>`;
}

/**
 * GPX 1.1 text of a route: `start` then `stops` in order.
 * @param name the route's name
 * @param time creation time (ISO 8601), recorded in the metadata
 * @throws Error on a coordinate out of range
 */
export function routeToGpx(name: string, time: string, start: GpxStop, stops: readonly GpxStop[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="pingan-yizhangtu" xmlns="http://www.topografix.com/GPX/1/1">',
    `<metadata><name>${escapeXml(name)}</name><time>${escapeXml(time)}</time></metadata>`,
    ...stops.map((s) => point('wpt', s)),
    `<rte><name>${escapeXml(name)}</name>`,
    ...[start, ...stops].map((s) => point('rtept', s)),
    '</rte>',
    '</gpx>',
    ''
  ].join('\n');
}
