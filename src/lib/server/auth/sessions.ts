/**
 * Server-side sessions: a random 256-bit token in an HttpOnly cookie; the database keeps only its
 * SHA-256. A new token at every sign-in; sign-out revokes it; idle and absolute expiry are checked
 * by the database on every request (app_session_user()).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/connect';
import { trusted } from '../db/contexts';
import type { Role } from '../access/permissions';

/** Session lifetime: absolute and idle, in minutes. */
export const SESSION_ABSOLUTE_MINUTES = 12 * 60;
export const SESSION_IDLE_MINUTES = 120;
export const SESSION_COOKIE = 'pingan_session';

/** The signed-in user of a request. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  homeAreaCode: string;
}

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** Create a session for a user; returns the token for the cookie. */
export async function createSession(sql: Sql, userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await trusted(
    sql,
    (tx) => tx`
    insert into app_session (token_hash, user_id, expires_at, idle_timeout)
    values (${hash(token)}, ${userId}, now() + ${SESSION_ABSOLUTE_MINUTES} * interval '1 minute',
            ${SESSION_IDLE_MINUTES} * interval '1 minute')`
  );
  return token;
}

/**
 * The user of a session token, or null when the token is unknown, revoked, expired or the user is
 * disabled. Touches last_seen_at (idle expiry counts from the last request) at most once a minute,
 * so reading a session is not a write on every request.
 */
export async function readSession(sql: Sql, token: string): Promise<SessionUser | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return trusted(sql, async (tx) => {
    const [row] = await tx<
      { id: number; username: string; display_name: string; role: Role; home_area_code: string }[]
    >`
      with valid as (
        select s.token_hash, s.last_seen_at, u.id, u.username, u.display_name, u.role, u.home_area_code
        from app_session s join app_user u on u.id = s.user_id
        where s.token_hash = ${hash(token)}
          and s.revoked_at is null and s.expires_at > now() and s.last_seen_at + s.idle_timeout > now()
          and u.active
      ), touched as (
        update app_session set last_seen_at = now()
        where token_hash = (select token_hash from valid where last_seen_at < now() - interval '1 minute')
      )
      select id, username, display_name, role, home_area_code from valid`;
    return row
      ? {
          id: row.id,
          username: row.username,
          displayName: row.display_name,
          role: row.role,
          homeAreaCode: row.home_area_code
        }
      : null;
  });
}

/** Revoke a session (sign-out). */
export async function revokeSession(sql: Sql, token: string): Promise<void> {
  await trusted(
    sql,
    (tx) => tx`update app_session set revoked_at = now() where token_hash = ${hash(token)} and revoked_at is null`
  );
}
