/** A tiny cookie-keeping client over fetch, as a browser would behave towards one site. */
export class CookieClient {
  private readonly jar = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size > 0) headers.set('Cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(this.baseUrl + pathname, { ...init, headers, redirect: 'manual' });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(setCookie)) this.jar.delete(name!.trim());
      else this.jar.set(name!.trim(), value);
    }
    return response;
  }

  get(pathname: string) {
    return this.request(pathname);
  }

  /** A form as a browser posts it: a list (boxes of one name ticked) is the name repeated, once per value. */
  postForm(pathname: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const one of ([] as string[]).concat(value)) body.append(name, one);
    return this.request(pathname, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }

  postMultipart(pathname: string, form: FormData) {
    return this.request(pathname, { method: 'POST', body: form });
  }

  postStaffApi(name: string, input: unknown) {
    return this.request(`/staff-api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Staff-Api': '1' },
      body: JSON.stringify(input),
    });
  }
}

/** The hidden CSRF field of the first form of a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('Pas de champ _csrf dans la page');
  return match[1]!;
}

/** A parent logged in through the portal's own form (its CSRF token included). */
export async function portalParent(portalUrl: string, login: string, password: string): Promise<CookieClient> {
  const client = new CookieClient(portalUrl);
  const page = await (await client.get('/connexion')).text();
  const response = await client.postForm('/connexion', { _csrf: csrfFrom(page), login, password });
  if (response.status !== 302) throw new Error(`connexion refusée pour ${login} (HTTP ${response.status})`);
  return client;
}
