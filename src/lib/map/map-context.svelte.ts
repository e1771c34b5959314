import { getContext, setContext } from 'svelte';

/** Shared state of the command map, reached through setMapContext / getMapContext. */
export class MapState {
  ready = $state(false);
  error = $state<string | null>(null);
  gridCount = $state(0);
  enterpriseCount = $state(0);
  showGrids = $state(true);
  showEnterprises = $state(true);
}

const KEY = Symbol('map-state');

/** Create the map state for a page and share it with its children. */
export function setMapContext(): MapState {
  return setContext(KEY, new MapState());
}

/** The map state of the enclosing page. */
export function getMapContext(): MapState {
  const state = getContext<MapState | undefined>(KEY);
  if (!state) throw new Error('getMapContext: no map state; call setMapContext in the page first');
  return state;
}
