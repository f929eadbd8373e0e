/// The one place the release version lives: `mailtls --version` prints it, and the Makefile
/// and scripts/release.sh read it from this file (the line below, by pattern) to name the
/// tarball and date the man page. Change both together when releasing.
enum MailTLSVersion {
    static let number = "0.2.0"
    /// The release date, printed in the man page footer (fixed so the page is reproducible).
    static let date = "2026-12-03"
}
