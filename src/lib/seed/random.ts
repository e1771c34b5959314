/** Moved to $lib/core/random; kept as a re-export until the route files import core directly. */
export * from '../core/random';
