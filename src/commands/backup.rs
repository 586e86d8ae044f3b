//! Backups from the running server: list, take one now, the daily schedule.

use super::command::Access;
use crate::audit::ObjectRef;
use crate::backup::{self, BackupEntry, Schedule};
use crate::permission::Action;

command!(
    BackupList, Access::Allowed(Action::BackupManage), () => Vec<BackupEntry>,
    reads [System], |ctx, _| backup::list(ctx.app)
);

command!(
    /// Take a backup now, into the server's backup folder; keeps the schedule's number.
    BackupCreate, Access::Allowed(Action::BackupManage), () => BackupEntry, |ctx, _| {
        let taken = backup::take(ctx.app, ctx.now)?;
        let keep = ctx.read(backup::schedule)?.keep;
        let removed = backup::prune(ctx.app, keep)?;
        ctx.write(|w| {
            w.audit(
                ObjectRef::system(),
                crate::audit::said(
                    format!("Sao lưu dữ liệu {} ({removed} bản cũ đã xóa)", taken.name),
                    format!("Backed up {} ({removed} old ones removed)", taken.name),
                ),
                &taken.manifest,
            )
        })?;
        Ok(taken)
    }
);

command!(
    BackupScheduleGet, Access::Allowed(Action::BackupManage), () => Schedule,
    reads [System], |ctx, _| ctx.read(backup::schedule)
);

command!(BackupScheduleSet, Access::Allowed(Action::BackupManage), Schedule => Schedule, |ctx, schedule| {
    ctx.write(|w| {
        backup::set_schedule(w, &schedule)?;
        let when =
            schedule.daily_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_else(|| "tắt".into());
        w.audit(
            ObjectRef::system(),
            crate::audit::said(
                format!("Đặt lịch sao lưu hằng ngày: {when}, giữ {} bản", schedule.keep),
                format!(
                    "Daily backups: {}, keeping {}",
                    if when == "tắt" { "off" } else { &when },
                    schedule.keep
                ),
            ),
            &schedule,
        )?;
        Ok(schedule)
    })
});
