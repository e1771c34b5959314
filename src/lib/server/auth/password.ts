/**
 * Password hashing with bcrypt (bcryptjs: maintained, pure JavaScript, so no native build or
 * platform binary is needed). Cost 12 ≈ 0.25 s per hash on these machines, computed in a worker
 * thread (hash-pool.ts) so the event loop keeps answering other requests.
 * https://github.com/dcodeIO/bcrypt.js
 */
import { compareInWorker, hashInWorker } from './hash-pool';

const COST = 12;

/** Rules for a new password; returns a message to show, or null when acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'The password must have at least 12 characters.';
  if (new TextEncoder().encode(password).length > 72)
    return 'The password must be at most 72 bytes (bcrypt ignores the rest).';
  return null;
}

/** Hash a password for storage. */
export function hashPassword(password: string): Promise<string> {
  return hashInWorker(password, COST);
}

/** Check a password against a stored hash (constant-time compare inside bcrypt). */
export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return compareInWorker(password, hash);
}
