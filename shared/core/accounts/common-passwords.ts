import { dictionary } from '@zxcvbn-ts/language-common';

// The ~49 000 most common passwords of leaked lists, as maintained by zxcvbn-ts (lower case).
const COMMON = new Set<string>(dictionary['passwords-common'] as string[]);

/**
 * Common as it is, or with only digits and symbols around a common word (« Password2024! »,
 * « azerty123 »): the rules about upper case and digits are too easy to meet that way.
 */
export function isCommonPassword(lowered: string): boolean {
  if (COMMON.has(lowered)) return true;
  const core = lowered.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  return core.length >= 4 && core.length < lowered.length && COMMON.has(core);
}
