// Tunables of the reference TCP. Defaults are Linux's; missions scale the clock.

export interface KeepaliveConfig {
  /** SO_KEEPALIVE. Linux leaves it off unless the application asks. */
  enabled: boolean;
  /** tcp_keepalive_time: idle time before the first probe. */
  idleMs: number;
  /** tcp_keepalive_intvl: time between unanswered probes. */
  intervalMs: number;
  /** tcp_keepalive_probes: unanswered probes before the connection is reset. */
  probes: number;
}

export interface TcpConfig {
  /** RFC 6298 (2.1): the RTO before any RTT sample; Linux TCP_TIMEOUT_INIT. */
  rtoInitialMs: number;
  /** Linux TCP_RTO_MIN (RFC 6298 (2.4) says 1 s; Linux uses 200 ms). */
  rtoMinMs: number;
  /** Linux TCP_RTO_MAX; RFC 6298 (2.5) allows a maximum of at least 60 s. */
  rtoMaxMs: number;
  /** tcp_syn_retries: SYN retransmissions before connect() fails (plus synLinearTimeouts in SYN_SENT). */
  synRetries: number;
  /** tcp_syn_linear_timeouts (Linux 6.5+): the first SYN timeouts do not back off, and add as many retries. */
  synLinearTimeouts: number;
  /** tcp_synack_retries: SYN-ACK retransmissions before a half-open request is dropped. */
  synAckRetries: number;
  /** tcp_retries2: retransmissions on a synchronized connection before ETIMEDOUT. */
  retries2: number;
  /** tcp_orphan_retries (0 means 8 in Linux): for connections the application closed. */
  orphanRetries: number;
  /** Maximum segment lifetime; TIME_WAIT lasts 2*MSL (Linux fixes 2MSL at 60 s). */
  mslMs: number;
  /** tcp_fin_timeout: how long an orphaned FIN_WAIT_2 connection may wait for the peer's FIN. */
  finWait2TimeoutMs: number;
  /** tcp_invalid_ratelimit: at most one out-of-window or challenge ACK per this interval. */
  invalidAckIntervalMs: number;
  keepalive: KeepaliveConfig;
  /** Sender maximum segment size. */
  mss: number;
  /** The receive window this endpoint advertises. */
  rcvWnd: number;
  /** RFC 9293 §3.7.4: the Nagle algorithm (a SHOULD; Linux enables it by default). */
  nagle: boolean;
  /** RFC 5681 §3.2: retransmit after this many duplicate ACKs. */
  dupAckThreshold: number;
}

export const LINUX_DEFAULTS: TcpConfig = {
  rtoInitialMs: 1000,
  rtoMinMs: 200,
  rtoMaxMs: 120_000,
  synRetries: 6,
  synLinearTimeouts: 4,
  synAckRetries: 5,
  retries2: 15,
  orphanRetries: 8,
  mslMs: 30_000,
  finWait2TimeoutMs: 60_000,
  invalidAckIntervalMs: 500,
  keepalive: { enabled: false, idleMs: 7_200_000, intervalMs: 75_000, probes: 9 },
  mss: 1460,
  rcvWnd: 65535,
  nagle: true,
  dupAckThreshold: 3,
};

/**
 * The defaults with `overrides` applied, frozen. The same overrides object (a mission's, used by
 * every match of it) gives the same config object: each host and connection of each match refers
 * to it rather than holding a copy (about 0.5 KB of heap per match).
 */
export function tcpConfig(overrides: Partial<TcpConfig> = NO_OVERRIDES): TcpConfig {
  let config = configByOverrides.get(overrides);
  if (!config) {
    config = Object.freeze({
      ...LINUX_DEFAULTS,
      ...overrides,
      keepalive: Object.freeze({ ...LINUX_DEFAULTS.keepalive, ...overrides.keepalive }),
    });
    configByOverrides.set(overrides, config);
  }
  return config;
}

/** `config` with SO_KEEPALIVE set to `enabled`; shared like tcpConfig's results. */
export function withKeepalive(config: TcpConfig, enabled: boolean): TcpConfig {
  if (config.keepalive.enabled === enabled) return config;
  const cache = enabled ? keepaliveOn : keepaliveOff;
  let variant = cache.get(config);
  if (!variant) {
    variant = Object.freeze({ ...config, keepalive: Object.freeze({ ...config.keepalive, enabled }) });
    cache.set(config, variant);
  }
  return variant;
}

const NO_OVERRIDES: Partial<TcpConfig> = Object.freeze({});
const configByOverrides = new WeakMap<Partial<TcpConfig>, TcpConfig>();
const keepaliveOn = new WeakMap<TcpConfig, TcpConfig>();
const keepaliveOff = new WeakMap<TcpConfig, TcpConfig>();
