/**
 * Sets a password with the LDAP Password Modify extended operation (RFC 3062) as the service
 * account: the server hashes it with its own scheme and applies its own policy, which a plain
 * write of userPassword would bypass (and would store whatever we sent).
 */
import { Ber, BerWriter, ResultCodeError } from 'ldapts';
import { OverlayError } from '../../http/errors.ts';
import { LDAP_CODE, type AsService } from './ldap-service.ts';

const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

/** PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0] OCTET STRING OPTIONAL, oldPasswd [1] ..., newPasswd [2] ... } */
export function passwordModifyValue(userDN: string, newPassword: string): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeString(userDN, Ber.Context | 0);
  writer.writeString(newPassword, Ber.Context | 2);
  writer.endSequence();
  return writer.buffer;
}

/** `writeArea` is where the service account needs password write access (the user base). */
export async function setLdapPassword(asService: AsService, userDN: string, newPassword: string, writeArea: string): Promise<void> {
  await asService(
    `setting the password of ${userDN}`,
    async (client) => {
      try {
        await client.exop(PASSWORD_MODIFY_OID, passwordModifyValue(userDN, newPassword));
      } catch (error) {
        // The directory's own password policy (e.g. OpenLDAP ppolicy quality checks) said no.
        if (error instanceof ResultCodeError && error.code === LDAP_CODE.CONSTRAINT_VIOLATION) {
          const message = `was refused by the directory's own password policy (${error.message}); choose another`;
          throw new OverlayError(400, {
            title: 'Password not accepted',
            message: `password: ${message}`,
            field: 'password',
            body: { problems: [{ field: 'password', message }] },
          });
        }
        throw error;
      }
    },
    writeArea,
  );
}
