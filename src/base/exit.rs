//! The program's exit codes, one name each. A run's outcome is a monitoring-plugin
//! status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN: `domain::Status::exit_code`); what
//! went wrong around it takes the sysexits code that says so.

/// Bad input or usage, or a console that could not run: the monitoring-plugin UNKNOWN.
pub const UNKNOWN: u8 = 3;
/// The command line asks for nothing to do (an empty `--say`): EX_USAGE.
pub const USAGE: u8 = 64;
/// A service that cannot be offered (the `--serve` address cannot be listened on):
/// EX_UNAVAILABLE.
pub const UNAVAILABLE: u8 = 69;
/// An output file cannot be written: EX_CANTCREAT.
pub const CANT_WRITE: u8 = 73;
/// Another instance holds the recovery lock, so an order was not carried out; try again
/// later, or give the order there: EX_TEMPFAIL.
pub const TEMPFAIL: u8 = 75;
/// The state dir may not be used: another user owns it, or group or others may write
/// to it: EX_NOPERM.
pub const UNSAFE_STATE_DIR: u8 = 77;
/// Ctrl-C cut a wait short (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;
