/**
 * A rule or selector a person wrote that cannot be accepted. `field` says where (`path`, `groups`,
 * `groups[2]`, an unknown key, or `body` for the whole input) so an API can point at it.
 */
export class RuleInputError extends Error {
  override name = 'RuleInputError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
