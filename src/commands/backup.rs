//! Backups from the running server: list, take one now, the daily schedule.

use super::command::Access;
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
        let removed = backup::prune(ctx.app, ctx.read(backup::schedule)?.keep)?;
        ctx.write(|w| backup::record_taken(w, &taken, removed))?;
        Ok(taken)
    }
);

command!(
    BackupScheduleGet, Access::Allowed(Action::BackupManage), () => Schedule,
    reads [System], |ctx, _| ctx.read(backup::schedule)
);

command!(BackupScheduleSet, Access::Allowed(Action::BackupManage), Schedule => Schedule, |ctx, schedule| {
    ctx.write(|w| backup::set_schedule(w, &schedule))?;
    Ok(schedule)
});
