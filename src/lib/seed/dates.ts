/** Moved to $lib/core/dates; kept as a re-export until the route files import core directly. */
export * from '../core/dates';
