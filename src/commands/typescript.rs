//! TypeScript bindings for the UI, generated from the Rust request and response types:
//! one file, `ui/src/lib/api/bindings.ts`, with every type a command uses and the
//! `Commands` map from command name to request and response. A test regenerates it and
//! fails when the committed file is stale.

use super::command::Command;
use std::collections::BTreeMap;
use ts_rs::{Config, TS, TypeVisitor};

pub struct Bindings {
    config: Config,
    declarations: BTreeMap<String, String>,
    commands: Vec<String>,
    reads: Vec<String>,
}

impl TypeVisitor for Bindings {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            let name = T::ident(&self.config);
            let docs = T::docs().unwrap_or_default();
            let declaration = format!("{docs}export {}", T::decl(&self.config));
            if let Some(existing) = self.declarations.get(&name) {
                // Two Rust types of one name would silently become one TypeScript type.
                assert_eq!(existing, &declaration, "two different types are both called {name}");
                return;
            }
            self.declarations.insert(name, declaration);
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

impl Bindings {
    pub(super) fn command<C: Command>(&mut self) {
        self.visit::<C::Request>();
        self.visit::<C::Response>();
        self.commands.push(format!(
            "  {}: {{ request: {}; response: {} }};",
            C::NAME,
            <C::Request as TS>::name(&self.config),
            <C::Response as TS>::name(&self.config),
        ));
        if !C::READS.is_empty() {
            let kinds: Vec<String> = C::READS.iter().map(|k| format!("'{}'", k.as_str())).collect();
            self.reads.push(format!("  {}: [{}],", C::NAME, kinds.join(", ")));
        }
    }
}

/// The bindings file, from every command that `register` names (the registry's list).
pub(super) fn bindings_of(register: impl FnOnce(&mut Bindings)) -> String {
    let mut bindings = Bindings {
        config: Config::new().with_large_int("number"),
        declarations: BTreeMap::new(),
        commands: Vec::new(),
        reads: Vec::new(),
    };
    register(&mut bindings);
    bindings.visit::<crate::error::ApiError>();
    bindings.visit::<crate::events::DomainEvent>();
    bindings.visit::<crate::vocabulary::ObjectKind>();
    bindings.visit::<crate::attachments::Upload>();
    let mut out = String::from(
        "// Generated from the Rust types of the vanphong core. Do not edit by hand:\n\
         // run `VANPHONG_UPDATE_BINDINGS=1 cargo test --test core bindings` to refresh.\n\n",
    );
    for declaration in bindings.declarations.values() {
        out.push_str(declaration.trim_end());
        out.push_str("\n\n");
    }
    out.push_str(&rules());
    out.push_str("/** Every command of the core: its request and response types. */\n");
    out.push_str("export interface Commands {\n");
    for line in &bindings.commands {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("}\n\nexport type CommandName = keyof Commands;\n\n");
    out.push_str(
        "/** The kinds of objects whose change can change a reading command's answer: the UI reads it\n \
         * again on their events. */\n",
    );
    out.push_str("export const COMMAND_READS: { [K in CommandName]?: ObjectKind[] } = {\n");
    for line in &bindings.reads {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("};\n");
    out
}

/// The rules the UI shows as the core enforces them, as constants: the calendar's years
/// and the named groups of roles, generated from the one place each is stated.
fn rules() -> String {
    use crate::calendar::{FIRST_YEAR, LAST_YEAR};
    use crate::permission::role;
    use crate::vocabulary::Role;
    let roles = |rule: fn(Role) -> bool| -> String {
        let names: Vec<String> =
            Role::ALL.iter().filter(|r| rule(**r)).map(|r| format!("'{}'", r.as_str())).collect();
        names.join(", ")
    };
    format!(
        "/** The years the working calendar covers: every year and date a person gives lies within them. */\n\
         export const FIRST_YEAR = {FIRST_YEAR};\n\
         export const LAST_YEAR = {LAST_YEAR};\n\n\
         /** Every role, in the order they are offered. */\n\
         export const ROLES: Role[] = [{}];\n\n\
         /** The Office's leaders: the chief of office and the deputy chiefs. */\n\
         export const OFFICE_LEADERS: Role[] = [{}];\n\n\
         /** The Committee's leaders: the Chairman and the Vice Chairmen. */\n\
         export const COMMITTEE_LEADERS: Role[] = [{}];\n\n",
        roles(|_| true),
        roles(role::leads_office),
        roles(role::leads_committee),
    )
}
