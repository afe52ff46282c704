import ipaddr from 'ipaddr.js';

// The global configuration served by /v3/config/global/get: MediaMTX v1.20 defaults with the
// infra-TAK / stock-installer settings (API on 127.0.0.1:9898, HLS bound to localhost, the
// `any`-from-localhost and shared `hlsviewer` users). Deprecated nullable keys are omitted, as
// MediaMTX omits them when unset.

function server(prefix: string, address: string, enabled: boolean): Record<string, unknown> {
  return {
    [prefix]: enabled,
    [`${prefix}Address`]: address,
    [`${prefix}Encryption`]: false,
    [`${prefix}ServerKey`]: 'server.key',
    [`${prefix}ServerCert`]: 'server.crt',
    [`${prefix}AllowOrigins`]: ['*'],
    [`${prefix}TrustedProxies`]: [],
  };
}

export function defaultGlobalConfig(hlsViewerPass: string): Record<string, unknown> {
  return {
    logLevel: 'info',
    logDestinations: ['stdout'],
    logStructured: false,
    logFile: 'mediamtx.log',
    sysLogPrefix: 'mediamtx',
    dumpPackets: false,
    readTimeout: '10s',
    writeTimeout: '10s',
    writeQueueSize: 512,
    udpMaxPayloadSize: 1472,
    udpReadBufferSize: 0,
    runOnConnect: '',
    runOnConnectRestart: false,
    runOnDisconnect: '',
    authMethod: 'internal',
    authInternalUsers: [
      {
        user: 'any',
        pass: '',
        ips: ['127.0.0.1', '::1'],
        permissions: [
          { action: 'publish', path: '' },
          { action: 'read', path: '' },
          { action: 'api', path: '' },
        ],
      },
      { user: 'hlsviewer', pass: hlsViewerPass, ips: [], permissions: [{ action: 'read', path: '' }] },
      { user: 'any', pass: '', ips: [], permissions: [{ action: 'read', path: 'teststream' }] },
    ],
    authHTTPAddress: '',
    authHTTPFingerprint: '',
    authHTTPExclude: [
      { action: 'api', path: '' },
      { action: 'metrics', path: '' },
      { action: 'pprof', path: '' },
    ],
    authJWTJWKS: '',
    authJWTJWKSFingerprint: '',
    authJWTClaimKey: 'mediamtx_permissions',
    authJWTExclude: [],
    authJWTIssuer: '',
    authJWTAudience: '',
    ...server('api', '127.0.0.1:9898', true),
    ...server('metrics', ':9998', false),
    ...server('pprof', ':9999', false),
    ...server('playback', ':9996', false),
    rtsp: true,
    rtspTransports: ['udp', 'multicast', 'tcp'],
    rtspEncryption: 'no',
    rtspAddress: ':8554',
    rtspsAddress: ':8322',
    rtpAddress: ':8000',
    rtcpAddress: ':8001',
    srtpAddress: ':8004',
    srtcpAddress: ':8005',
    multicastIPRange: '224.1.0.0/16',
    multicastRTPPort: 8002,
    multicastRTCPPort: 8003,
    multicastSRTPPort: 8006,
    multicastSRTCPPort: 8007,
    rtspServerKey: 'server.key',
    rtspServerCert: 'server.crt',
    rtspAuthMethods: ['basic'],
    rtspTrustedProxies: [],
    rtmp: true,
    rtmpAddress: ':1935',
    rtmpEncryption: 'no',
    rtmpsAddress: ':1936',
    rtmpServerKey: 'server.key',
    rtmpServerCert: 'server.crt',
    rtmpTrustedProxies: [],
    ...server('hls', '127.0.0.1:8888', true),
    hlsAlwaysRemux: false,
    hlsVariant: 'lowLatency',
    hlsSegmentCount: 7,
    hlsSegmentDuration: '1s',
    hlsPartDuration: '200ms',
    hlsSegmentMaxSize: '50M',
    hlsDirectory: '',
    hlsMuxerCloseAfter: '60s',
    hlsCDNSecret: '',
    ...server('webrtc', ':8889', true),
    webrtcLocalUDPAddress: ':8189',
    webrtcLocalTCPAddress: '',
    webrtcIPsFromInterfaces: true,
    webrtcIPsFromInterfacesList: [],
    webrtcAdditionalHosts: [],
    webrtcICEServers2: [],
    webrtcHandshakeTimeout: '10s',
    webrtcTrackGatherTimeout: '2s',
    webrtcSTUNGatherTimeout: '5s',
    srt: true,
    srtAddress: ':8890',
    moq: false,
    moqQUICAddress: ':4443',
    moqHTTP2Address: ':4444',
    moqHTTP3Address: ':4445',
    moqServerKey: 'server.key',
    moqServerCert: 'server.crt',
    moqAllowOrigins: ['*'],
    moqTrustedProxies: [],
  };
}

/** The API never shows internal users' passwords; only mediamtx.yml holds them. */
export function redactGlobalConfig(conf: Record<string, unknown>): Record<string, unknown> {
  const users = conf.authInternalUsers as Array<Record<string, unknown>>;
  return {
    ...structuredClone(conf),
    authInternalUsers: users.map((u) => ({ ...structuredClone(u), pass: u.pass ? '<redacted>' : '' })),
  };
}

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * MediaMTX keeps `*TrustedProxies` as Go networks (conf.IPNetworks) and serves each as
 * IPNet.String(), sorted: `127.0.0.1` comes back as `127.0.0.1/32`, `10.0.0.5/24` as `10.0.0.0/24`.
 */
function asGoNetworks(list: unknown[]): string[] | { error: string } {
  const out: string[] = [];
  for (const text of list) {
    if (typeof text !== 'string') return { error: `json: cannot unmarshal ${kindOf(text)} into Go value of type string` };
    let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
    try {
      parsed = text.includes('/') ? ipaddr.parseCIDR(text) : [ipaddr.parse(text), text.includes(':') ? 128 : 32];
    } catch {
      return { error: `unable to parse IP/CIDR '${text}'` };
    }
    let [address, prefix] = parsed;
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
      [address, prefix] = [(address as ipaddr.IPv6).toIPv4Address(), prefix - 96];
    }
    const network =
      address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`) : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`);
    out.push(`${network.kind() === 'ipv6' ? (network as ipaddr.IPv6).toRFC5952String() : network.toString()}/${prefix}`);
  }
  return out.sort();
}

/**
 * Merges a PATCH body into `conf` the way MediaMTX does (top-level fields replace, unknown
 * fields and wrong JSON types are rejected). Returns an error message, or null when applied.
 */
export function applyGlobalPatch(conf: Record<string, unknown>, patch: unknown): string | null {
  if (kindOf(patch) !== 'object') return 'json: cannot unmarshal into Go value of type conf.OptionalGlobal';
  const entries = Object.entries(structuredClone(patch) as Record<string, unknown>);
  for (const entry of entries) {
    const [key, value] = entry;
    if (!(key in conf)) return `json: unknown field "${key}"`;
    if (kindOf(value) !== kindOf(conf[key])) {
      return `json: cannot unmarshal ${kindOf(value)} into Go struct field .${key}`;
    }
    if (key.endsWith('TrustedProxies')) {
      const networks = asGoNetworks(value as unknown[]);
      if ('error' in networks) return networks.error;
      entry[1] = networks;
    }
  }
  for (const [key, value] of entries) conf[key] = value;
  return null;
}
