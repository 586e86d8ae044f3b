//! Reading the audit log.

use super::{Access, Command, Ctx};
use crate::audit::{self, AuditEntry, AuditFilter};
use crate::error::CoreResult;
use crate::permission::Action;

pub struct AuditList;
impl Command for AuditList {
    const ACCESS: Access = Access::Allowed(Action::AuditView);
    type Request = AuditFilter;
    type Response = Vec<AuditEntry>;

    fn run(ctx: &Ctx<'_>, filter: AuditFilter) -> CoreResult<Vec<AuditEntry>> {
        let reader = ctx.actor()?;
        ctx.read(|conn| audit::list(conn, reader, &filter))
    }
}
