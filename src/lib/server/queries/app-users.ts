/**
 * Questions about accounts that need no session (run with `trusted`).
 */
import type { Tx } from '../db/contexts';

/** Whether an account with this username exists. */
export async function usernameExists(tx: Tx, username: string): Promise<boolean> {
  const [known] = await tx`select 1 from app_user where username = ${username}`;
  return known !== undefined;
}
