/**
 * Variables only docker-compose.yml reads (the overlay itself never sees them as settings), and the
 * recipe for the `openldap` try-out profile. Printed into .env.example next to the overlay's table.
 */
export interface ComposeVariable {
  name: string;
  /** What docker-compose.yml uses when it is unset; `undefined` = empty. */
  default?: string;
  example: string;
  doc: string;
}

export const COMPOSE_VARIABLES: readonly ComposeVariable[] = [
  {
    name: 'OVERLAY_ENV_FILE',
    default: '.env',
    example: '/etc/mediamtx-ldap-overlay/overlay.env',
    doc: 'The file the overlay container reads its settings (the section above) from. Point it at the systemd env file to keep one copy.',
  },
  {
    name: 'STREAM_FQDN',
    default: 'localhost',
    example: 'example.org',
    doc: "Your domain: Caddy serves stream.<STREAM_FQDN> and gets its certificate. The default, stream.localhost, uses Caddy's local CA.",
  },
  {
    name: 'OUTPOST_URL',
    default: 'host.docker.internal:9090',
    example: 'host.docker.internal:9090',
    doc: "Authentik's outpost as the Caddy container reaches it (forward auth). It must listen on an address containers can reach, not only 127.0.0.1.",
  },
  {
    name: 'OVERLAY_HOST_PORT',
    default: '8080',
    example: '8080',
    doc: 'Host port for the overlay, bound to 127.0.0.1 only (a host Caddy, an SSH tunnel, the openldap try-out). Caddy in the stack reaches it on the compose network.',
  },
  {
    name: 'MEDIAMTX_API_HOST_PORT',
    default: '9898',
    example: '9898',
    doc: "Host port for MediaMTX's control API, bound to 127.0.0.1 only: the editor on the host calls it (infra-TAK uses 9898).",
  },
  {
    name: 'OPENLDAP_DOMAIN',
    default: 'example.org',
    example: 'example.org',
    doc: "openldap profile: the try-out directory's domain; its base DN is dc=example,dc=org for example.org. Set LDAP_BASE_DN to match.",
  },
  {
    name: 'OPENLDAP_DEMO_ADMIN_PASSWORD',
    example: 'output of: openssl rand -hex 16',
    doc: 'openldap profile: password of demo-admin (member of vid_admin), set on every start of the seed job. Required for that profile.',
  },
];

/**
 * Settings for trying the stack without Authentik (`--profile openldap`): the overlay signs people in
 * itself against the seeded OpenLDAP. test/deploy/openldap-seed.test.ts runs them against real slapd.
 */
export const OPENLDAP_TRY_OUT: Readonly<Record<string, string>> = {
  COMPOSE_PROFILES: 'openldap',
  IDENTITY: 'ldap-login',
  LDAP_URL: 'ldap://openldap:389',
  LDAP_BASE_DN: 'dc=example,dc=org',
  LDAP_BIND_DN: 'cn=admin,dc=example,dc=org',
  LDAP_BIND_PASSWORD: "<a long random password: it is also the try-out directory's admin password>",
  DIRECTORY_WRITE: 'ldap',
  OPENLDAP_DEMO_ADMIN_PASSWORD: '<another long random password>',
};
