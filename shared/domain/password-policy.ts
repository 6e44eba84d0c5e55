// The manual's password rules (« 8 caractères minimum, au moins 1 majuscule, au moins
// 1 minuscule, au moins 1 caractère numérique »), plus: at most 128 characters, not the
// identifiant, not a common password. Pure: the common-password list is passed in.

export interface PasswordRuleFailure {
  rule: 'length' | 'upper' | 'lower' | 'digit' | 'max' | 'login' | 'common';
  message: string;
}

export const PASSWORD_RULES_TEXT = [
  '8 caractères minimum,',
  'au moins 1 majuscule,',
  'au moins 1 minuscule,',
  'au moins 1 caractère numérique.',
];

export function passwordRuleFailures(password: string, login: string, isCommon: (candidate: string) => boolean): PasswordRuleFailure[] {
  const failures: PasswordRuleFailure[] = [];
  if ([...password].length < 8) failures.push({ rule: 'length', message: 'Le mot de passe doit contenir au moins 8 caractères.' });
  if ([...password].length > 128) failures.push({ rule: 'max', message: 'Le mot de passe ne doit pas dépasser 128 caractères.' });
  if (!/\p{Lu}/u.test(password)) failures.push({ rule: 'upper', message: 'Le mot de passe doit contenir au moins 1 majuscule.' });
  if (!/\p{Ll}/u.test(password)) failures.push({ rule: 'lower', message: 'Le mot de passe doit contenir au moins 1 minuscule.' });
  if (!/\p{Nd}/u.test(password)) failures.push({ rule: 'digit', message: 'Le mot de passe doit contenir au moins 1 caractère numérique.' });
  const lowered = password.toLowerCase();
  if (login && lowered.includes(login.toLowerCase())) {
    failures.push({ rule: 'login', message: 'Le mot de passe ne doit pas contenir votre identifiant.' });
  }
  if (isCommon(lowered)) failures.push({ rule: 'common', message: 'Ce mot de passe est trop courant : choisissez-en un autre.' });
  return failures;
}
