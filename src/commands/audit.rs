//! Reading the audit log.

use super::command::Access;
use crate::audit::{self, AuditEntry, AuditFilter};
use crate::permission::Action;

command!(
    AuditList, Access::Allowed(Action::AuditView), AuditFilter => Vec<AuditEntry>, reads all,
    |ctx, filter, actor| ctx.read(|conn| audit::list(conn, actor, &filter))
);

command!(
    /// The actions the log can show, in words, for its column and its filter.
    AuditActionsGet, Access::Allowed(Action::AuditView), () => Vec<audit::titles::ActionTitle>,
    |_ctx, _| Ok(audit::titles::all())
);
