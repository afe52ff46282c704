/**
 * Redeems an overlay set-password link: the policy is checked, the link is used up (atomically,
 * so it works once), and the password is set in LDAP with the Password Modify operation as the
 * service account. When the directory write fails the link is given back, so a directory outage
 * does not cost the person their link.
 */
import type { Logger } from 'pino';
import type { Directory } from '../directory/types.ts';
import { OverlayError } from '../http/errors.ts';
import { directoryCall } from '../users/errors.ts';
import { setLdapPassword } from '../users/writers/ldap-password.ts';
import { ldapServiceWriter } from '../users/writers/ldap-service.ts';
import type { LdapAccountSettings } from './ldap-creator.ts';
import type { PasswordLinks } from './links.ts';
import { passwordProblems, type PolicyProblem } from './password-policy.ts';
import { unusableLink } from './set-password-page.ts';
import type { SetPasswordService } from './types.ts';

export function createLdapSetPassword(options: { settings: LdapAccountSettings; directory: Directory; links: PasswordLinks; log: Logger }): SetPasswordService {
  const { settings, directory, links, log } = options;
  const asService = ldapServiceWriter(settings);

  return {
    inspect: (token) => links.inspect(token),
    async redeem(token, password, repeat) {
      const before = await links.inspect(token);
      if (before.state !== 'valid') throw unusableLink(before);
      const problems = passwordProblems(password, repeat, before.username);
      if (problems.length) throw policyRefusal(problems);
      const claimed = await links.claim(token);
      if (claimed.state !== 'valid') throw unusableLink(claimed);
      const { username } = claimed;
      try {
        await directoryCall(async () => {
          await directory.invalidate?.(username);
          const user = await directory.findUser(username);
          if (!user)
            throw new OverlayError(410, {
              title: 'Account not found',
              message: `The account ${username} is no longer in the directory. Ask ${claimed.issuedBy} or another admin.`,
            });
          await setLdapPassword(asService, user.dn, password, settings.userBase);
        });
      } catch (error) {
        await links.release(token).catch((reason: Error) => log.warn({ username, reason: reason.message }, 'could not give a set-password link back'));
        throw error;
      }
      log.info({ username, issuedBy: claimed.issuedBy }, 'password set through a set-password link');
      return { username };
    },
  };
}

/** 400 naming the first field at fault; `problems` lists every rule broken. */
function policyRefusal(problems: readonly PolicyProblem[]): OverlayError {
  return new OverlayError(400, {
    title: 'Password not accepted',
    message: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
    field: problems[0]!.field,
    body: { problems },
  });
}
