// The texts of the portal account e-mails. Never a password: only one-time links and the identifiant.

export function activationEmail(p: { commune: string; name: string; login: string; link: string }) {
  return {
    subject: `${p.commune} — activez votre accès au Portail Famille`,
    text: [
      `Bonjour ${p.name},`,
      '',
      `La ${p.commune} a ouvert votre accès au Portail Famille.`,
      `Votre identifiant : ${p.login}`,
      '',
      'Pour choisir votre mot de passe et activer votre accès, ouvrez ce lien (valable 7 jours, une seule fois) :',
      p.link,
      '',
      "Si vous n'êtes pas à l'origine de cette inscription, ignorez ce message.",
    ].join('\n'),
  };
}

export function resetEmail(p: { commune: string; name: string; login: string; link: string }) {
  return {
    subject: `${p.commune} — nouveau mot de passe du Portail Famille`,
    text: [
      `Bonjour ${p.name},`,
      '',
      `Une demande de nouveau mot de passe a été faite pour l'identifiant ${p.login}.`,
      'Pour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure, une seule fois) :',
      p.link,
      '',
      "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe actuel reste valable.",
    ].join('\n'),
  };
}

export function newLoginEmail(p: { commune: string; name: string; login: string; portalUrl: string }) {
  return {
    subject: `${p.commune} — votre identifiant du Portail Famille a changé`,
    text: [
      `Bonjour ${p.name},`,
      '',
      `Votre nouvel identifiant pour le Portail Famille est : ${p.login}`,
      'Votre mot de passe ne change pas.',
      p.portalUrl,
    ].join('\n'),
  };
}

export function passwordChangedEmail(p: { commune: string; name: string; login: string }) {
  return {
    subject: `${p.commune} — votre mot de passe du Portail Famille a été modifié`,
    text: [
      `Bonjour ${p.name},`,
      '',
      `Le mot de passe de l'identifiant ${p.login} vient d'être modifié.`,
      "Si vous n'êtes pas à l'origine de cette modification, contactez la mairie sans attendre.",
    ].join('\n'),
  };
}
