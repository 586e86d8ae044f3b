// Generated from the Rust types of the vanphong core. Do not edit by hand:
// run `VANPHONG_UPDATE_BINDINGS=1 cargo test --test core bindings` to refresh.

export type Action = "directory_view" | "user_manage" | "department_manage" | "agency_manage" | "audit_view";

export type Agency = { id: AgencyId, 
/**
 * National agency code used on the document interconnection axis, e.g. `000.00.00.H41`.
 */
code: string | null, name: string, abbreviation: string, group: AgencyGroup, 
/**
 * Statistics office codes, for communes.
 */
provinceCode: number | null, communeCode: number | null, active: boolean, };

export type AgencyFilter = { 
/**
 * Words of the name, abbreviation or code; diacritics optional ("so y te" finds "Sở Y tế").
 */
search: string | null, group: AgencyGroup | null, includeInactive: boolean, offset: number, 
/**
 * At most 500; 0 means the default of 50.
 */
limit: number, };

/**
 * The kind of outside agency; routing rules of incoming documents key on it.
 */
export type AgencyGroup = "government" | "ministry" | "provincial_department" | "commune" | "other";

export type AgencyId = number;

export type AgencyInput = { code: string | null, name: string, abbreviation: string, group: AgencyGroup, };

export type AgencyPage = { items: Array<Agency>, total: number, };

export type AgencyRef = { id: AgencyId, };

export type AgencyUpdateRequest = { id: AgencyId, active: boolean, code: string | null, name: string, abbreviation: string, group: AgencyGroup, };

/**
 * What every transport returns when a command fails.
 */
export type ApiError = { 
/**
 * Stable identifier such as `auth.account_locked`; the UI branches on this only.
 */
code: string, message: Message, 
/**
 * The request field at fault, for validation errors.
 */
field: string | null, };

export type AuditEntry = { id: number, at: string, actorId: UserId | null, actorName: string, action: string, objectType: string, objectId: number | null, summary: string, 
/**
 * JSON text of what changed.
 */
details: string, };

export type AuditFilter = { actorId: UserId | null, objectType: string | null, objectId: number | null, 
/**
 * Command name, e.g. `user_create`.
 */
action: string | null, 
/**
 * Inclusive lower bound.
 */
from: string | null, 
/**
 * Exclusive upper bound.
 */
to: string | null, 
/**
 * Return entries with an id below this (for paging backwards through history).
 */
beforeId: number | null, 
/**
 * At most 200; 0 means 50.
 */
limit: number, };

export type ChangePasswordRequest = { currentPassword: string, newPassword: string, };

/**
 * Secrecy clearance of a person and secrecy level of a document (độ mật), ordered
 * from none to the highest.
 */
export type Clearance = "none" | "mat" | "toi_mat" | "tuyet_mat";

export type Department = { id: DepartmentId, 
/**
 * Short symbol used in document symbols, e.g. `KT` in `05/UBND-KT`.
 */
code: string, name: string, kind: DepartmentKind, sortOrder: number, active: boolean, 
/**
 * Active users in the department.
 */
userCount: number, };

export type DepartmentId = number;

export type DepartmentInput = { code: string, name: string, kind: DepartmentKind, sortOrder: number, };

export type DepartmentKind = "leadership" | "department" | "unit";

export type DepartmentUpdateRequest = { id: DepartmentId, active: boolean, code: string, name: string, kind: DepartmentKind, sortOrder: number, };

export type DomainEvent = { 
/**
 * The audit entry this event mirrors; increasing.
 */
id: number, at: string, 
/**
 * The command that caused it, e.g. `user_create`.
 */
action: string, objectType: string, objectId: number | null, actorId: UserId | null, };

export type LoginRequest = { username: string, password: string, };

export type LoginResponse = { 
/**
 * Bearer token for every later request.
 */
token: string, me: Me, };

export type Me = { user: User, 
/**
 * What this user's role allows; the UI shows only what can be used.
 */
actions: Array<Action>, organisation: Organisation | null, };

/**
 * A message for people, in both languages the product speaks.
 */
export type Message = { vi: string, en: string, };

export type Organisation = { provinceCode: number, 
/**
 * As in the statistics list: "Nghệ An", "Thành phố Hà Nội".
 */
provinceName: string, 
/**
 * Used in place-and-date lines: "Nghệ An", "Hà Nội".
 */
placeName: string, 
/**
 * "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" is this in capitals.
 */
committeeName: string, officeName: string, };

export type Province = { code: number, name: string, communeCount: number, };

/**
 * What a person does in the Office; decides what they may do (see `permission`).
 */
export type Role = "clerk" | "specialist" | "department_head" | "deputy_chief" | "chief_of_office" | "chairman" | "vice_chairman" | "committee_member" | "administrator";

export type SetupRequest = { username: string, fullName: string, password: string, 
/**
 * Statistics office code of the province the Office serves.
 */
provinceCode: number, };

export type SetupState = { 
/**
 * True on first start: no account exists, so the app asks for the administrator's.
 */
needsAdministrator: boolean, organisation: Organisation | null, 
/**
 * The provinces to choose from during set-up.
 */
provinces: Array<Province>, };

export type User = { id: UserId, username: string, fullName: string, 
/**
 * Position as printed, e.g. "Phó Trưởng phòng Kinh tế".
 */
title: string, role: Role, departmentId: DepartmentId | null, departmentName: string | null, clearance: Clearance, email: string, phone: string, active: boolean, mustChangePassword: boolean, lockedUntil: string | null, 
/**
 * For a deputy chief: the departments he supervises.
 */
supervisedDepartmentIds: Array<DepartmentId>, 
/**
 * For a deputy chief: the fields (lĩnh vực) he supervises.
 */
supervisedFields: Array<string>, createdAt: string, };

export type UserCreateRequest = { username: string, 
/**
 * Temporary password; the user must change it at first login.
 */
password: string, fullName: string, title: string, role: Role, departmentId: DepartmentId | null, clearance: Clearance, email: string, phone: string, supervisedDepartmentIds: Array<DepartmentId>, supervisedFields: Array<string>, };

export type UserFilter = { 
/**
 * Words of the name or username, diacritics optional.
 */
search: string | null, departmentId: DepartmentId | null, role: Role | null, includeDisabled: boolean, };

export type UserId = number;

export type UserRef = { id: UserId, };

export type UserResetPasswordRequest = { id: UserId, 
/**
 * Temporary password to hand to the user.
 */
newPassword: string, };

export type UserSetActiveRequest = { id: UserId, active: boolean, };

export type UserUpdateRequest = { id: UserId, fullName: string, title: string, role: Role, departmentId: DepartmentId | null, clearance: Clearance, email: string, phone: string, supervisedDepartmentIds: Array<DepartmentId>, supervisedFields: Array<string>, };

/** Every command of the core: its request and response types. */
export interface Commands {
  setup_status: { request: null; response: SetupState };
  setup_create_administrator: { request: SetupRequest; response: LoginResponse };
  session_login: { request: LoginRequest; response: LoginResponse };
  session_current: { request: null; response: Me };
  session_logout: { request: null; response: null };
  session_change_password: { request: ChangePasswordRequest; response: Me };
  department_list: { request: null; response: Array<Department> };
  department_create: { request: DepartmentInput; response: Department };
  department_update: { request: DepartmentUpdateRequest; response: Department };
  user_list: { request: UserFilter; response: Array<User> };
  user_get: { request: UserRef; response: User };
  user_create: { request: UserCreateRequest; response: User };
  user_update: { request: UserUpdateRequest; response: User };
  user_set_active: { request: UserSetActiveRequest; response: User };
  user_reset_password: { request: UserResetPasswordRequest; response: User };
  user_unlock: { request: UserRef; response: User };
  agency_list: { request: AgencyFilter; response: AgencyPage };
  agency_get: { request: AgencyRef; response: Agency };
  agency_create: { request: AgencyInput; response: Agency };
  agency_update: { request: AgencyUpdateRequest; response: Agency };
  audit_list: { request: AuditFilter; response: Array<AuditEntry> };
}

export type CommandName = keyof Commands;
