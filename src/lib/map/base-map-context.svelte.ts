import { getContext, setContext } from 'svelte';
import type { Map as MaplibreMap } from 'maplibre-gl';

/**
 * What a `<BaseMap>` shares with its children (layers, overlays): the MapLibre map once its style
 * has loaded. The pattern of svelte-maplibre-gl's map context: the map component creates it, the
 * children reach it through `getBaseMapContext()` and add themselves to the map.
 */
export class BaseMapContext {
  /** The map, set once its style has loaded: a child may add sources and layers at once. */
  map = $state.raw<MaplibreMap | null>(null);
  /** A child's failure to add itself (the map shows it like its own). */
  error = $state<string | null>(null);
}

const KEY = Symbol('base-map');

/** Create the context of a `<BaseMap>` and share it with its children. */
export function setBaseMapContext(): BaseMapContext {
  return setContext(KEY, new BaseMapContext());
}

/** The context of the enclosing `<BaseMap>`; throws outside one. */
export function getBaseMapContext(): BaseMapContext {
  const context = getContext<BaseMapContext | undefined>(KEY);
  if (!context) throw new Error('getBaseMapContext: no map; use this component inside <BaseMap>');
  return context;
}
