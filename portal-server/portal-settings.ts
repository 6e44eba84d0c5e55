import { logger } from '../shared/logging/logger';

/** What the portal's app is given from the environment, the same in every portal process. */
export interface PortalSettings {
  /** Links in e-mails: the commune's setting wins; this is the fallback until it is set. */
  portalBaseUrl: string;
  trustProxy: number;
  /** The PayFiP simulator plays PayFiP's part in the demo; a production portal never serves it. */
  payfipSimulator: boolean;
}

export function portalSettingsFromEnv(env: NodeJS.ProcessEnv, production: boolean, port?: number): PortalSettings {
  return {
    portalBaseUrl: env.PORTAL_PUBLIC_URL || `http://localhost:${port ?? (env.PORT || 3000)}`,
    trustProxy: trustedProxies(env.TRUST_PROXY),
    payfipSimulator: !production && env.PAYFIP_SIMULATOR !== '0',
  };
}

/** TRUST_PROXY: the number of reverse proxies in front of the portal (« 1 » for one nginx); anything else means none. */
export function trustedProxies(setting: string | undefined): number {
  if (!setting || !/^[0-9]$/.test(setting)) {
    if (setting) logger.warn(`TRUST_PROXY=${setting} ignoré : indiquez le nombre de proxys (0 à 9).`);
    return 0;
  }
  return Number(setting);
}
