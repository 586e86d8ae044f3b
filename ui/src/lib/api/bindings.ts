// Generated from the Rust types of the vanphong core. Do not edit by hand:
// run `VANPHONG_UPDATE_BINDINGS=1 cargo test --test core bindings` to refresh.

export type Action = "directory_view" | "user_manage" | "department_manage" | "agency_manage" | "audit_view" | "incoming_view" | "incoming_register" | "incoming_handle" | "register_manage" | "outgoing_view" | "outgoing_draft" | "outgoing_issue" | "outgoing_recall" | "direction_view" | "direction_manage" | "direction_report" | "direction_decide" | "calendar_manage" | "report_view" | "backup_manage" | "meeting_view" | "meeting_prepare" | "schedule_view" | "schedule_edit" | "schedule_publish" | "gazette_publish";

export type ActionTitle = { action: string, vi: string, en: string, };

export type Agency = { id: AgencyId, 
/**
 * National agency code used on the document interconnection axis, e.g. `000.00.00.H41`.
 */
code: string | null, name: string, abbreviation: string, group: AgencyGroup, 
/**
 * Statistics office codes, for communes.
 */
provinceCode: number | null, communeCode: number | null, active: boolean, };

/**
 * One agency's line in the quarterly evaluation of advisory quality.
 */
export type AgencyEvaluation = { agencyId: AgencyId, agencyName: string, 
/**
 * The items counted in the quarter, each once, in the month it was done (submitted)
 * or, not yet done, the month it is due now: `on_time + late + not_submitted +
 * not_yet_due`.
 */
due: number, 
/**
 * Submitted in the quarter by the end of the month first planned.
 */
onTime: number, 
/**
 * Submitted in the quarter after the month first planned (a postponement is itself
 * a delay).
 */
late: number, 
/**
 * Not submitted, its month ended by the quarter's end (or by today).
 */
notSubmitted: number, 
/**
 * Not submitted, its month not yet ended.
 */
notYetDue: number, 
/**
 * Of `due`, the items postponed from the month first planned (not a column of the
 * sum: they are also on time, late, not submitted or not yet due).
 */
postponed: number, 
/**
 * Submissions returned for rework in the quarter.
 */
returned: number, 
/**
 * The agency's directions overdue at the quarter's end.
 */
directionsOverdue: number, };

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

export type AgencyUpdateRequest = { id: AgencyId, input: AgencyInput, active: boolean, };

export type AgendaDocumentId = number;

export type Alert = { id: number, kind: AlertKind, 
/**
 * Working days left, for `due_soon`.
 */
days: number, objectType: AlertObject, objectId: number, deadline: string, title: string, raisedAt: string, read: boolean, };

export type AlertDaysRequest = { days: Array<number>, };

/**
 * Which of the person's alerts to list.
 */
export type AlertFilter = { unreadOnly: boolean, kind: AlertKind | null, objectType: AlertObject | null, offset: number, 
/**
 * At most 200; 50 when 0.
 */
limit: number, };

export type AlertKind = "due_soon" | "due_today" | "overdue" | "invitation" | "opinion_request" | "reminder";

export type AlertMarkReadRequest = { 
/**
 * The alerts to mark; all of the person's unread alerts when empty.
 */
ids: number[], 
/**
 * The list to answer with afterwards (the bell's or the alerts page's).
 */
filter: AlertFilter, };

export type AlertObject = "direction" | "incoming" | "outgoing" | "meeting";

export type AlertPage = { items: Array<Alert>, 
/**
 * The alerts the filter matches (all pages).
 */
total: number, unread: number, 
/**
 * The unread ones by kind, for the bell's groups and the page's filter.
 */
unreadOverdue: number, unreadDueToday: number, unreadDueSoon: number, };

/**
 * What `actor` may do with a document in its current state; the UI offers only these,
 * and each transition checks again.
 */
export type Allowed = { present: boolean, direct: boolean, assign: boolean, giveBack: boolean, reportProgress: boolean, close: boolean, 
/**
 * The clerk corrects what was entered at registration, or cancels the registration.
 */
correct: boolean, cancel: boolean, };

export type AllowedRequest = { 
/**
 * At most 200 (a page of a list).
 */
ids: Array<IncomingId>, };

export type AnswerView = { userId: UserId, fullName: string, choice: Opinion, comment: string, answeredAt: string, };

/**
 * What every transport returns when a command fails (read back by a workstation from
 * the Office's server).
 */
export type ApiError = { 
/**
 * Stable identifier such as `auth.throttled`; the UI branches on this only.
 */
code: ErrorCode, message: Message, 
/**
 * The request field at fault, for validation errors.
 */
field: string | null, };

export type ApprovalPath = { id: ApprovalPathId, issuer: Issuer, 
/**
 * A type key, or empty for every type without a path of its own.
 */
documentType: string, 
/**
 * In order; the last one signs.
 */
steps: Array<Role>, 
/**
 * The chief of office signs "TUQ. CHỦ TỊCH" (by written authorisation) rather than
 * "TL. CHỦ TỊCH".
 */
byAuthorisation: boolean, };

export type ApprovalPathId = number;

export type ApprovalPathInput = { issuer: Issuer, documentType: string, steps: Array<Role>, byAuthorisation: boolean, };

export type ApprovalPathRef = { id: ApprovalPathId, };

export type AssignRequest = { id: IncomingId, 
/**
 * The specialist who leads the handling.
 */
handlerId: UserId, otherIds: Array<UserId>, note: string, };

export type Attachment = { id: number, sha256: string, fileName: string, mediaType: string, size: number, };

export type AttachmentRef = { attachmentId: number, };

export type Attendance = "unknown" | "room" | "online" | "absent" | "delegated";

/**
 * One person's attendance.
 */
export type AttendanceMark = { userId: UserId, attendance: Attendance, reason: string, 
/**
 * Who attends in the member's stead (ủy quyền).
 */
delegate: string, };

export type AuditEntry = { id: number, at: string, actorId: UserId | null, actorName: string, action: string, objectType: string, objectId: number | null, summary: string, 
/**
 * The line in English where the system wrote one (empty: show `summary`).
 */
summaryEn: string, 
/**
 * JSON text of what changed.
 */
details: string, 
/**
 * About something secret the reader is not cleared for: who, when and which kind of
 * object only; no id, summary or details.
 */
hidden: boolean, };

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

export type AutosavePutRequest = { form: string, content: unknown, 
/**
 * The secrecy level chosen in the form.
 */
secrecy: Clearance, };

export type AutosaveRequest = { 
/**
 * The form: `outgoing-new`, `outgoing-15`, `incoming-new`, …
 */
form: string, };

export type Autosaved = { 
/**
 * The form's fields as the form wrote them.
 */
content: unknown, savedAt: string, };

/**
 * One backup kept by the server.
 */
export type BackupEntry = { name: string, path: string, manifest: Manifest, };

export type Block = { "kind": "paragraph", runs: Array<Run>, } | { "kind": "point", label: string, runs: Array<Run>, } | { "kind": "bullet", runs: Array<Run>, };

export type CalendarDayRequest = { date: string, 
/**
 * `true`: a working day; `false`: a day off; absent: back to the rules.
 */
working: boolean | null, name: string, };

export type CalendarYear = { year: number, 
/**
 * Days off and worked weekend days, rules and overrides merged.
 */
days: Array<SpecialDay>, overrides: Array<Override>, 
/**
 * Every day of the year that is not worked (weekends included), for month views.
 */
offDays: Array<string>, workingDays: number, };

export type CancelRequest = { id: IncomingId, reason: string, };

/**
 * A person who can take a step.
 */
export type Candidate = { id: UserId, fullName: string, title: string, role: Role, };

/**
 * What a certificate says of its holder, its issuer and its validity.
 */
export type CertificateInfo = { 
/**
 * The subject's common name (a person, or a body for its seal).
 */
holder: string, organisation: string | null, 
/**
 * The issuing authority's common name.
 */
issuer: string, validFrom: string, validUntil: string, };

/**
 * A piece of a compared text.
 */
export type Change = { 
/**
 * "same", "added" or "removed".
 */
kind: string, text: string, };

export type ChangePasswordRequest = { currentPassword: string, newPassword: string, };

/**
 * A member's choice in a vote, named or secret.
 */
export type Choice = "yes" | "no" | "abstain";

/**
 * Secrecy clearance of a person and secrecy level of a document (độ mật), ordered
 * from none to the highest.
 */
export type Clearance = "none" | "mat" | "toi_mat" | "tuyet_mat";

export type CloseRequest = { id: IncomingId, closure: Closure, 
/**
 * For a reply: the outgoing document that answers (once the outgoing flow exists) …
 */
replyOutgoingId: number | null, 
/**
 * … or its number and symbol as issued, e.g. `245/UBND-KT`.
 */
replyNumberSymbol: string | null, text: string, };

export type Closure = "replied" | "for_information";

export type CompleteInput = { id: DirectionId, 
/**
 * The day it was done; today when absent.
 */
completedOn: string | null, result: string, 
/**
 * The document that carries the result: a report received, a document issued.
 */
resultOutgoingId: OutgoingId | null, resultIncomingId: IncomingId | null, };

/**
 * What the clerk may correct in a registration (not the register, number, day of
 * arrival or secrecy, which decide the number).
 */
export type CorrectRequest = { id: IncomingId, agencyName: string, numberSymbol: string, documentDate: string | null, documentType: string, summary: string, pageCount: number | null, signer: string, 
/**
 * Why, for the trail.
 */
reason: string, };

/**
 * The part of the day a line is in, as the schedule's time column names it.
 */
export type DayPart = "morning" | "afternoon" | "evening";

export type DeadlineChange = { oldDeadline: string | null, newDeadline: string, reason: string, changedByName: string, changedAt: string, };

export type DeadlineInput = { id: DirectionId, deadline: string, reason: string, };

export type DeadlineRequest = { start: string, days: number, 
/**
 * `true`: N working days; `false`: N calendar days, moved to the next working day.
 */
working: boolean, };

/**
 * The answer to an extension request.
 */
export type Decision = "pending" | "granted" | "refused";

export type Delegation = { id: DelegationId, kind: DelegationKind, purpose: string, 
/**
 * "Đoàn kiểm tra của Sở Xây dựng: …".
 */
title: string, leaderUserId: UserId | null, leader: string, leadAgency: Named | null, agencies: Array<Named>, members: string, communes: Array<Named>, sectors: string, startsOn: string, endsOn: string, status: DelegationStatus, cancelReason: string, overlaps: Array<Overlap>, 
/**
 * Overlapping delegations a list leaves out (beyond [`LISTED_OVERLAPS`]).
 */
overlapsMore: number, };

export type DelegationCancelRequest = { id: DelegationId, reason: string, };

export type DelegationGapRequest = { days: number, };

export type DelegationId = number;

export type DelegationInput = { kind: DelegationKind, purpose: string, 
/**
 * One of the leaders whose schedule shows it …
 */
leaderUserId: UserId | null, 
/**
 * … or the leader in words ("Đ/c Nguyễn Văn A, Giám đốc Sở Nông nghiệp và Môi trường").
 */
leaderName: string, 
/**
 * The agency that leads it; none: the Committee itself.
 */
leadAgencyId: AgencyId | null, agencyIds: Array<AgencyId>, members: string, 
/**
 * The communes visited (agencies of the directory's commune group).
 */
communeIds: Array<AgencyId>, 
/**
 * Sectors or places visited besides the communes.
 */
sectors: string, startsOn: string, endsOn: string, };

export type DelegationKind = "inspection" | "working" | "survey";

export type DelegationListRequest = { from: string, to: string, };

/**
 * The delegations of a period with their overlaps, and the rule they are checked by.
 */
export type DelegationPage = { items: Array<Delegation>, 
/**
 * Working days that must separate two delegations to one commune.
 */
gap: number, allowed: ScheduleAllowed, };

export type DelegationRef = { id: DelegationId, };

export type DelegationResolveRequest = { id: DelegationId, otherId: DelegationId, communeId: AgencyId, 
/**
 * What the Office decided: merged, kept apart on purpose, one moved.
 */
reason: string, };

export type DelegationStatus = "proposed" | "approved" | "cancelled";

export type DelegationUpdateRequest = { id: DelegationId, input: DelegationInput, };

/**
 * A recipient's delivery, as the document's page shows it.
 */
export type Delivery = { toCode: string, toName: string, sentAt: string, 
/**
 * The last status reported ("" for none yet) and its words.
 */
statusCode: string, status: string, statusAt: string | null, note: string, 
/**
 * Handed to the gateway (false while it waits in the outbox).
 */
left: boolean, 
/**
 * Nothing heard within the time the Office allows (`App::answer_within`).
 */
silent: boolean, };

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

export type DepartmentUpdateRequest = { id: DepartmentId, input: DepartmentInput, active: boolean, };

export type DiffRequest = { id: OutgoingId, from: number, to: number, };

/**
 * How far a document is signed digitally.
 */
export type DigitalSignatures = "none" | "signer" | "signerAndSeal";

export type DirectRequest = { id: IncomingId, leadDepartmentId: DepartmentId, cooperatingDepartmentIds: Array<DepartmentId>, 
/**
 * A date, or …
 */
deadline: string | null, 
/**
 * … a number of working days from today.
 */
workingDays: number | null, 
/**
 * The direction (ý kiến chỉ đạo) in the leader's words.
 */
text: string, };

/**
 * What the person looking at a direction may do with it now.
 */
export type DirectionAllowed = { edit: boolean, report: boolean, requestExtension: boolean, decideExtension: boolean, setDeadline: boolean, complete: boolean, remind: boolean, };

/**
 * Counts for the sidebar and the dashboard, as seen today.
 */
export type DirectionCounts = { 
/**
 * Open directions the person follows (or, for an agency, leads).
 */
mineOpen: number, mineOverdue: number, mineDueSoon: number, 
/**
 * Extension requests waiting for this person's decision.
 */
extensionsWaiting: number, 
/**
 * For a leader: open directions they gave, and how many of those are overdue.
 */
givenOpen: number, givenOverdue: number, };

export type DirectionDetail = { sourceReference: string, sourceDocument: DocumentLink | null, cooperatingAgencies: Array<NamedAgency>, result: string, resultDocument: DocumentLink | null, completedByName: string | null, createdByName: string | null, progress: Array<Progress>, extensions: Array<Extension>, deadlineHistory: Array<DeadlineChange>, reminders: Array<DocumentLink>, 
/**
 * Working days left before the deadline (negative: days overdue, in calendar days).
 */
daysLeft: number, allowed: DirectionAllowed, id: DirectionId, 
/**
 * "NV 123/2026": the tracking number within the year.
 */
code: string, source: Source, content: string, leaderId: UserId, leaderName: string, leadAgencyId: AgencyId, leadAgencyName: string, followerId: UserId, followerName: string, priority: Priority, assignedOn: string, deadline: string, completedOn: string | null, percent: number, status: DirectionStatus, };

export type DirectionFilter = { 
/**
 * Words of the content, the agency or the number, diacritics optional.
 */
search: string | null, statuses: Array<DirectionStatus>, leadAgencyId: AgencyId | null, followerId: UserId | null, leaderId: UserId | null, source: Source | null, 
/**
 * Given on or after.
 */
assignedFrom: string | null, 
/**
 * Given on or before.
 */
assignedTo: string | null, 
/**
 * Only the directions the person follows.
 */
mine: boolean, 
/**
 * Statuses as they stood at the end of this day (for the monthly figures' drill-down);
 * today when absent.
 */
asOf: string | null, sort: DirectionSort | null, offset: number, limit: number, };

export type DirectionId = number;

/**
 * What a direction is made of, for creating and editing.
 */
export type DirectionInput = { source: Source, 
/**
 * For a direction given on an incoming document.
 */
incomingId: IncomingId | null, 
/**
 * For a direction from a conclusion notice (an issued thông báo).
 */
outgoingId: OutgoingId | null, 
/**
 * The programme item, the Government's document, or any reference.
 */
sourceReference: string, content: string, leaderId: UserId, leadAgencyId: AgencyId, cooperatingAgencyIds: Array<AgencyId>, 
/**
 * The deadline; or `working_days` after the day it is given.
 */
deadline: string | null, workingDays: number | null, 
/**
 * The Office's specialist who follows it; the person creating it when absent.
 */
followerId: UserId | null, priority: Priority, 
/**
 * The day it was given; today when absent (a direction entered late keeps its date).
 */
assignedOn: string | null, 
/**
 * Độ mật. Absent: that of the source document (a direction from a secret document is
 * secret at its level); a person cleared for the source may lower it, and the trail
 * records that it was lowered.
 */
secrecy: Clearance | null, };

/**
 * The people a direction may name, for the form's and the statistics' pickers.
 */
export type DirectionPeople = { leaders: Array<Person>, followers: Array<Person>, };

export type DirectionRef = { id: DirectionId, };

export type DirectionRow = { id: DirectionId, 
/**
 * "NV 123/2026": the tracking number within the year.
 */
code: string, source: Source, content: string, leaderId: UserId, leaderName: string, leadAgencyId: AgencyId, leadAgencyName: string, followerId: UserId, followerName: string, priority: Priority, assignedOn: string, deadline: string, completedOn: string | null, percent: number, status: DirectionStatus, };

/**
 * The order of the directions list.
 */
export type DirectionSort = "pressing" | "code" | "deadline" | "assigned";

export type DirectionStats = { period: Period, label: string, labelEn: string, firstDay: string, lastDay: string, 
/**
 * The day the statuses are seen from: the period's last day, or today.
 */
asOf: string, agencies: Array<Figures>, total: Figures, };

/**
 * Computed from the dates, never typed.
 */
export type DirectionStatus = "not_yet_due" | "due_soon" | "overdue" | "done_on_time" | "done_late";

export type DirectionTemplateRequest = { incomingId: IncomingId | null, outgoingId: OutgoingId | null, 
/**
 * An existing direction, as it stands, to edit it.
 */
directionId: DirectionId | null, };

export type DirectionUpdateRequest = { id: DirectionId, input: DirectionInput, };

export type DirectionsMade = { ids: Array<DirectionId>, };

export type Dispatch = { id: number, recipient: string, method: DispatchMethod, sentAt: string, note: string, recordedBy: string | null, };

export type DispatchEntry = { recipient: string, agencyId: AgencyId | null, method: DispatchMethod, };

/**
 * How a document was sent.
 */
export type DispatchMethod = "electronic" | "post" | "hand";

export type DispatchRequest = { id: OutgoingId, entries: Array<DispatchEntry>, 
/**
 * When it left; now if not given.
 */
sentAt: string | null, note: string, };

/**
 * The kinds of documents other objects name.
 */
export type DocumentKind = "incoming" | "outgoing";

/**
 * A document another object names, as the person looking may see it.
 */
export type DocumentLink = { kind: DocumentKind, 
/**
 * None when the person may not see it.
 */
id: number | null, 
/**
 * "12/2026 · 245/STC-NS" for an incoming document; the number and symbol (or
 * "(dự thảo)") for an outgoing one; [`PLACEHOLDER_VI`] when hidden.
 */
label: string, 
/**
 * Empty when hidden.
 */
summary: string, 
/**
 * The person may not see the document: nothing of it is here.
 */
hidden: boolean, };

export type DocumentRole = "submission" | "draft" | "supporting" | "opinion";

export type DocumentType = { key: string, abbreviation: string, name: string, };

export type DocumentView = { id: AgendaDocumentId, role: DocumentRole, title: string, agencyName: string | null, 
/**
 * A linked incoming or outgoing document.
 */
link: DocumentLink | null, 
/**
 * An uploaded file.
 */
fileName: string | null, 
/**
 * The person has private notes on it.
 */
hasNote: boolean, };

/**
 *
 * It carries no number of its own: a counter shared by every object would let whoever
 * follows the stream count, by its gaps, the activity they may not see.
 */
export type DomainEvent = { at: string, 
/**
 * The command that caused it, e.g. `user_create`.
 */
action: string, 
/**
 * The client marks a resynchronisation after a cut with `'*'` (every kind).
 */
objectType: ObjectKind | '*', objectId: number | null, actorId: UserId | null, };

/**
 * Everything a drafter writes; one version stores one of these whole.
 */
export type DraftContent = { 
/**
 * A Decree 30 type key (see `document_type_list`).
 */
documentType: string, issuer: Issuer, 
/**
 * A legal normative document (văn bản quy phạm pháp luật): its own register, and
 * the year in its symbol.
 */
legalNormative: boolean, 
/**
 * Trích yếu: printed under the type name, or as "V/v …" for a công văn.
 */
summary: string, 
/**
 * "Kính gửi:" lines.
 */
addressees: Array<string>, 
/**
 * The body written in the app.
 */
blocks: Array<Block>, footnotes: Array<string>, 
/**
 * "Nơi nhận:", ending with "Lưu: VT, <unit>."
 */
recipients: Array<Recipient>, urgency: Urgency, secrecy: Clearance, 
/**
 * The body as an uploaded DOCX or PDF, instead of `blocks`.
 */
bodyFile: FileRef | null, attachments: Array<FileRef>, };

/**
 * A new draft or a change to one.
 */
export type DraftSave = { 
/**
 * None for a new draft.
 */
id: OutgoingId | null, content: DraftContent, 
/**
 * A body file to upload, replacing `content.bodyFile`.
 */
newBodyFile: NewAttachment | null, newAttachments: Array<NewAttachment>, 
/**
 * The incoming document this draft answers (set when the draft is created).
 */
replyToIncomingId: IncomingId | null, 
/**
 * What the change is, for the timeline (a reviewer's edit).
 */
comment: string, };

export type DraftedRef = { outgoingId: OutgoingId, };

/**
 * An earlier registration that looks like the same document.
 */
export type DuplicateCandidate = { id: IncomingId, number: number, year: number, registerName: string, receivedAt: string, summary: string, };

export type DuplicateQuery = { agencyId: AgencyId | null, agencyName: string, numberSymbol: string, receivedAt: string, };

/**
 * The marks of a digitally signed document, drawn where the signature goes: the
 * signer's signature (blue: who and when), then, once the clerk has issued it, the
 * body's seal over its left third (red) and the body's signature line (black italic:
 * the body and the time, ISO 8601).
 */
export type ElectronicSignature = { signer: string, 
/**
 * Vietnam time, "02/12/2026 09:26:13".
 */
signedAt: string, seal: SealMark | null, };

export type EntryId = number;

/**
 * An entry of the schedule, as the form sends it.
 */
export type EntryInput = { 
/**
 * Vietnam time.
 */
startsAt: string, 
/**
 * None: until the end of the morning (11:30) or of the afternoon (17:00).
 */
endsAt: string | null, content: string, preparingAgencyId: AgencyId | null, 
/**
 * What the agency prepares ("chuẩn bị nội dung và giấy mời").
 */
preparingNote: string, leaders: Array<LeaderInput>, agencyIds: Array<AgencyId>, participants: string, roomId: RoomId | null, place: string, officeLeaderId: UserId | null, officeDepartmentId: DepartmentId | null, notes: string, secrecy: Clearance, 
/**
 * The secretary has read that a leader is booked elsewhere at that time and keeps it.
 */
confirmLeaderBusy: boolean, };

export type EntryRef = { id: EntryId, };

/**
 * Every code a command or a transport can fail with; the UI branches on these
 * only (exported to TypeScript as a union of the strings).
 */
export type ErrorCode = "auth.wrong_credentials" | "auth.throttled" | "auth.account_disabled" | "auth.not_authenticated" | "auth.session_expired" | "auth.password_change_required" | "auth.permission_denied" | "not_found" | "invalid" | "conflict" | "confirm.possible_duplicate" | "confirm.leader_busy" | "confirm.resend" | "setup.already_done" | "setup.required" | "storage.database_too_new" | "storage.not_a_database" | "storage.data_dir_not_writable" | "storage.already_running" | "storage.attachment_damaged" | "request.unknown_command" | "request.malformed" | "request.host_refused" | "request.origin_refused" | "request.content_type" | "request.too_large" | "internal" | "transport.unreachable" | "transport.untrusted" | "transport.certificate_changed";

export type Evaluation = { year: number, quarter: number, asOf: string, agencies: Array<AgencyEvaluation>, };

export type ExchangeAcceptance = { id: ExchangeId, };

/**
 * A status message this Office wrote about a message, for the trail.
 */
export type ExchangeAnswer = { statusCode: string, words: string, createdAt: string, 
/**
 * When the server handed it to the gateway; none while it waits.
 */
writtenAt: string | null, };

export type ExchangeDetail = { row: ExchangeRow, 
/**
 * What the message says, when it is a readable document.
 */
document: ExchangeDocument | null, 
/**
 * An earlier message of the same document (the same DocumentId) already registered.
 */
registeredAs: IncomingId | null, answers: Array<ExchangeAnswer>, };

/**
 * Everything a document message says, read for the clerk.
 */
export type ExchangeDocument = { number: string, notation: string, place: string, date: string | null, typeName: string, 
/**
 * The Decree 30 type it will be registered as.
 */
documentType: string, signerCompetence: string, signerPosition: string, signerName: string, dueDate: string | null, urgency: Urgency, pageCount: number | null, recipients: Array<string>, places: Array<string>, reason: string, files: Array<ExchangeFile>, 
/**
 * The sender in the directory, found by its code.
 */
agencyId: AgencyId | null, agencyName: string | null, };

/**
 * A file a message carries, as the clerk sees it before registering.
 */
export type ExchangeFile = { index: number, name: string, mediaType: string, size: number, 
/**
 * A PDF's digital signatures, each checked (none: not a PDF).
 */
signatures: Array<SignatureCheck> | null, };

export type ExchangeFileRef = { id: ExchangeId, index: number, };

export type ExchangeFilter = { 
/**
 * Only messages in this state; all when absent.
 */
state?: ExchangeState, offset: number, 
/**
 * At most 200; 50 when 0.
 */
limit: number, };

export type ExchangeId = number;

export type ExchangeKind = "document" | "status" | "unreadable";

export type ExchangePage = { items: Array<ExchangeRow>, total: number, 
/**
 * Documents waiting for the clerk (the tab's count).
 */
waiting: number, };

export type ExchangeRef = { id: ExchangeId, };

export type ExchangeRefusal = { id: ExchangeId, reason: string, };

/**
 * What the clerk chooses when registering: the rest comes from the message.
 */
export type ExchangeRegisterInput = { id: ExchangeId, registerId: RegisterId, leadDepartmentId: DepartmentId | null, 
/**
 * The route the clerk accepted (as `incoming_route` proposes it).
 */
supervisorId?: UserId, routingRuleId?: number, presentToId: UserId | null, 
/**
 * The clerk saw the Decree 30 duplicate warning and registers anyway.
 */
confirmDuplicate: boolean, };

/**
 * A message as the exchange inbox lists it.
 */
export type ExchangeRow = { id: ExchangeId, receivedAt: string, fileName: string, kind: ExchangeKind, state: ExchangeState, fromCode: string, fromName: string, documentId: string, 
/**
 * 0 new, 1 recall, 2 update, 3 replace.
 */
business: number, numberSymbol: string, subject: string, 
/**
 * For a status: its code ("01"…"16").
 */
statusCode: string, 
/**
 * Why it could not be read (in Vietnamese), or why it was refused (as the clerk
 * typed it).
 */
reason: string, 
/**
 * Why it could not be read, in English; empty for a clerk's reason.
 */
reasonEn: string, incomingId: IncomingId | null, };

export type ExchangeSendRequest = { id: OutgoingId, agencyIds: Array<AgencyId>, 
/**
 * The clerk saw that some went there already, and sends again.
 */
resend?: boolean, };

/**
 * Where a message that came in stands.
 */
export type ExchangeState = "waiting" | "registered" | "refused" | "unreadable" | "recorded";

export type ExchangeUpload = { fileName: string, uploadId: string, };

export type Extension = { id: number, requestedByName: string, requestedAt: string, proposedDeadline: string, reason: string, decision: Decision, decidedByName: string | null, decidedAt: string | null, decisionReason: string, };

export type ExtensionDecision = { extensionId: number, grant: boolean, 
/**
 * Required when refusing.
 */
reason: string, 
/**
 * Granting to another day than the one asked (later than the deadline now).
 */
grantedDeadline: string | null, };

export type ExtensionInput = { id: DirectionId, proposedDeadline: string, reason: string, };

/**
 * What changed in one field between two versions.
 */
export type FieldDiff = { 
/**
 * "summary", "addressees", "body", "footnotes", "recipients", "documentType", …
 */
field: string, changes: Array<Change>, };

/**
 * The longest text each kind of field takes, in characters. The core refuses longer
 * text; the forms count against the same numbers (they get them with the session).
 */
export type FieldLimits = { 
/**
 * A document's summary (trích yếu).
 */
summary: number, 
/**
 * A direction's content.
 */
direction: number, 
/**
 * A leader's direction on a document, a progress report.
 */
steering: number, 
/**
 * A note with a step.
 */
note: number, 
/**
 * The reason for a correction or a cancellation.
 */
reason: number, };

export type Figures = { agencyId: AgencyId | null, agencyName: string, assigned: number, doneOnTime: number, doneLate: number, 
/**
 * Open and not past the deadline (due soon included).
 */
inProgress: number, overdue: number, 
/**
 * Done (on time or late) over assigned, e.g. "99,5%".
 */
rate: string, 
/**
 * "207/208 nhiệm vụ, đạt 99,5%".
 */
summary: string, 
/**
 * "207/208 directions, 99.5% done".
 */
summaryEn: string, };

/**
 * A file for the person to view or save: an attachment or a generated document. Its
 * bytes never travel in JSON: the transport fetches them by `download_id`, as they are,
 * streamed (`GET /api/download/<id>`, the desktop's `download`).
 */
export type FileContent = { fileName: string, mediaType: string, size: number, downloadId: string, };

/**
 * A file kept with a draft: the body as DOCX/PDF, or an attachment (phụ lục).
 */
export type FileRef = { fileName: string, sha256: string, size: number, };

/**
 * An issued document for the gazette.
 */
export type GazetteDocument = { outgoingId: OutgoingId, documentType: string, 
/**
 * "Quyết định".
 */
typeName: string, numberSymbol: string, issueDate: string, summary: string, };

export type GazetteIssueRef = { id: IssueId, };

export type GazetteIssueRequest = { issuedOn: string, outgoingIds: Array<OutgoingId>, };

export type GazettePendingRequest = { 
/**
 * Issued by this day; none: today.
 */
until: string | null, };

export type GazetteYearRequest = { year: number, };

export type GiveBackRequest = { id: IncomingId, 
/**
 * Why the document is misrouted.
 */
reason: string, };

export type HolidayName = { vi: string, en: string, };

export type ImportPreview = { rows: Array<ImportRow>, valid: number, invalid: number, 
/**
 * The file has its own incoming numbers (kept); otherwise numbers are given in order.
 */
keepsNumbers: boolean, };

export type ImportRequest = { registerId: RegisterId, 
/**
 * XLSX, XLS or CSV (UTF-8, comma or semicolon).
 */
fileName: string, 
/**
 * The file inline, base64-encoded …
 */
contentBase64?: string, 
/**
 * … or uploaded first (a year's register is megabytes).
 */
uploadId?: string, 
/**
 * Import the rows without an error and leave the others out (the clerk downloads
 * them with `incoming_import_rejected_xlsx`); otherwise all rows or none.
 */
skipInvalid?: boolean, };

export type ImportResult = { imported: number, };

export type ImportRow = { 
/**
 * Line in the file, counting from 1 as a spreadsheet does.
 */
line: number, received: string | null, number: number | null, agencyName: string, numberSymbol: string, documentDate: string | null, documentType: string, summary: string, urgency: Urgency, secrecy: Clearance, notes: string, 
/**
 * Why the row cannot be imported; empty when it can.
 */
errors: Array<Message>, };

export type InboxCounts = { total: number, urgent: number, overdue: number, dueSoon: number, };

export type IncomingAllowed = { id: IncomingId, allowed: Allowed, };

export type IncomingDetail = { 
/**
 * The Decree 30 name of `row.document_type`, e.g. "Công văn".
 */
documentTypeName: string, registerName: string, pageCount: number | null, replyDeadline: string | null, signer: string, electronic: boolean, supervisorName: string | null, routingRuleName: string | null, cooperatingDepartments: Array<string>, assignees: Array<string>, closure: Closure | null, replyNumberSymbol: string | null, registeredByName: string, attachments: Array<Attachment>, steps: Array<Step>, allowed: Allowed, 
/**
 * The interconnection axis message it was registered from (its id there), for those
 * who see the axis (who register documents).
 */
axisMessageId: number | null, id: IncomingId, registerId: RegisterId, number: number, year: number, receivedAt: string, agencyName: string, numberSymbol: string, documentDate: string | null, documentType: string, summary: string, urgency: Urgency, secrecy: Clearance, status: IncomingStatus, leadDepartmentId: DepartmentId | null, leadDepartmentName: string | null, presentedToName: string | null, handlerName: string | null, deadline: string | null, 
/**
 * Open and past its deadline.
 */
overdue: boolean, 
/**
 * Open and due within the next three days.
 */
dueSoon: boolean, 
/**
 * Cancelled by the clerk: the number stays in the register, marked "đã hủy".
 */
cancelled: boolean, };

export type IncomingFilter = { registerId: RegisterId | null, 
/**
 * Received on or after this day (Vietnam time).
 */
from: string | null, 
/**
 * Received on or before this day.
 */
to: string | null, agencyId: AgencyId | null, agencyGroup: AgencyGroup | null, documentType: string | null, status: IncomingStatus | null, 
/**
 * Everything but closed.
 */
openOnly: boolean, urgency: Urgency | null, departmentId: DepartmentId | null, handlerId: UserId | null, overdue: boolean, 
/**
 * Open, due within the next three days (as the inbox counts them).
 */
dueSoon: boolean, 
/**
 * Khẩn, thượng khẩn or hỏa tốc.
 */
urgent: boolean, 
/**
 * Only what waits for the person ("Việc cần làm", as [`inbox`] has it).
 */
inbox: boolean, 
/**
 * Words of the summary, number and symbol, sender or attachment names.
 */
search: string | null, sort: IncomingSort | null, offset: number, 
/**
 * At most 200; 0 means 50.
 */
limit: number, };

export type IncomingId = number;

/**
 * What the clerk enters to register a document.
 */
export type IncomingInput = { registerId: RegisterId, receivedAt: string, 
/**
 * The sender from the directory; or `None` with `agency_name` typed freely.
 */
agencyId: AgencyId | null, agencyName: string, 
/**
 * Add a freely typed sender to the directory, in this group.
 */
addAgencyToDirectory: AgencyGroup | null, 
/**
 * As printed, e.g. `123/QĐ-UBND`.
 */
numberSymbol: string, documentDate: string | null, 
/**
 * A Decree 30 type key (see `document_type_list`).
 */
documentType: string, summary: string, urgency: Urgency, secrecy: Clearance, pageCount: number | null, replyDeadline: string | null, signer: string, electronic: boolean, attachments: Array<NewAttachment>, 
/**
 * The route the clerk accepted or chose.
 */
leadDepartmentId: DepartmentId | null, supervisorId: UserId | null, routingRuleId: number | null, 
/**
 * Present at once to this leader (usually the supervising deputy chief).
 */
presentToId: UserId | null, 
/**
 * The clerk has seen the duplicate warning and registers anyway.
 */
confirmDuplicate: boolean, };

/**
 * The people the incoming forms may name for a document at `secrecy`, exactly those
 * the steps accept: the leaders it may be presented to, the colleagues of `actor`'s
 * department it may be assigned to, and everyone who handles documents (the lists'
 * filter by handler).
 */
export type IncomingPeople = { leaders: Array<Person>, colleagues: Array<Person>, handlers: Array<Person>, };

export type IncomingRef = { id: IncomingId, };

/**
 * One line of a list or queue.
 */
export type IncomingRow = { id: IncomingId, registerId: RegisterId, number: number, year: number, receivedAt: string, agencyName: string, numberSymbol: string, documentDate: string | null, documentType: string, summary: string, urgency: Urgency, secrecy: Clearance, status: IncomingStatus, leadDepartmentId: DepartmentId | null, leadDepartmentName: string | null, presentedToName: string | null, handlerName: string | null, deadline: string | null, 
/**
 * Open and past its deadline.
 */
overdue: boolean, 
/**
 * Open and due within the next three days.
 */
dueSoon: boolean, 
/**
 * Cancelled by the clerk: the number stays in the register, marked "đã hủy".
 */
cancelled: boolean, };

export type IncomingSort = "received" | "number" | "deadline";

export type IncomingStatus = "registered" | "presented" | "directed" | "assigned" | "returned" | "closed";

/**
 * A key file in the signing folder, opened to see whose it is.
 */
export type InstalledKey = { 
/**
 * The file's name in the folder: `seal-committee.p12`, `people/ct.p12`.
 */
file: string, 
/**
 * A body's seal (`committee`, `office`), or a person's key (their login).
 */
seal: boolean, owner: string, certificate: CertificateInfo | null, 
/**
 * Why it cannot be used (wrong password, a damaged file, a certificate out of its
 * validity), in words.
 */
problem: Message | null, };

/**
 * An issue of the gazette.
 */
export type Issue = { id: IssueId, year: number, number: number, issuedOn: string, pages: number, items: Array<IssueItem>, };

export type IssueId = number;

export type IssueItem = { document: GazetteDocument, firstPage: number, lastPage: number, };

export type IssuePreviewRequest = { id: OutgoingId, registerId: RegisterId, };

export type IssueRequest = { id: OutgoingId, registerId: RegisterId, 
/**
 * Issued electronically (the page shows who signed and when); false for paper.
 */
electronic: boolean, 
/**
 * Number of paper copies made.
 */
copies: number | null, };

/**
 * The body in whose name a document is issued.
 */
export type Issuer = "committee" | "office";

export type ItemId = number;

/**
 * What an agenda item is made of.
 */
export type ItemInput = { title: string, 
/**
 * Under another item (one level: 1.1, 1.2 …).
 */
parentId: ItemId | null, presenterAgencyId: AgencyId | null, specialistId: UserId | null, minutes: number, decisionAsked: string, 
/**
 * The agencies whose opinion the item needs.
 */
requiredAgencyIds: Array<AgencyId>, filesComplete: boolean, };

/**
 * A question's tally and answers, as the person may see them: the Office and the chair
 * see every answer; a member sees the tally and their own.
 */
export type ItemOpinions = { members: number, agree: number, disagree: number, other: number, unanswered: number, 
/**
 * Agreeing, with the silent counted as the round's rule says once the round is
 * closed (while it is open, the answers only).
 */
agreeCounted: number, 
/**
 * More than half of all the members agree (as counted): once the round is closed, by
 * its rules; while it is open, only as far as the answers so far already make it
 * (`None`: not known yet, always before the first answer).
 */
passed: boolean | null, 
/**
 * The round is closed: `passed` is final.
 */
over: boolean, answers: Array<AnswerView>, 
/**
 * The members who have not answered (for the Office).
 */
waiting: Array<string>, mine: AnswerView | null, };

export type ItemRef = { itemId: ItemId, };

export type ItemView = { id: ItemId, parentId: ItemId | null, 
/**
 * "1", "1.1" …
 */
number: string, title: string, presenterAgencyId: AgencyId | null, presenterAgencyName: string | null, specialistId: UserId | null, specialistName: string | null, minutes: number, decisionAsked: string, requiredAgencies: Array<NamedAgency>, readiness: Readiness, admitted: boolean, overrideReason: string, outcome: string, documents: Array<DocumentView>, 
/**
 * A written round's answers to this question, as far as the person may see them.
 */
opinions: ItemOpinions | null, };

/**
 * A leader on an entry, as the form sends it.
 */
export type LeaderInput = { userId: UserId, chairs: boolean, };

/**
 * One line of the schedule, as the printed table shows it.
 */
export type Line = { 
/**
 * What the line shows: "entry:12", or "meeting:5" for a sitting of the meeting room.
 */
key: string, entryId: EntryId | null, meetingId: MeetingId | null, 
/**
 * Vietnam time.
 */
startsAt: string, endsAt: string, 
/**
 * Of `starts_at`.
 */
part: DayPart, content: string, 
/**
 * "Sở Kế hoạch và Đầu tư chuẩn bị nội dung và giấy mời"; empty if nobody is named.
 */
preparing: string, leaders: Array<LineLeader>, roomId: RoomId | null, place: string, 
/**
 * Thành phần: the agencies invited and the people named.
 */
participants: string, 
/**
 * The Office's leader and department that follow it.
 */
follow: string, notes: string, cancelled: boolean, secrecy: Clearance, };

/**
 * A leader on a line: who chairs it, and who attends.
 */
export type LineLeader = { userId: UserId, name: string, title: string, chairs: boolean, };

/**
 * Directions linked to a document: created from an incoming document's direction or a
 * conclusion notice.
 */
export type LinkedRequest = { kind: DocumentKind, id: number, };

/**
 * A revocation list the Office keeps, as the administrator checks it.
 */
export type ListInfo = { 
/**
 * The common name of the authority that issued it.
 */
issuer: string, thisUpdate: string, nextUpdate: string | null, 
/**
 * How many certificates it revokes.
 */
revoked: number, 
/**
 * Past its next update: the authority has published a newer one to fetch.
 */
stale: boolean, };

export type LoginRequest = { username: string, password: string, 
/**
 * The token this workstation was given at an earlier login, if any.
 */
device: string | null, };

export type LoginResponse = { 
/**
 * Bearer token for every later request.
 */
token: string, me: Me, 
/**
 * This workstation's token for the account: kept by the UI and sent with the next
 * login, it spares the owner the delays strangers' wrong passwords cause.
 */
device: string, };

/**
 * What a backup holds, written beside it.
 */
export type Manifest = { createdAt: string, schemaVersion: number, databaseSha256: string, databaseBytes: number, 
/**
 * SHA-256 of every stored file included.
 */
attachments: Array<string>, incomingDocuments: number, outgoingDocuments: number, };

/**
 * How a line differs from the same week's revision before.
 */
export type Mark = "same" | "new" | "changed" | "cancelled" | "moved";

export type MarkedItem = { item: ProgrammeItem, mark: Mark, };

export type Me = { user: User, 
/**
 * The largest file this office server takes, in bytes (the forms say so before
 * sending a bigger one).
 */
maxFileBytes: number, 
/**
 * The longest text each kind of field takes (the forms count against it).
 */
limits: FieldLimits, 
/**
 * What this user's role allows; the UI shows only what can be used.
 */
actions: Array<Action>, organisation: Organisation | null, };

/**
 * What `actor` may do in a meeting now.
 */
export type MeetingAllowed = { 
/**
 * Edit the meeting, its agenda and documents; draft its papers.
 */
prepare: boolean, 
/**
 * Put an item that is not ready on the agenda, with a reason.
 */
overrideReadiness: boolean, 
/**
 * Drive the room: open and close, attendance, current item, floor, votes.
 */
run: boolean, 
/**
 * A member of the meeting: votes when present, answers a written round.
 */
member: boolean, 
/**
 * Ask to speak.
 */
speak: boolean, };

export type MeetingAttendanceSetRequest = { id: MeetingId, marks: Array<AttendanceMark>, };

export type MeetingCancelRequest = { id: MeetingId, reason: string, };

export type MeetingCurrentSetRequest = { id: MeetingId, itemId: ItemId | null, };

/**
 * Everything about a meeting that `actor` may see, for every screen of it.
 */
export type MeetingDetail = { meeting: MeetingRow, onlineLink: string, silenceAgrees: boolean, opinionSent: boolean, opinionClosed: boolean, remindersSent: number, currentItemId: ItemId | null, invitation: DocumentLink | null, notice: DocumentLink | null, secretaryNotes: string, people: Array<Participant>, agencies: Array<NamedAgency>, items: Array<ItemView>, quorum: Quorum, speakers: Array<SpeakerView>, polls: Array<PollView>, points: Array<PointView>, allowed: MeetingAllowed, 
/**
 * The person's own part, if any.
 */
myPart: Part | null, myAttendance: Attendance | null, };

export type MeetingDocumentAddRequest = { itemId: ItemId, role: DocumentRole, 
/**
 * Whose opinion, for an opinion.
 */
agencyId: AgencyId | null, 
/**
 * The title shown; the linked document's number and summary, or the file's name,
 * when empty.
 */
title: string, 
/**
 * Exactly one of these three.
 */
incomingId: IncomingId | null, outgoingId: OutgoingId | null, file: NewAttachment | null, };

export type MeetingDocumentRef = { documentId: AgendaDocumentId, };

export type MeetingFilter = { when: MeetingWhen, kind: MeetingKind | null, text: string, 
/**
 * Only those the person takes part in.
 */
mine: boolean, offset: number, limit: number, };

export type MeetingFloorGiveRequest = { id: MeetingId, 
/**
 * None ends the current speech.
 */
speakerId: SpeakerId | null, };

export type MeetingFloorRequestRequest = { id: MeetingId, 
/**
 * False withdraws the request.
 */
ask: boolean, pointOfOrder: boolean, };

export type MeetingId = number;

/**
 * What a meeting is made of, for creating and editing it.
 */
export type MeetingInput = { kind: MeetingKind, title: string, chairId: UserId, place: string, onlineLink: string, 
/**
 * Vietnam time.
 */
startsAt: string, endsAt: string, secrecy: Clearance, 
/**
 * The Committee's members taking part (counted for the quorum, voting).
 */
members: Array<UserId>, invited: Array<UserId>, secretaries: Array<UserId>, specialists: Array<UserId>, agencyIds: Array<AgencyId>, 
/**
 * A written round: whether a member who does not answer by the deadline is counted
 * as agreeing (many provinces' working regulations) or not counted.
 */
silenceAgrees: boolean, };

export type MeetingItemAdmitRequest = { itemId: ItemId, 
/**
 * False takes it off the agenda.
 */
admit: boolean, 
/**
 * Why an item that is not ready goes on anyway (the chief of office).
 */
reason: string, };

export type MeetingItemMoveRequest = { itemId: ItemId, up: boolean, };

export type MeetingItemSaveRequest = { meetingId: MeetingId, 
/**
 * None for a new item.
 */
itemId: ItemId | null, input: ItemInput, };

export type MeetingKind = "regular" | "topical" | "working" | "written";

export type MeetingNote = { text: string, };

export type MeetingNotePutRequest = { documentId: AgendaDocumentId, text: string, };

export type MeetingNotesSetRequest = { id: MeetingId, notes: string, };

export type MeetingOpenRequest = { id: MeetingId, 
/**
 * False closes the sitting.
 */
open: boolean, };

export type MeetingOutcomeSetRequest = { itemId: ItemId, outcome: string, };

/**
 * The people a meeting's form may name.
 */
export type MeetingPeople = { 
/**
 * Who may chair.
 */
chairs: Array<Person>, 
/**
 * The Committee's members.
 */
members: Array<Person>, 
/**
 * The Office's people (secretaries, specialists).
 */
office: Array<Person>, 
/**
 * Everyone else who may be invited (the Office's leaders among them).
 */
everyone: Array<Person>, };

export type MeetingPointsSaveRequest = { id: MeetingId, points: Array<PointInput>, };

export type MeetingRef = { id: MeetingId, };

export type MeetingRow = { id: MeetingId, kind: MeetingKind, title: string, chairId: UserId, chairName: string, place: string, 
/**
 * Vietnam time.
 */
startsAt: string, endsAt: string, status: MeetingStatus, secrecy: Clearance, items: number, members: number, 
/**
 * A written round's deadline.
 */
opinionDeadline: string | null, };

export type MeetingStatus = "preparing" | "invited" | "open" | "closed" | "cancelled";

export type MeetingTemplateRequest = { kind: MeetingKind, 
/**
 * An existing meeting as it stands, to edit it.
 */
meetingId: MeetingId | null, };

export type MeetingUpdateRequest = { id: MeetingId, input: MeetingInput, };

export type MeetingWhen = "upcoming" | "past" | "all";

/**
 * A message for people, in both languages the product speaks.
 */
export type Message = { vi: string, en: string, };

export type MonthRequest = { year: number, month: number, };

export type Named = { id: AgencyId, name: string, };

export type NamedAgency = { id: AgencyId, name: string, };

/**
 * A file a person adds to a document: its name, and its bytes either inline (base64,
 * for small files and scripts) or, for any size, the reference the upload gave
 * (`upload_id`, see [`record_upload`]).
 */
export type NewAttachment = { fileName: string, 
/**
 * The file's bytes, base64-encoded (standard alphabet).
 */
contentBase64?: string, 
/**
 * What the upload endpoint (or the desktop shell) answered for this file.
 */
uploadId?: string, };

/**
 * Every kind of object the audit log, the event stream, alerts and links name. Closed,
 * and matched with no default arm in `secrecy::may_see` and `secrecy::level_of`: a new
 * kind does not compile until someone has decided who may see it.
 */
export type ObjectKind = "incoming_document" | "outgoing_document" | "direction" | "meeting" | "schedule_entry" | "alert" | "user" | "department" | "agency" | "register" | "routing_rule" | "approval_path" | "calendar" | "delegation" | "schedule_week" | "programme_item" | "programme_month" | "room" | "gazette_issue" | "exchange_message" | "system";

export type OfficeCode = { code: string, };

/**
 * Everything printed on a document.
 */
export type OfficialDocument = { 
/**
 * Above the issuing body ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" over "VĂN PHÒNG"); empty for
 * the Committee's own documents.
 */
parentBody: string, issuingBody: string, 
/**
 * As built by the numbering rules, e.g. "15/QĐ-UBND"; empty while a draft.
 */
numberSymbol: string, place: string, date: string | null, 
/**
 * "THÔNG BÁO", "QUYẾT ĐỊNH" …; none for a công văn.
 */
typeName: string | null, 
/**
 * Below the type name in bold; for a công văn it is printed as "V/v …" under the number.
 */
summary: string, 
/**
 * "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN".
 */
urgency: string | null, 
/**
 * "MẬT", "TỐI MẬT", "TUYỆT MẬT".
 */
secrecy: string | null, 
/**
 * "Kính gửi:" lines of a công văn or report sent upward.
 */
addressees: Array<string>, blocks: Array<Block>, signature: Signature, 
/**
 * The "Nơi nhận:" list, ending with "- Lưu: VT, …".
 */
recipients: Array<string>, footnotes: Array<string>, 
/**
 * Not issued yet: every page says "DỰ THẢO" (a draft is never mistaken for the
 * document).
 */
draft: boolean, };

export type Opinion = "agree" | "disagree" | "other";

export type OpinionAnswerRequest = { itemId: ItemId, 
/**
 * None when the member chose nothing: refused next to the choices.
 */
choice: Opinion | null, comment: string, };

export type OpinionSendRequest = { id: MeetingId, 
/**
 * Working days to answer; 5 when absent.
 */
workingDays: number | null, };

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

/**
 * What `actor` may do with a document now; the UI shows exactly these.
 */
export type OutgoingAllowed = { edit: boolean, submit: boolean, approve: boolean, 
/**
 * `approve` signs (the last step).
 */
sign: boolean, giveBack: boolean, cancel: boolean, issue: boolean, dispatch: boolean, recall: boolean, correct: boolean, 
/**
 * Give directions from it (an issued conclusion notice).
 */
createDirection: boolean, };

export type OutgoingAllowedRequest = { 
/**
 * At most 200 (a page of a list).
 */
ids: Array<OutgoingId>, };

export type OutgoingAllowedRow = { id: OutgoingId, allowed: OutgoingAllowed, };

export type OutgoingCounts = { 
/**
 * What waits for the person ("việc cần làm").
 */
waiting: number, };

export type OutgoingDeliveries = { id: OutgoingId, };

/**
 * Everything the document's page shows.
 */
export type OutgoingDetail = { row: OutgoingRow, content: DraftContent, version: number, versions: Array<VersionInfo>, timeline: Array<TimelineStep>, path: PathView, allowed: OutgoingAllowed, dispatches: Array<Dispatch>, 
/**
 * Where it is sent (`DraftContent::dispatch_targets`), for the clerk's dispatch form.
 */
sendTo: Array<string>, 
/**
 * The incoming document it answers.
 */
replyTo: DocumentLink | null, 
/**
 * The document a correcting công văn corrects, and the corrections of this one.
 */
corrects: DocumentLink | null, 
/**
 * Only the corrections the person may see.
 */
correctedBy: Array<DocumentLink>, electronic: boolean, signedAt: string | null, 
/**
 * What is signed digitally: nothing (a draft, or signed on paper), the signer's
 * signature, or the signer's and the body's (the electronic original).
 */
digital: DigitalSignatures, 
/**
 * Issued, why it cannot go over the interconnection axis (issued on paper, signed on
 * paper); none when it can, or is not issued.
 */
axisRefusal: Message | null, recalledAt: string | null, recallReason: string | null, 
/**
 * For the clerk: the register the document goes to.
 */
proposedRegisterId: RegisterId | null, };

export type OutgoingFileRef = { id: OutgoingId, sha256: string, };

export type OutgoingFilter = { status: OutgoingStatus | null, issuer: Issuer | null, documentType: string | null, registerId: RegisterId | null, departmentId: DepartmentId | null, 
/**
 * Issued on or after this day.
 */
from: string | null, 
/**
 * Issued on or before this day.
 */
to: string | null, 
/**
 * Only what waits for the person asking ("việc cần làm").
 */
waitingForMe: boolean, 
/**
 * Only drafts the person asking wrote.
 */
mine: boolean, 
/**
 * Words of the summary, body, recipients; or a number and symbol.
 */
search: string | null, sort: OutgoingSort | null, offset: number, 
/**
 * At most 200; 0 means 50.
 */
limit: number, };

export type OutgoingId = number;

export type OutgoingPdfRequest = { id: OutgoingId, 
/**
 * Render this unsaved content instead of the saved version (the editor's preview).
 */
content: DraftContent | null, };

export type OutgoingRef = { id: OutgoingId, };

/**
 * One line of a list or of "việc cần làm".
 */
export type OutgoingRow = { id: OutgoingId, status: OutgoingStatus, issuer: Issuer, documentType: string, legalNormative: boolean, summary: string, urgency: Urgency, secrecy: Clearance, drafterName: string, departmentId: DepartmentId, departmentCode: string, 
/**
 * The person it waits for (in review), the drafter (returned).
 */
holderName: string | null, signerName: string | null, registerId: RegisterId | null, numberSymbol: string | null, issueDate: string | null, updatedAt: string, };

export type OutgoingSort = "recent" | "number";

export type OutgoingStatus = "draft" | "in_review" | "returned" | "signed" | "issued" | "recalled" | "cancelled";

/**
 * Another delegation visiting some of the same communes too close in time: one per
 * pair of delegations.
 */
export type Overlap = { otherId: DelegationId, otherTitle: string, otherStartsOn: string, otherEndsOn: string, 
/**
 * Working days between the two visits; 0 when they are at the same time.
 */
gap: number, 
/**
 * The communes both visit that the Office has not decided on, in name order (named
 * in the delegation's `communes`).
 */
open: Array<AgencyId>, 
/**
 * The communes both visit that the Office has decided on, with its decision.
 */
decided: Array<OverlapDecision>, };

/**
 * The Office's decision on a commune two overlapping delegations both visit.
 */
export type OverlapDecision = { communeId: AgencyId, reason: string, };

/**
 * An administrator's decision about one day.
 */
export type Override = { date: string, 
/**
 * `true`: a working day (a swapped Saturday, a holiday taken back); `false`: a day off.
 */
working: boolean, 
/**
 * What the day is, e.g. "Nghỉ Tết (hoán đổi với thứ Bảy 07/02)".
 */
name: string, };

/**
 * One page of a list.
 */
export type Page<T> = { items: Array<T>, 
/**
 * Matches, counted up to `COUNT_CAP`.
 */
total: number, 
/**
 * There are more than `total` matches.
 */
totalCapped: boolean, 
/**
 * The list was searched while its index is still being rebuilt (after an upgrade):
 * older documents may be missing from the matches.
 */
indexing: boolean, };

/**
 * A person's part in a meeting.
 */
export type Part = "member" | "invited" | "secretary" | "specialist";

/**
 * A person in a meeting, with their attendance.
 */
export type Participant = { userId: UserId, fullName: string, title: string, part: Part, attendance: Attendance, reason: string, delegate: string, };

/**
 * The path a document is on (or would take), with who is where.
 */
export type PathView = { steps: Array<Role>, 
/**
 * The step reached, while in review.
 */
current: number | null, 
/**
 * Who can take the next step (for the holder choosing it; for the drafter, the
 * first step).
 */
nextRole: Role | null, nextCandidates: Array<Candidate>, };

export type PeopleRequest = { 
/**
 * The secrecy of the document the form is about (none when absent); people not
 * cleared for it are left out.
 */
secrecy?: Clearance, };

export type Period = { kind: PeriodKind, year: number, 
/**
 * The month (1–12) or the quarter (1–4); ignored for a year.
 */
number: number, };

export type PeriodKind = "month" | "quarter" | "year";

/**
 * Someone a form may name, as its pickers show them (nothing more: an agency's account
 * sees such lists too).
 */
export type Person = { id: UserId, fullName: string, title: string, role: Role, departmentName: string | null, };

/**
 * One point of the conclusion.
 */
export type PointInput = { text: string, 
/**
 * The agency that leads the work it assigns, with its deadline; both or neither.
 */
agencyId: AgencyId | null, deadline: string | null, };

/**
 * A point of the conclusion as the meeting's screens and papers show it.
 */
export type PointView = { id: number, position: number, text: string, agencyId: AgencyId | null, agencyName: string | null, deadline: string | null, directionId: DirectionId | null, 
/**
 * "NV 12/2026".
 */
directionCode: string | null, };

export type PollId = number;

/**
 * How a stopped vote ended.
 */
export type PollOutcome = "counted" | "insufficient" | "void";

export type PollRef = { pollId: PollId, };

export type PollStartRequest = { meetingId: MeetingId, itemId: ItemId | null, question: string, secret: boolean, };

export type PollStatus = "started" | "finished" | "published";

export type PollView = { id: PollId, itemId: ItemId | null, question: string, secret: boolean, status: PollStatus, 
/**
 * How it ended, once stopped.
 */
outcome: PollOutcome | null, startedAt: string, 
/**
 * How many have voted (always shown).
 */
voted: number, 
/**
 * A running secret vote: the fewest ballots for its counts to be shown when it is
 * stopped now ([`enough_ballots`]); stopped with fewer it ends without counts.
 */
least: number | null, 
/**
 * The counts: live to the console for a named vote, to the console once stopped, to
 * everyone once published; never for a secret vote that was not counted.
 */
yes: number | null, no: number | null, abstain: number | null, 
/**
 * The base, frozen when stopped.
 */
members: number | null, present: number | null, 
/**
 * Passed: a majority of all the members voted for it (once the counts are shown and
 * the vote stopped).
 */
passed: boolean | null, 
/**
 * The person has voted in it.
 */
iVoted: boolean, 
/**
 * The person's own choice, for an open vote.
 */
myChoice: Choice | null, 
/**
 * The named votes of an open vote, with the counts.
 */
voters: Array<PollVoter>, };

export type PollVoteRequest = { pollId: PollId, choice: Choice, };

export type PollVoter = { fullName: string, choice: Choice, };

export type PresentRequest = { id: IncomingId, 
/**
 * A leader who gives directions (deputy chief, chief of office, chairman, vice chairman).
 */
toId: UserId, note: string, };

export type Priority = "normal" | "high" | "urgent";

export type ProgrammeInput = { year: number, month: number, kind: ProgrammeKind, title: string, agencyId: AgencyId, leaderId: UserId | null, officeDepartmentId: DepartmentId | null, };

export type ProgrammeItem = { id: ProgrammeItemId, year: number, month: number, plannedMonth: number, quarter: number, kind: ProgrammeKind, title: string, agencyId: AgencyId, agencyName: string, leaderId: UserId | null, leaderName: string, officeDepartmentId: DepartmentId | null, departmentName: string, status: ProgrammeStatus, statusReason: string, submittedOn: string | null, meetingId: MeetingId | null, 
/**
 * Times the Office returned its submission for rework.
 */
returned: number, 
/**
 * Its month has ended and nothing was submitted.
 */
overdue: boolean, 
/**
 * Submitted after its month ended.
 */
late: boolean, };

export type ProgrammeItemId = number;

export type ProgrammeItemUpdateRequest = { id: ProgrammeItemId, input: ProgrammeInput, };

export type ProgrammeKind = "scheme" | "report" | "decision" | "resolution" | "other";

/**
 * A month's programme as published.
 */
export type ProgrammeMonth = { year: number, month: number, items: Array<MarkedItem>, revision: number | null, publishedAt: string | null, 
/**
 * Items changed since the last publication.
 */
changes: number, 
/**
 * Overdue items of the year so far.
 */
overdue: number, };

export type ProgrammeMonthRequest = { year: number, month: number, };

export type ProgrammePageRequest = { 
/**
 * Year and month; none: this month by the app's clock.
 */
month: [number, number] | null, };

export type ProgrammeReturnRequest = { id: ProgrammeItemId, reason: string, };

export type ProgrammeStatus = "not_started" | "submitted" | "on_agenda" | "passed" | "postponed";

export type ProgrammeStatusRequest = { id: ProgrammeItemId, input: StatusInput, };

export type ProgrammeYearRequest = { year: number, agencyId: AgencyId | null, };

export type Progress = { id: number, reportedOn: string, text: string, percent: number, authorName: string, 
/**
 * Set when the agency reported through its own account.
 */
agencyName: string | null, attachments: Array<Attachment>, };

export type ProgressFileRequest = { id: DirectionId, attachmentId: number, };

export type ProgressInput = { id: DirectionId, 
/**
 * The day the progress refers to; today when absent.
 */
reportedOn: string | null, text: string, percent: number, attachments: Array<NewAttachment>, };

export type ProgressRequest = { id: IncomingId, text: string, };

export type Province = { code: number, name: string, communeCount: number, };

/**
 * A week's publication.
 */
export type Publication = { id: number, weekStart: string, 
/**
 * 1 for the first publication; n for the (n-1)th adjustment.
 */
revision: number, publishedAt: string, publishedBy: string, };

export type QuarterRequest = { year: number, quarter: number, };

/**
 * The meeting's quorum as it stands.
 */
export type Quorum = { members: number, present: number, 
/**
 * Members who must be present; 0 when the meeting has no quorum rule.
 */
needed: number, met: boolean, };

/**
 * Whether an item can be decided.
 */
export type Readiness = { submission: boolean, 
/**
 * The required agencies whose opinion is not in.
 */
opinionsMissing: Array<string>, filesComplete: boolean, ready: boolean, };

export type RecallRequest = { id: OutgoingId, reason: string, };

/**
 * A line of "Nơi nhận": an agency of the directory, a department of the Office, or free
 * text ("Lưu: VT, KT."). `text` is what is printed.
 */
export type Recipient = { text: string, agencyId: AgencyId | null, departmentId: DepartmentId | null, };

export type Register = { id: RegisterId, kind: RegisterKind, code: string, name: string, 
/**
 * Holds secret documents only (and only secret documents go to such registers).
 */
secret: boolean, sortOrder: number, active: boolean, 
/**
 * Outgoing registers: the issuing body whose documents it numbers.
 */
issuer: Issuer | null, 
/**
 * Outgoing registers: the type keys it numbers; empty for every type that has no
 * register of its own.
 */
documentTypes: Array<string>, 
/**
 * Numbers legal normative documents, whose symbol carries the year (15/2026/QĐ-UBND).
 */
legalNormative: boolean, };

export type RegisterId = number;

export type RegisterInput = { kind: RegisterKind, code: string, name: string, secret: boolean, sortOrder: number, issuer: Issuer | null, documentTypes: Array<string>, legalNormative: boolean, };

export type RegisterKind = "incoming" | "outgoing";

export type RegisterListRequest = { kind: RegisterKind | null, 
/**
 * Only the registers a document at this secrecy may be numbered in.
 */
fits?: Clearance, };

export type RegisterPrintRequest = { registerId: RegisterId, from: string, to: string, };

export type RegisterUpdateRequest = { id: RegisterId, input: RegisterInput, active: boolean, };

export type RemindRequest = { ids: Array<DirectionId>, };

export type RemindSaveRequest = { 
/**
 * The directions it reminds of.
 */
ids: Array<DirectionId>, 
/**
 * The draft as the person wrote it (a new one: `draft.id` is none).
 */
draft: DraftSave, };

export type ReviewRequest = { id: OutgoingId, 
/**
 * Who takes the next step, when more than one person could.
 */
nextUserId: UserId | null, comment: string, };

/**
 * What a person does in the Office; decides what they may do (see `permission`).
 */
export type Role = "clerk" | "specialist" | "department_head" | "deputy_chief" | "chief_of_office" | "chairman" | "vice_chairman" | "committee_member" | "administrator";

/**
 * A room of the Office, which the schedule books.
 */
export type Room = { id: RoomId, name: string, };

export type RoomCreateRequest = { name: string, };

export type RoomId = number;

export type RouteProposal = { ruleId: number | null, 
/**
 * The rule's name, or "Địa bàn" when the commune's territory decided.
 */
reason: string | null, leadDepartmentId: DepartmentId | null, leadDepartmentName: string | null, supervisorId: UserId | null, supervisorName: string | null, warnings: Array<Message>, };

export type RouteQuery = { agencyId: AgencyId | null, documentType: string, summary: string, };

export type RoutingRule = { id: number, position: number, name: string, senderGroup: AgencyGroup | null, senderAgencyId: AgencyId | null, senderAgencyName: string | null, documentType: string | null, 
/**
 * Words of the summary, any of which makes the rule match; empty matches all.
 */
keywords: string, leadDepartmentId: DepartmentId, leadDepartmentName: string, supervisorId: UserId | null, supervisorName: string | null, competentAgencyId: AgencyId | null, competentAgencyName: string | null, active: boolean, };

export type RoutingRuleInput = { name: string, senderGroup: AgencyGroup | null, senderAgencyId: AgencyId | null, documentType: string | null, 
/**
 * Comma-separated words or phrases.
 */
keywords: string, leadDepartmentId: DepartmentId, supervisorId: UserId | null, competentAgencyId: AgencyId | null, active: boolean, };

export type RoutingRuleMoveRequest = { id: number, 
/**
 * 1 is first.
 */
position: number, };

export type RoutingRuleUpdateRequest = { id: number, input: RoutingRuleInput, };

/**
 * A stretch of text in one style.
 */
export type Run = { text: string, bold: boolean, italic: boolean, };

export type SavedFilter = { name: string, 
/**
 * The list's state as its address carries it (`tab=all&overdue=true`).
 */
query: string, };

export type SavedFilterDeleteRequest = { list: string, name: string, };

export type SavedFilterListRequest = { 
/**
 * `incoming`, `outgoing`, `directions`, `alerts`.
 */
list: string, };

export type SavedFilterSaveRequest = { list: string, filter: SavedFilter, };

/**
 * The daily backup the administrator set: when (Vietnam time) and how many to keep.
 */
export type Schedule = { 
/**
 * Off when absent.
 */
dailyAt: string | null, 
/**
 * Backups kept; older ones are removed after a new one is taken.
 */
keep: number, };

/**
 * Who may keep the schedule and what `actor` may do with an entry.
 */
export type ScheduleAllowed = { edit: boolean, publish: boolean, };

export type ScheduleBulletinRequest = { day: string, 
/**
 * A publication of the week; none: the latest, or the draft if never published.
 */
revision: number | null, 
/**
 * What a publication now would publish, as a draft.
 */
draft: boolean, };

/**
 * Who the forms may choose: the leaders whose schedules these are (first the
 * Chairman, then the Vice Chairmen, then the Office's leaders), and the rooms.
 */
export type ScheduleChoices = { leaders: Array<ScheduleLeader>, rooms: Array<Room>, };

export type ScheduleEntryCancelRequest = { id: EntryId, reason: string, };

export type ScheduleEntryUpdateRequest = { id: EntryId, input: EntryInput, };

export type ScheduleFeedRequest = { 
/**
 * One leader's feed; none: the whole Committee's.
 */
leaderId: UserId | null, };

/**
 * A person the schedule's forms may name.
 */
export type ScheduleLeader = { id: UserId, fullName: string, title: string, role: Role, };

export type ScheduleLinesRequest = { from: string, to: string, leaderId: UserId | null, };

export type SchedulePageRequest = { week: string | null, };

export type ScheduleWeekRef = { 
/**
 * Any day of the week.
 */
day: string, };

export type ScheduleWeekRequest = { 
/**
 * Any day of the week; none: this week by the app's clock.
 */
day: string | null, 
/**
 * Only this leader's lines.
 */
leaderId: UserId | null, };

/**
 * The body's digital signature as the page shows it.
 */
export type SealMark = { 
/**
 * The issuing body as the seal names it ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN").
 */
organisation: string, 
/**
 * ISO 8601 with the offset, "2026-12-02T09:26:13+07:00".
 */
atIso: string, };

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

export type Signature = { 
/**
 * "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. CHỦ TỊCH" … (one line each; both
 * "TM. ỦY BAN NHÂN DÂN" and "KT. CHỦ TỊCH" for a vice chairman), none when the head
 * signs in their own name.
 */
authority: Array<string>, 
/**
 * "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG" …
 */
title: string, name: string, 
/**
 * For an electronic issue: the signer's and the body's digital signatures, shown as
 * Decree 30 wants them on the electronic copy (Annex I).
 */
electronic: ElectronicSignature | null, };

/**
 * One signature of a PDF, checked.
 */
export type SignatureCheck = { state: SignatureState, 
/**
 * The signer's common name (a person, or the body for its seal).
 */
signer: string, organisation: string | null, 
/**
 * The common name of the authority that issued the signer's certificate.
 */
issuer: string, 
/**
 * When it says it signed (the PDF's `/M`).
 */
signedAt: string | null, reason: string | null, 
/**
 * Something was added to the file after this signature other than later
 * signatures: what is shown is not all what was signed.
 */
changedAfter: boolean, 
/**
 * The date of the authority's revocation list the certificate was checked against;
 * none when the Office keeps no list of that authority (not checked).
 */
revocationListOf: string | null, 
/**
 * When a time-stamp authority the Office trusts says the signature existed; none
 * when the signature carries no (trustworthy) time-stamp.
 */
timeStampedAt: string | null, };

/**
 * What checking one signature found.
 */
export type SignatureState = "valid" | "untrusted" | "revoked" | "expired" | "broken" | "unreadable";

/**
 * The signing folder as the administrator checks it, with the signers still without a
 * usable key.
 */
export type SigningOverview = { 
/**
 * Who may sign what the Office sends and has no usable key yet.
 */
signersWithoutKeys: Array<string>, dir: string, keys: Array<InstalledKey>, trusted: Array<CertificateInfo>, 
/**
 * The authorities' revocation lists kept beside them.
 */
revocationLists: Array<ListInfo>, };

/**
 * Where a direction comes from.
 */
export type Source = "incoming" | "conclusion" | "programme" | "government" | "manual";

export type SpeakerId = number;

export type SpeakerStatus = "waiting" | "speaking" | "done" | "withdrawn";

export type SpeakerView = { id: SpeakerId, userId: UserId, fullName: string, pointOfOrder: boolean, status: SpeakerStatus, requestedAt: string, 
/**
 * When the floor was given: the timer counts from here.
 */
startedAt: string | null, };

/**
 * One day of a year that differs from an ordinary week: a day off, or a weekend day
 * worked.
 */
export type SpecialDay = { date: string, working: boolean, name: HolidayName, 
/**
 * Whether it comes from the administrator rather than the rules.
 */
overridden: boolean, 
/**
 * For an overridden day, what the rules alone would say (`None`: an ordinary day).
 */
byRule: HolidayName | null, };

export type StatsFilter = { agencyGroup: AgencyGroup | null, leaderId: UserId | null, };

export type StatsRequest = { period: Period, filter: StatsFilter, };

/**
 * A step in an item's life, as the form sends it.
 */
export type StatusInput = { status: ProgrammeStatus, 
/**
 * Why it is postponed (required then).
 */
reason: string, 
/**
 * The day the agency submitted it (for submitted; default today).
 */
submittedOn: string | null, 
/**
 * The later month it is postponed to.
 */
month: number | null, 
/**
 * The meeting whose agenda it is on.
 */
meetingId: MeetingId | null, };

export type Step = { id: number, at: string, actorName: string, 
/**
 * registered, presented, directed, assigned, returned, progress, closed
 */
kind: string, text: string, 
/**
 * The line in English, where the system wrote it (empty: show `text`).
 */
textEn: string, };

export type TemplateRequest = { documentType: string, 
/**
 * A reply: the summary, "Kính gửi" and recipients start from this incoming document.
 */
replyToIncomingId: IncomingId | null, };

export type Territory = { agencyId: AgencyId, departmentId: DepartmentId, };

export type TerritorySetRequest = { departmentId: DepartmentId, communeIds: Array<AgencyId>, };

/**
 * A step of the timeline.
 */
export type TimelineStep = { id: number, at: string, actorName: string, 
/**
 * created, edited, submitted, approved, returned, signed, issued, dispatched,
 * recalled, corrected, cancelled
 */
kind: string, comment: string, 
/**
 * The line in English, where the system wrote it (empty: show `comment`).
 */
commentEn: string, version: number | null, toName: string | null, };

/**
 * What "today" is for the Office, by the app's clock: the one source of business dates
 * for the UI (the dashboard's day, the default periods of lists and statistics, the
 * date pickers' "today"). The browser's own clock is never asked.
 */
export type Today = { 
/**
 * The instant the app's clock reads.
 */
now: string, 
/**
 * The day in Vietnam.
 */
day: string, 
/**
 * Monday of the day's week (weeks start on Monday in Vietnam).
 */
weekStart: string, 
/**
 * The first day of the day's month.
 */
monthStart: string, year: number, 
/**
 * 1–12.
 */
month: number, };

/**
 * An upload that reached the store, for the command that attaches it.
 */
export type Upload = { uploadId: string, fileName: string, size: number, };

/**
 * Độ khẩn.
 */
export type Urgency = "normal" | "khan" | "thuong_khan" | "hoa_toc";

export type User = { id: UserId, username: string, fullName: string, 
/**
 * Position as printed, e.g. "Phó Trưởng phòng Kinh tế".
 */
title: string, role: Role, departmentId: DepartmentId | null, departmentName: string | null, clearance: Clearance, email: string, phone: string, active: boolean, mustChangePassword: boolean, 
/**
 * Until when wrong passwords lock the account out; only while in force (see
 * [`User::as_of`]).
 */
lockedUntil: string | null, 
/**
 * For a deputy chief: the departments he supervises.
 */
supervisedDepartmentIds: Array<DepartmentId>, 
/**
 * For a deputy chief: the fields (lĩnh vực) he supervises.
 */
supervisedFields: Array<string>, 
/**
 * For an agency's account: the agency outside the Office it reports for.
 */
agencyId: AgencyId | null, agencyName: string | null, 
/**
 * Working days before a deadline at which this person is alerted, largest first.
 */
alertDays: Array<number>, createdAt: string, };

export type UserCreateRequest = { username: string, 
/**
 * Temporary password; the user must change it at first login.
 */
password: string, profile: UserProfile, };

export type UserFilter = { 
/**
 * Words of the name or username, diacritics optional.
 */
search: string | null, departmentId: DepartmentId | null, role: Role | null, includeDisabled: boolean, };

export type UserId = number;

/**
 * The editable profile of a user; the same for creating and editing.
 */
export type UserProfile = { fullName: string, title: string, role: Role, departmentId: DepartmentId | null, clearance: Clearance, email: string, phone: string, supervisedDepartmentIds: Array<DepartmentId>, supervisedFields: Array<string>, 
/**
 * Makes this an agency's account (a department or commune outside the Office),
 * which sees and reports on that agency's directions only.
 */
agencyId: AgencyId | null, };

export type UserRef = { id: UserId, };

export type UserResetPasswordRequest = { id: UserId, 
/**
 * Temporary password to hand to the user.
 */
newPassword: string, };

export type UserSetActiveRequest = { id: UserId, active: boolean, };

export type UserUpdateRequest = { id: UserId, profile: UserProfile, };

export type UserWorkstationRevokeRequest = { id: UserId, workstationId: number, };

export type VersionInfo = { version: number, authorName: string, createdAt: string, };

/**
 * A week of the schedule as a person sees it.
 */
export type Week = { weekStart: string, isoWeek: number, 
/**
 * "Tuần 49 (từ ngày 30/11/2026 đến ngày 06/12/2026)".
 */
title: string, publication: Publication | null, 
/**
 * "(Điều chỉnh lần 2) (Cập nhật lần cuối: 14:36 02/12/2026)"; empty before the first.
 */
revisionTitle: string, revisionTitleEn: string, 
/**
 * How many lines a publication now would add, change, cancel or move.
 */
changes: number, days: Array<WeekDay>, allowed: ScheduleAllowed, };

export type WeekDay = { date: string, 
/**
 * "Thứ Hai".
 */
weekday: string, lines: Array<WeekLine>, };

/**
 * A line of the week as the people keeping it see it: marked against the latest
 * publication; a secret line is never published.
 */
export type WeekLine = { line: Line, 
/**
 * What changed: since the latest publication if `pending`, else what the latest
 * publication marked (`New` for everything before the first one).
 */
mark: Mark, 
/**
 * The change is not published yet.
 */
pending: boolean, 
/**
 * Secret: on the Office's screens, never on the published schedule.
 */
unpublished: boolean, };

/**
 * A workstation an account has logged in from and still trusts (its logins are not slowed
 * by strangers' wrong passwords), as the administrator sees it.
 */
export type Workstation = { 
/**
 * Which one, to revoke it (not its token, which only the workstation holds).
 */
id: number, firstLogin: string, lastLogin: string, 
/**
 * The address of its last login; empty for the desktop app on local data.
 */
lastAddress: string, };

export type YearRequest = { year: number, };

/** The years the working calendar covers: every year and date a person gives lies within them. */
export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2100;

/** Every role, in the order they are offered. */
export const ROLES: Role[] = ['clerk', 'specialist', 'department_head', 'deputy_chief', 'chief_of_office', 'chairman', 'vice_chairman', 'committee_member', 'administrator'];

/** The Office's leaders: the chief of office and the deputy chiefs. */
export const OFFICE_LEADERS: Role[] = ['deputy_chief', 'chief_of_office'];

/** The Committee's leaders: the Chairman and the Vice Chairmen. */
export const COMMITTEE_LEADERS: Role[] = ['chairman', 'vice_chairman'];

/** Every command of the core: its request and response types. */
export interface Commands {
  agency_create: { request: AgencyInput; response: Agency };
  agency_get: { request: AgencyRef; response: Agency };
  agency_list: { request: AgencyFilter; response: AgencyPage };
  agency_update: { request: AgencyUpdateRequest; response: Agency };
  alert_list: { request: AlertFilter; response: AlertPage };
  alert_mark_read: { request: AlertMarkReadRequest; response: AlertPage };
  approval_path_delete: { request: ApprovalPathRef; response: null };
  approval_path_list: { request: null; response: Array<ApprovalPath> };
  approval_path_set: { request: ApprovalPathInput; response: ApprovalPath };
  approval_roles_get: { request: null; response: Array<Role> };
  audit_actions_get: { request: null; response: Array<ActionTitle> };
  audit_list: { request: AuditFilter; response: Array<AuditEntry> };
  autosave_discard: { request: AutosaveRequest; response: null };
  autosave_get: { request: AutosaveRequest; response: Autosaved | null };
  autosave_put: { request: AutosavePutRequest; response: Autosaved };
  backup_create: { request: null; response: BackupEntry };
  backup_list: { request: null; response: Array<BackupEntry> };
  backup_schedule_get: { request: null; response: Schedule };
  backup_schedule_set: { request: Schedule; response: Schedule };
  calendar_day_set: { request: CalendarDayRequest; response: CalendarYear };
  calendar_deadline: { request: DeadlineRequest; response: string };
  calendar_year_get: { request: YearRequest; response: CalendarYear };
  clock_get: { request: null; response: Today };
  delegation_approve: { request: DelegationRef; response: Delegation };
  delegation_cancel: { request: DelegationCancelRequest; response: Delegation };
  delegation_create: { request: DelegationInput; response: Delegation };
  delegation_gap_set: { request: DelegationGapRequest; response: DelegationGapRequest };
  delegation_get: { request: DelegationRef; response: DelegationInput };
  delegation_list: { request: DelegationListRequest; response: DelegationPage };
  delegation_resolve: { request: DelegationResolveRequest; response: Delegation };
  delegation_update: { request: DelegationUpdateRequest; response: Delegation };
  department_create: { request: DepartmentInput; response: Department };
  department_list: { request: null; response: Array<Department> };
  department_update: { request: DepartmentUpdateRequest; response: Department };
  direction_complete: { request: CompleteInput; response: DirectionRef };
  direction_counts_get: { request: null; response: DirectionCounts };
  direction_create: { request: DirectionInput; response: DirectionRef };
  direction_extension_decide: { request: ExtensionDecision; response: DirectionRef };
  direction_extension_request: { request: ExtensionInput; response: DirectionRef };
  direction_get: { request: DirectionRef; response: DirectionDetail };
  direction_linked: { request: LinkedRequest; response: Array<DirectionRow> };
  direction_list: { request: DirectionFilter; response: Page<DirectionRow> };
  direction_people_get: { request: null; response: DirectionPeople };
  direction_progress_add: { request: ProgressInput; response: DirectionRef };
  direction_progress_file: { request: ProgressFileRequest; response: FileContent };
  direction_remind_save: { request: RemindSaveRequest; response: OutgoingDetail };
  direction_remind_template: { request: RemindRequest; response: DraftContent };
  direction_set_deadline: { request: DeadlineInput; response: DirectionRef };
  direction_stats_get: { request: StatsRequest; response: DirectionStats };
  direction_template: { request: DirectionTemplateRequest; response: DirectionInput };
  direction_update: { request: DirectionUpdateRequest; response: DirectionRef };
  document_preview_pdf: { request: OfficialDocument; response: FileContent };
  document_type_list: { request: null; response: Array<DocumentType> };
  exchange_accept: { request: ExchangeAcceptance; response: IncomingRow };
  exchange_delivery_list: { request: OutgoingDeliveries; response: Array<Delivery> };
  exchange_file_get: { request: ExchangeFileRef; response: FileContent };
  exchange_get: { request: ExchangeRef; response: ExchangeDetail };
  exchange_list: { request: ExchangeFilter; response: ExchangePage };
  exchange_office_get: { request: null; response: string | null };
  exchange_office_set: { request: OfficeCode; response: string | null };
  exchange_receive: { request: ExchangeUpload; response: ExchangeRow };
  exchange_refuse: { request: ExchangeRefusal; response: ExchangeRow };
  exchange_register: { request: ExchangeRegisterInput; response: IncomingRow };
  exchange_send: { request: ExchangeSendRequest; response: Array<Delivery> };
  gazette_issue_create: { request: GazetteIssueRequest; response: Issue };
  gazette_issue_list: { request: GazetteYearRequest; response: Array<Issue> };
  gazette_issue_pdf: { request: GazetteIssueRef; response: FileContent };
  gazette_pending_get: { request: GazettePendingRequest; response: Array<GazetteDocument> };
  gazette_register_pdf: { request: GazetteYearRequest; response: FileContent };
  incoming_allowed_get: { request: AllowedRequest; response: Array<IncomingAllowed> };
  incoming_assign: { request: AssignRequest; response: IncomingRow };
  incoming_attachment_get: { request: AttachmentRef; response: FileContent };
  incoming_attachment_signature_list: { request: AttachmentRef; response: Array<SignatureCheck> | null };
  incoming_cancel: { request: CancelRequest; response: IncomingRow };
  incoming_check_duplicates: { request: DuplicateQuery; response: Array<DuplicateCandidate> };
  incoming_close: { request: CloseRequest; response: IncomingRow };
  incoming_correct: { request: CorrectRequest; response: IncomingRow };
  incoming_direct: { request: DirectRequest; response: IncomingRow };
  incoming_get: { request: IncomingRef; response: IncomingDetail };
  incoming_give_back: { request: GiveBackRequest; response: IncomingRow };
  incoming_import: { request: ImportRequest; response: ImportResult };
  incoming_import_preview: { request: ImportRequest; response: ImportPreview };
  incoming_import_rejected_xlsx: { request: ImportRequest; response: FileContent };
  incoming_inbox: { request: null; response: Array<IncomingRow> };
  incoming_inbox_counts: { request: null; response: InboxCounts };
  incoming_list: { request: IncomingFilter; response: Page<IncomingRow> };
  incoming_people_get: { request: PeopleRequest; response: IncomingPeople };
  incoming_present: { request: PresentRequest; response: IncomingRow };
  incoming_progress: { request: ProgressRequest; response: IncomingRow };
  incoming_register: { request: IncomingInput; response: IncomingRow };
  incoming_register_pdf: { request: RegisterPrintRequest; response: FileContent };
  incoming_register_xlsx: { request: RegisterPrintRequest; response: FileContent };
  incoming_route: { request: RouteQuery; response: RouteProposal };
  incoming_slip_pdf: { request: IncomingRef; response: FileContent };
  meeting_agenda_pdf: { request: MeetingRef; response: FileContent };
  meeting_attendance_pdf: { request: MeetingRef; response: FileContent };
  meeting_attendance_set: { request: MeetingAttendanceSetRequest; response: MeetingDetail };
  meeting_cancel: { request: MeetingCancelRequest; response: MeetingDetail };
  meeting_create: { request: MeetingInput; response: MeetingRef };
  meeting_current_set: { request: MeetingCurrentSetRequest; response: MeetingDetail };
  meeting_directions_create: { request: MeetingRef; response: DirectionsMade };
  meeting_document_add: { request: MeetingDocumentAddRequest; response: MeetingDetail };
  meeting_document_file: { request: MeetingDocumentRef; response: FileContent };
  meeting_document_remove: { request: MeetingDocumentRef; response: MeetingDetail };
  meeting_floor_give: { request: MeetingFloorGiveRequest; response: MeetingDetail };
  meeting_floor_request: { request: MeetingFloorRequestRequest; response: MeetingDetail };
  meeting_get: { request: MeetingRef; response: MeetingDetail };
  meeting_invitation_draft: { request: MeetingRef; response: DraftedRef };
  meeting_invitation_send: { request: MeetingRef; response: MeetingDetail };
  meeting_item_admit: { request: MeetingItemAdmitRequest; response: MeetingDetail };
  meeting_item_move: { request: MeetingItemMoveRequest; response: MeetingDetail };
  meeting_item_remove: { request: ItemRef; response: MeetingDetail };
  meeting_item_save: { request: MeetingItemSaveRequest; response: MeetingDetail };
  meeting_list: { request: MeetingFilter; response: Page<MeetingRow> };
  meeting_minutes_pdf: { request: MeetingRef; response: FileContent };
  meeting_note_get: { request: MeetingDocumentRef; response: MeetingNote };
  meeting_note_put: { request: MeetingNotePutRequest; response: MeetingNote };
  meeting_notice_draft: { request: MeetingRef; response: DraftedRef };
  meeting_open: { request: MeetingOpenRequest; response: MeetingDetail };
  meeting_opinions_pdf: { request: MeetingRef; response: FileContent };
  meeting_outcome_set: { request: MeetingOutcomeSetRequest; response: MeetingDetail };
  meeting_people_get: { request: null; response: MeetingPeople };
  meeting_points_save: { request: MeetingPointsSaveRequest; response: MeetingDetail };
  meeting_points_template: { request: MeetingRef; response: Array<PointInput> };
  meeting_secretary_notes_set: { request: MeetingNotesSetRequest; response: MeetingDetail };
  meeting_template: { request: MeetingTemplateRequest; response: MeetingInput };
  meeting_update: { request: MeetingUpdateRequest; response: MeetingDetail };
  opinion_answer: { request: OpinionAnswerRequest; response: MeetingDetail };
  opinion_close: { request: MeetingRef; response: MeetingDetail };
  opinion_remind: { request: MeetingRef; response: MeetingDetail };
  opinion_send: { request: OpinionSendRequest; response: MeetingDetail };
  outgoing_allowed_get: { request: OutgoingAllowedRequest; response: Array<OutgoingAllowedRow> };
  outgoing_approve: { request: ReviewRequest; response: OutgoingDetail };
  outgoing_cancel: { request: ReviewRequest; response: OutgoingDetail };
  outgoing_correct: { request: OutgoingRef; response: OutgoingDetail };
  outgoing_counts_get: { request: null; response: OutgoingCounts };
  outgoing_diff: { request: DiffRequest; response: Array<FieldDiff> };
  outgoing_dispatch: { request: DispatchRequest; response: OutgoingDetail };
  outgoing_file_get: { request: OutgoingFileRef; response: FileContent };
  outgoing_get: { request: OutgoingRef; response: OutgoingDetail };
  outgoing_give_back: { request: ReviewRequest; response: OutgoingDetail };
  outgoing_issue: { request: IssueRequest; response: OutgoingDetail };
  outgoing_issue_preview: { request: IssuePreviewRequest; response: string };
  outgoing_list: { request: OutgoingFilter; response: Page<OutgoingRow> };
  outgoing_pdf: { request: OutgoingPdfRequest; response: FileContent };
  outgoing_recall: { request: RecallRequest; response: OutgoingDetail };
  outgoing_register_pdf: { request: RegisterPrintRequest; response: FileContent };
  outgoing_register_xlsx: { request: RegisterPrintRequest; response: FileContent };
  outgoing_save: { request: DraftSave; response: OutgoingDetail };
  outgoing_signature_list: { request: OutgoingRef; response: Array<SignatureCheck> };
  outgoing_signed_pdf: { request: OutgoingRef; response: FileContent };
  outgoing_submit: { request: ReviewRequest; response: OutgoingDetail };
  outgoing_template: { request: TemplateRequest; response: DraftContent };
  poll_publish: { request: PollRef; response: MeetingDetail };
  poll_result_pdf: { request: PollRef; response: FileContent };
  poll_start: { request: PollStartRequest; response: MeetingDetail };
  poll_stop: { request: PollRef; response: MeetingDetail };
  poll_vote: { request: PollVoteRequest; response: MeetingDetail };
  programme_evaluation_get: { request: QuarterRequest; response: Evaluation };
  programme_evaluation_pdf: { request: QuarterRequest; response: FileContent };
  programme_item_create: { request: ProgrammeInput; response: ProgrammeItem };
  programme_item_list: { request: ProgrammeYearRequest; response: Array<ProgrammeItem> };
  programme_item_update: { request: ProgrammeItemUpdateRequest; response: ProgrammeItem };
  programme_month_get: { request: ProgrammeMonthRequest; response: ProgrammeMonth };
  programme_month_pdf: { request: ProgrammeMonthRequest; response: FileContent };
  programme_month_publish: { request: ProgrammeMonthRequest; response: ProgrammeMonth };
  programme_public_page_get: { request: ProgrammePageRequest; response: string };
  programme_status_set: { request: ProgrammeStatusRequest; response: ProgrammeItem };
  programme_submission_return: { request: ProgrammeReturnRequest; response: ProgrammeItem };
  register_create: { request: RegisterInput; response: Register };
  register_list: { request: RegisterListRequest; response: Array<Register> };
  register_update: { request: RegisterUpdateRequest; response: Register };
  report_monthly_draft: { request: MonthRequest; response: DraftContent };
  report_monthly_pdf: { request: MonthRequest; response: FileContent };
  report_monthly_xlsx: { request: MonthRequest; response: FileContent };
  routing_rule_create: { request: RoutingRuleInput; response: RoutingRule };
  routing_rule_list: { request: null; response: Array<RoutingRule> };
  routing_rule_move: { request: RoutingRuleMoveRequest; response: Array<RoutingRule> };
  routing_rule_update: { request: RoutingRuleUpdateRequest; response: RoutingRule };
  saved_filter_delete: { request: SavedFilterDeleteRequest; response: Array<SavedFilter> };
  saved_filter_list: { request: SavedFilterListRequest; response: Array<SavedFilter> };
  saved_filter_save: { request: SavedFilterSaveRequest; response: Array<SavedFilter> };
  schedule_bulletin_pdf: { request: ScheduleBulletinRequest; response: FileContent };
  schedule_choices_get: { request: null; response: ScheduleChoices };
  schedule_entry_cancel: { request: ScheduleEntryCancelRequest; response: EntryRef };
  schedule_entry_create: { request: EntryInput; response: EntryRef };
  schedule_entry_get: { request: EntryRef; response: EntryInput };
  schedule_entry_remove: { request: EntryRef; response: null };
  schedule_entry_update: { request: ScheduleEntryUpdateRequest; response: EntryRef };
  schedule_feed_get: { request: ScheduleFeedRequest; response: string };
  schedule_lines_get: { request: ScheduleLinesRequest; response: Array<Line> };
  schedule_public_page_get: { request: SchedulePageRequest; response: string };
  schedule_publication_list: { request: ScheduleWeekRef; response: Array<Publication> };
  schedule_publish: { request: ScheduleWeekRef; response: Week };
  schedule_room_create: { request: RoomCreateRequest; response: ScheduleChoices };
  schedule_week_get: { request: ScheduleWeekRequest; response: Week };
  session_change_password: { request: ChangePasswordRequest; response: Me };
  session_current: { request: null; response: Me };
  session_login: { request: LoginRequest; response: LoginResponse };
  session_logout: { request: null; response: null };
  setup_create_administrator: { request: SetupRequest; response: LoginResponse };
  setup_status: { request: null; response: SetupState };
  signing_folder_get: { request: null; response: SigningOverview };
  territory_list: { request: null; response: Array<Territory> };
  territory_set: { request: TerritorySetRequest; response: null };
  user_alert_days_set: { request: AlertDaysRequest; response: User };
  user_create: { request: UserCreateRequest; response: User };
  user_get: { request: UserRef; response: User };
  user_list: { request: UserFilter; response: Array<User> };
  user_reset_password: { request: UserResetPasswordRequest; response: User };
  user_set_active: { request: UserSetActiveRequest; response: User };
  user_unlock: { request: UserRef; response: User };
  user_update: { request: UserUpdateRequest; response: User };
  user_workstation_list: { request: UserRef; response: Array<Workstation> };
  user_workstation_revoke: { request: UserWorkstationRevokeRequest; response: Array<Workstation> };
}

export type CommandName = keyof Commands;

/** The kinds of objects whose change can change a reading command's answer: the UI reads it
 * again on their events. */
export const COMMAND_READS: { [K in CommandName]?: ObjectKind[] } = {
  agency_get: ['agency'],
  agency_list: ['agency'],
  alert_list: ['alert', 'direction', 'incoming_document', 'outgoing_document', 'meeting'],
  approval_path_list: ['approval_path'],
  audit_list: ['incoming_document', 'outgoing_document', 'direction', 'meeting', 'schedule_entry', 'alert', 'user', 'department', 'agency', 'register', 'routing_rule', 'approval_path', 'calendar', 'delegation', 'schedule_week', 'programme_item', 'programme_month', 'room', 'gazette_issue', 'exchange_message', 'system'],
  backup_list: ['system'],
  backup_schedule_get: ['system'],
  calendar_deadline: ['calendar'],
  calendar_year_get: ['calendar'],
  delegation_get: ['delegation'],
  delegation_list: ['delegation', 'system'],
  department_list: ['department'],
  direction_counts_get: ['direction'],
  direction_get: ['direction'],
  direction_linked: ['direction'],
  direction_list: ['direction'],
  direction_people_get: ['user'],
  direction_progress_file: ['direction'],
  direction_remind_template: ['direction'],
  direction_stats_get: ['direction'],
  direction_template: ['direction'],
  exchange_delivery_list: ['outgoing_document', 'exchange_message'],
  exchange_file_get: ['exchange_message'],
  exchange_get: ['exchange_message'],
  exchange_list: ['exchange_message'],
  exchange_office_get: ['system'],
  gazette_issue_list: ['gazette_issue', 'outgoing_document'],
  gazette_issue_pdf: ['gazette_issue', 'outgoing_document'],
  gazette_pending_get: ['gazette_issue', 'outgoing_document'],
  gazette_register_pdf: ['gazette_issue', 'outgoing_document'],
  incoming_allowed_get: ['incoming_document'],
  incoming_attachment_get: ['incoming_document'],
  incoming_attachment_signature_list: ['incoming_document'],
  incoming_check_duplicates: ['incoming_document'],
  incoming_get: ['incoming_document'],
  incoming_import_preview: ['incoming_document'],
  incoming_import_rejected_xlsx: ['incoming_document'],
  incoming_inbox: ['incoming_document'],
  incoming_inbox_counts: ['incoming_document'],
  incoming_list: ['incoming_document'],
  incoming_people_get: ['user'],
  incoming_register_pdf: ['incoming_document'],
  incoming_register_xlsx: ['incoming_document'],
  incoming_route: ['routing_rule'],
  incoming_slip_pdf: ['incoming_document'],
  meeting_agenda_pdf: ['meeting'],
  meeting_attendance_pdf: ['meeting'],
  meeting_document_file: ['meeting'],
  meeting_get: ['meeting'],
  meeting_list: ['meeting'],
  meeting_minutes_pdf: ['meeting'],
  meeting_note_get: ['meeting'],
  meeting_opinions_pdf: ['meeting'],
  meeting_people_get: ['user'],
  meeting_points_template: ['meeting'],
  outgoing_allowed_get: ['outgoing_document'],
  outgoing_counts_get: ['outgoing_document'],
  outgoing_diff: ['outgoing_document'],
  outgoing_file_get: ['outgoing_document'],
  outgoing_get: ['outgoing_document'],
  outgoing_issue_preview: ['outgoing_document'],
  outgoing_list: ['outgoing_document'],
  outgoing_pdf: ['outgoing_document'],
  outgoing_register_pdf: ['outgoing_document'],
  outgoing_register_xlsx: ['outgoing_document'],
  outgoing_signature_list: ['outgoing_document'],
  outgoing_signed_pdf: ['outgoing_document'],
  outgoing_template: ['outgoing_document'],
  poll_result_pdf: ['meeting'],
  programme_evaluation_get: ['programme_item', 'programme_month'],
  programme_evaluation_pdf: ['programme_item', 'programme_month'],
  programme_item_list: ['programme_item', 'programme_month'],
  programme_month_get: ['programme_item', 'programme_month'],
  programme_month_pdf: ['programme_item', 'programme_month'],
  programme_public_page_get: ['programme_item', 'programme_month'],
  register_list: ['register'],
  report_monthly_draft: ['incoming_document', 'outgoing_document', 'direction'],
  report_monthly_pdf: ['incoming_document', 'outgoing_document', 'direction'],
  report_monthly_xlsx: ['incoming_document', 'outgoing_document', 'direction'],
  routing_rule_list: ['routing_rule'],
  schedule_bulletin_pdf: ['schedule_entry', 'schedule_week', 'meeting'],
  schedule_choices_get: ['user', 'room'],
  schedule_entry_get: ['schedule_entry', 'schedule_week'],
  schedule_feed_get: ['schedule_entry', 'schedule_week'],
  schedule_lines_get: ['schedule_entry', 'schedule_week', 'meeting'],
  schedule_public_page_get: ['schedule_entry', 'schedule_week'],
  schedule_publication_list: ['schedule_entry', 'schedule_week'],
  schedule_week_get: ['schedule_entry', 'schedule_week', 'meeting'],
  session_current: ['user'],
  signing_folder_get: ['system', 'user'],
  user_get: ['user'],
  user_list: ['user'],
  user_workstation_list: ['user'],
};
