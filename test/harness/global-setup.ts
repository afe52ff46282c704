/** One seeded slapd shared by the whole test run; tests read its coordinates with inject('ldap'). */
import type { TestProject } from 'vitest/node';
import { startSlapd } from './slapd.ts';

export interface ProvidedLdap {
  url: string;
  baseDN: string;
  rootDN: string;
  rootPassword: string;
  serviceDN: string;
  servicePassword: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    ldap: ProvidedLdap;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const slapd = await startSlapd();
  const { url, baseDN, rootDN, rootPassword, serviceDN, servicePassword } = slapd;
  project.provide('ldap', { url, baseDN, rootDN, rootPassword, serviceDN, servicePassword });
  return () => slapd.stop();
}
