import os from 'node:os';

/** The OS account recorded on imports and decisions. */
export function currentOsUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USERNAME ?? process.env.USER ?? '未知用户';
  }
}
