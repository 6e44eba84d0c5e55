/** What a page says after a request was sent. */
export function requestNotice(flag: unknown): string | undefined {
  if (flag === 'envoyee') return 'Votre demande a été transmise à la commune : elle apparaît ci-dessous jusqu’à sa décision.';
  if (flag === 'enregistree') return 'Votre modification est enregistrée.';
  return undefined;
}
