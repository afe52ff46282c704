/**
 * The overlay's API (`/_overlay/api/*`) as the UI sees it: the server's one contract, imported as
 * types only, so the bundle gets nothing from the server.
 */
export type {
  AccessRequest,
  AccessRequestList,
  ActivityDetail,
  ActivityDiffLine,
  ActivityEntry,
  ActivityKind,
  ActivityPage,
  Approval,
  ApprovalProgress,
  Denial,
  DirectoryWrite,
  ErrorAnswer,
  ListedGroup,
  ListedUser,
  Me,
  PasswordSetup,
  PathAccess,
  PathInfo,
  RecoveryItem,
  RecoveryStatus,
  RequestAccessMode,
  RequestState,
  Role,
  Rule,
  RuleChanged,
  RuleSet,
  SortKey,
  SortOrder,
  UserAccess,
  UsersPage,
  UsersQuery,
  Via,
  Viewers,
} from '../../../server/contract.ts';
import type { ActivityKind } from '../../../server/contract.ts';

/** The Activity panel's filters and page, as GET /activity takes them (an empty filter is not sent). */
export interface ActivityQuery {
  /** A person's directory name; '' is everyone. */
  user: string;
  /** '' is every kind. */
  kind: ActivityKind | '';
  limit: number;
  offset: number;
}

/** An input the API refused, pointing at the field (`path`, `groups`, `groups[1]`, `name`, …). */
export interface FieldError {
  field: string | null;
  message: string;
}
