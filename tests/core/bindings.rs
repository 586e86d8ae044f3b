//! The UI's TypeScript types are generated from the Rust ones and must not go stale.

#[test]
fn bindings_are_up_to_date() {
    let path = crate::support::repo_root().join("ui/src/lib/api/bindings.ts");
    let generated = vanphong::commands::typescript_bindings();
    if std::env::var_os("VANPHONG_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).expect("write bindings");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/lib/api/bindings.ts is stale: run `VANPHONG_UPDATE_BINDINGS=1 cargo test --test core bindings` and commit it"
    );
    for command in vanphong::commands::catalogue() {
        assert!(generated.contains(&format!("  {}: {{", command.name)), "{} has bindings", command.name);
    }
}
