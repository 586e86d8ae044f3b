//! Reading the audit log.

use super::command::{Access, Command, Ctx};
use crate::audit::{self, AuditEntry, AuditFilter};
use crate::error::CoreResult;
use crate::permission::Action;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

command!(
    AuditList, Access::Allowed(Action::AuditView), AuditFilter => Vec<AuditEntry>, reads all,
    |ctx, filter, actor| {
        let reader = actor;
        ctx.read(|conn| audit::list(conn, reader, &filter))
    }
);

/// What each action of the log is, in words (Vietnamese, English): the log shows
/// "Đăng nhập", "Soạn công văn đôn đốc", not command names.
pub const ACTION_TITLES: &[(&str, &str, &str)] = &[
    ("setup_create_administrator", "Khởi tạo hệ thống", "First start"),
    ("session_login", "Đăng nhập", "Log in"),
    ("session_logout", "Đăng xuất", "Log out"),
    ("session_change_password", "Đổi mật khẩu", "Change password"),
    ("department_create", "Thêm phòng, đơn vị", "Add a department"),
    ("department_update", "Sửa phòng, đơn vị", "Edit a department"),
    ("user_create", "Tạo người dùng", "Create a user"),
    ("user_update", "Sửa người dùng", "Edit a user"),
    ("user_set_active", "Khóa hoặc mở tài khoản", "Disable or enable an account"),
    ("user_reset_password", "Đặt lại mật khẩu", "Reset a password"),
    ("user_unlock", "Mở khóa đăng nhập", "Unlock logins"),
    ("user_alert_days_set", "Đặt ngày nhắc hạn", "Set reminder days"),
    ("agency_create", "Thêm cơ quan vào danh bạ", "Add an agency"),
    ("agency_update", "Sửa cơ quan trong danh bạ", "Edit an agency"),
    ("backup_create", "Sao lưu dữ liệu", "Back up"),
    ("backup_schedule_set", "Đặt lịch sao lưu", "Schedule backups"),
    ("backup_scheduled", "Sao lưu theo lịch", "Scheduled backup"),
    ("backup_restore", "Khôi phục từ bản sao lưu", "Restore a backup"),
    ("register_create", "Thêm sổ đăng ký", "Add a register"),
    ("register_update", "Sửa sổ đăng ký", "Edit a register"),
    ("incoming_register", "Vào sổ văn bản đến", "Register an incoming document"),
    ("incoming_present", "Trình văn bản đến", "Present a document"),
    ("incoming_direct", "Cho ý kiến chỉ đạo", "Direct a document"),
    ("incoming_assign", "Giao xử lý", "Assign a document"),
    ("incoming_give_back", "Trả lại văn bản", "Give a document back"),
    ("incoming_progress", "Báo cáo tiến độ xử lý", "Report handling progress"),
    ("incoming_close", "Kết thúc xử lý", "Close a document"),
    ("incoming_correct", "Sửa thông tin vào sổ", "Correct a registration"),
    ("incoming_cancel", "Hủy vào sổ", "Cancel a registration"),
    ("incoming_import", "Nhập sổ văn bản đến từ Excel", "Import an incoming register"),
    ("routing_rule_create", "Thêm quy tắc phân luồng", "Add a routing rule"),
    ("routing_rule_update", "Sửa quy tắc phân luồng", "Edit a routing rule"),
    ("routing_rule_move", "Đổi thứ tự quy tắc phân luồng", "Reorder routing rules"),
    ("territory_set", "Đặt địa bàn phụ trách", "Set commune territories"),
    ("outgoing_save", "Soạn, sửa dự thảo", "Draft or edit"),
    ("outgoing_submit", "Trình dự thảo", "Submit a draft"),
    ("outgoing_approve", "Duyệt, ký văn bản", "Approve or sign"),
    ("outgoing_give_back", "Trả lại dự thảo", "Return a draft"),
    ("outgoing_cancel", "Hủy dự thảo", "Cancel a draft"),
    ("outgoing_issue", "Cấp số, phát hành", "Number and issue"),
    ("outgoing_dispatch", "Ghi nhận gửi văn bản", "Record dispatch"),
    ("outgoing_recall", "Thu hồi văn bản", "Recall a document"),
    ("outgoing_correct", "Soạn công văn đính chính", "Draft a correction"),
    ("approval_path_set", "Đặt quy trình duyệt", "Set an approval path"),
    ("approval_path_delete", "Xóa quy trình duyệt", "Delete an approval path"),
    ("direction_create", "Giao nhiệm vụ", "Give a direction"),
    ("direction_update", "Sửa nhiệm vụ", "Edit a direction"),
    ("direction_progress_add", "Báo cáo tiến độ nhiệm vụ", "Report progress"),
    ("direction_extension_request", "Đề nghị gia hạn", "Ask for an extension"),
    ("direction_extension_decide", "Quyết định gia hạn", "Decide an extension"),
    ("direction_set_deadline", "Đổi thời hạn nhiệm vụ", "Change a deadline"),
    ("direction_complete", "Hoàn thành nhiệm vụ", "Complete a direction"),
    ("direction_remind_save", "Soạn công văn đôn đốc", "Draft a reminder"),
    ("alert_scan", "Hệ thống nhắc hạn", "Deadline alerts raised"),
    ("alert_mark_read", "Đánh dấu đã đọc thông báo", "Mark alerts read"),
    ("meeting_create", "Tạo cuộc họp", "Create a meeting"),
    ("meeting_update", "Sửa cuộc họp", "Edit a meeting"),
    ("meeting_cancel", "Hủy cuộc họp", "Cancel a meeting"),
    ("meeting_item_save", "Soạn chương trình họp", "Edit the agenda"),
    ("meeting_item_remove", "Bỏ nội dung họp", "Remove an agenda item"),
    ("meeting_item_move", "Đổi thứ tự chương trình", "Reorder the agenda"),
    ("meeting_item_admit", "Đưa nội dung vào chương trình", "Put an item on the agenda"),
    ("meeting_document_add", "Thêm tài liệu họp", "Add a meeting document"),
    ("meeting_document_remove", "Bỏ tài liệu họp", "Remove a meeting document"),
    ("meeting_open", "Khai mạc, bế mạc phiên họp", "Open or close a sitting"),
    ("meeting_attendance_set", "Điểm danh", "Mark attendance"),
    ("meeting_current_set", "Chuyển nội dung họp", "Move to an agenda item"),
    ("meeting_outcome_set", "Ghi kết luận nội dung", "Record an item's outcome"),
    ("meeting_secretary_notes_set", "Ghi chép của thư ký", "The secretary's notes"),
    ("meeting_floor_request", "Đăng ký phát biểu", "Ask to speak"),
    ("meeting_floor_give", "Mời phát biểu", "Give the floor"),
    ("poll_start", "Mở biểu quyết", "Open a vote"),
    ("poll_vote", "Biểu quyết", "Vote"),
    ("poll_stop", "Kết thúc biểu quyết", "Stop a vote"),
    ("poll_void", "Hủy biểu quyết kín bị gián đoạn", "Void an interrupted secret vote"),
    ("poll_publish", "Công bố kết quả biểu quyết", "Publish a vote's result"),
    ("opinion_send", "Gửi phiếu lấy ý kiến", "Send an opinion form"),
    ("opinion_answer", "Cho ý kiến", "Answer an opinion form"),
    ("opinion_remind", "Nhắc cho ý kiến", "Remind members to answer"),
    ("opinion_close", "Kết thúc lấy ý kiến", "Close a written round"),
    ("meeting_points_save", "Soạn điểm kết luận", "Draft the conclusion's points"),
    ("meeting_invitation_draft", "Soạn giấy mời họp", "Draft an invitation"),
    ("meeting_invitation_send", "Gửi giấy mời họp", "Send an invitation"),
    ("meeting_notice_draft", "Soạn thông báo kết luận", "Draft a conclusion notice"),
    ("meeting_directions_create", "Giao nhiệm vụ từ kết luận", "Give directions from a conclusion"),
    ("schedule_room_create", "Thêm phòng họp", "Add a room"),
    ("schedule_entry_create", "Thêm lịch công tác", "Add to the schedule"),
    ("schedule_entry_update", "Sửa lịch công tác", "Change the schedule"),
    ("schedule_entry_cancel", "Hoãn lịch công tác", "Cancel a schedule entry"),
    ("schedule_entry_remove", "Xóa lịch chưa công bố", "Remove an unpublished entry"),
    ("schedule_publish", "Công bố lịch công tác tuần", "Publish the weekly schedule"),
    ("delegation_create", "Đăng ký đoàn công tác", "Propose a delegation"),
    ("delegation_update", "Sửa đoàn công tác", "Change a delegation"),
    ("delegation_approve", "Duyệt đoàn công tác", "Approve a delegation"),
    ("delegation_cancel", "Hủy đoàn công tác", "Cancel a delegation"),
    ("delegation_resolve", "Xử lý trùng địa bàn", "Resolve overlapping delegations"),
    ("delegation_gap_set", "Đặt khoảng cách giữa các đoàn", "Set the gap between delegations"),
    ("gazette_issue_create", "Xuất bản số Công báo", "Publish a gazette issue"),
    ("programme_item_create", "Thêm nội dung chương trình công tác", "Add a programme item"),
    ("programme_item_update", "Sửa nội dung chương trình công tác", "Change a programme item"),
    ("programme_status_set", "Cập nhật tình trạng trình", "Record a programme item's progress"),
    ("programme_submission_return", "Trả lại hồ sơ trình", "Return a submission for rework"),
    ("programme_month_publish", "Công bố chương trình công tác tháng", "Publish the month's programme"),
    ("calendar_day_set", "Sửa lịch ngày làm việc", "Edit the working calendar"),
    ("demo_fill", "Tạo dữ liệu mẫu", "Fill the demo office"),
];

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionTitle {
    pub action: String,
    pub vi: String,
    pub en: String,
}

/// The actions the log can show, in words, for its column and its filter.
pub struct AuditActionsGet;
impl Command for AuditActionsGet {
    const ACCESS: Access = Access::Allowed(Action::AuditView);
    type Request = ();
    type Response = Vec<ActionTitle>;

    fn run(_: &Ctx<'_>, _: ()) -> CoreResult<Vec<ActionTitle>> {
        Ok(ACTION_TITLES
            .iter()
            .map(|(action, vi, en)| ActionTitle {
                action: action.to_string(),
                vi: vi.to_string(),
                en: en.to_string(),
            })
            .collect())
    }
}
