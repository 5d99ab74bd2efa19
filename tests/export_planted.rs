//! Atomic writes against a planted symlink: the export used to write
//! through `.NAME.PID.tmp`, a name anyone with write access to the directory could guess
//! and plant a symlink at, so the export overwrote the symlink's target. The temp file is
//! now random and created exclusively; a planted link at the old name is left alone.

use switchboard::report::export::write_atomic;

#[cfg(unix)]
#[test]
fn a_symlink_planted_at_the_old_temp_name_redirects_nothing() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tmp");
    let victim = dir.path().join("victim");
    std::fs::write(&victim, b"precious").expect("victim");
    let planted = dir
        .path()
        .join(format!(".out.json.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).expect("plant");
    let out = dir.path().join("out.json");
    write_atomic(&out, b"export").expect("write");
    assert_eq!(std::fs::read(&victim).expect("victim"), b"precious");
    assert_eq!(std::fs::read(&out).expect("out"), b"export");
    let link = std::fs::symlink_metadata(&planted).expect("still there");
    assert!(
        link.file_type().is_symlink(),
        "the planted link is not ours to remove"
    );
}
