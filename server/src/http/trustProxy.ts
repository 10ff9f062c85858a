// Behind a reverse proxy every request comes from the proxy's address: the rate limits
// (rateLimit.ts) would count a whole school as one client. TANGO_TRUST_PROXY tells Express which
// proxies to believe about the client's address (X-Forwarded-For), as its "trust proxy" setting.

/** Express's "trust proxy" value from TANGO_TRUST_PROXY, or undefined (Express's default: none). */
export function trustProxySetting(raw: string | undefined): boolean | number | string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (value === "true") return true; // every proxy (only when no client can reach the server directly)
  if (value === "false") return false;
  // A number of hops; else addresses, subnets or Express's names ("loopback", "uniquelocal" ...).
  return /^\d+$/.test(value) ? Number(value) : value;
}
