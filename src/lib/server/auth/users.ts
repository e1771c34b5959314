import { z } from 'zod';
import type { Sql } from '../db/connect';
import { trusted } from '../db/contexts';
import { ROLES, type Role } from '../access/permissions';
import { hashPassword, passwordProblem, verifyPassword } from './password';

export const newUserSchema = z.object({
  username: z.string().regex(/^[a-z0-9_.-]{3,40}$/, 'use 3–40 lower-case letters, digits, "_", "." or "-"'),
  displayName: z.string().trim().min(1).max(60),
  role: z.enum(ROLES),
  homeAreaCode: z.string().regex(/^[0-9]{6}(-[0-9]{3}){0,3}$/, 'must be an area code such as 370105 or 370105-001'),
  password: z.string().superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
});
export type NewUser = z.infer<typeof newUserSchema>;

/**
 * Create a user after checking the home area exists.
 * @throws Error with a message a person can act on (unknown area, taken username)
 */
export async function createUser(sql: Sql, input: NewUser): Promise<number> {
  const user = newUserSchema.parse(input);
  const passwordHash = await hashPassword(user.password);
  return trusted(sql, async (tx) => {
    const [area] = await tx`select 1 from area where code = ${user.homeAreaCode} and valid_to is null`;
    if (!area) throw new Error(`No current area has the code ${user.homeAreaCode}`);
    const [taken] = await tx`select 1 from app_user where username = ${user.username}`;
    if (taken) throw new Error(`The username ${user.username} is taken`);
    const [row] = await tx<{ id: number }[]>`
      insert into app_user (username, display_name, role, home_area_code, password_hash)
      values (${user.username}, ${user.displayName}, ${user.role}, ${user.homeAreaCode}, ${passwordHash})
      returning id`;
    return row!.id;
  });
}

let dummyHash: Promise<string> | undefined;

/** Check credentials; returns the user id, or null (unknown user, wrong password, disabled). */
export async function authenticate(sql: Sql, username: string, password: string): Promise<number | null> {
  const [row] = await trusted(
    sql,
    (tx) => tx<{ id: number; password_hash: string; active: boolean }[]>`
    select id, password_hash, active from app_user where username = ${username}`
  );
  // Compare even for unknown users, so timing does not tell which usernames exist.
  dummyHash ??= hashPassword('not a real password, only for timing');
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash));
  return row && row.active && ok ? row.id : null;
}

/** The demo users, one per role (demo data only; printed at start-up and listed in the README). */
export const DEMO_USERS: (NewUser & { role: Role })[] = [
  {
    username: 'commander',
    displayName: '区指挥长（演示）',
    role: 'commander',
    homeAreaCode: '370105',
    password: 'demo-commander-2026'
  },
  {
    username: 'planner',
    displayName: '网格规划员（演示）',
    role: 'planner',
    homeAreaCode: '370105',
    password: 'demo-planner-2026'
  },
  {
    username: 'inspector',
    displayName: '北园街道安全检查员（演示）',
    role: 'inspector',
    homeAreaCode: '370105-008',
    password: 'demo-inspector-2026'
  },
  {
    username: 'mediator',
    displayName: '北园街道调解员（演示）',
    role: 'mediator',
    homeAreaCode: '370105-008',
    password: 'demo-mediator-2026'
  },
  {
    username: 'admin',
    displayName: '系统管理员（演示）',
    role: 'admin',
    homeAreaCode: '370105',
    password: 'demo-admin-2026'
  }
];
