//! The real terminal: raw mode, the alternate screen, bracketed paste and click/wheel
//! mouse reports on the way in, and all of it undone on every way out — a normal return
//! or an error (`Tty` drops), a panic (the hook restores before the message prints), and
//! SIGINT/SIGTERM/SIGHUP/SIGQUIT (`app::live::shutdown_signal` ends the event loop,
//! `Tty` drops).

use std::fmt;
use std::io::{self, BufWriter, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

pub type Backend = CrosstermBackend<BufWriter<Stdout>>;

/// Whether the terminal is in console mode (so restoring twice is harmless).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// The console's terminal; dropping it restores the terminal.
pub struct Tty {
    pub terminal: Terminal<Backend>,
}

impl Tty {
    pub fn enter() -> io::Result<Tty> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        // From here on every early return restores what was already changed.
        let setup = execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            EnableClickAndWheel,
            cursor::Hide
        );
        if let Err(e) = setup {
            restore();
            return Err(e);
        }
        // The theme decides about colour (NO_COLOR gives a colourless theme); letting
        // crossterm also apply NO_COLOR would turn each colour reset into a full SGR
        // reset that drops bold and reverse.
        crossterm::style::force_color_output(true);
        let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
        match Terminal::new(backend) {
            Ok(terminal) => Ok(Tty { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        // Anything still buffered belongs on the alternate screen, before we leave it.
        let _ = self.terminal.backend_mut().flush();
        restore();
    }
}

/// Puts the terminal back as it was; does nothing when it is not in console mode.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(
        io::stdout(),
        DisableClickAndWheel,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

/// Turns the mouse reports on or off while the console runs (`m`): off, the terminal
/// selects text itself. Does nothing outside console mode (tests draw on a test backend).
pub fn set_mouse(on: bool) -> io::Result<()> {
    if !ACTIVE.load(Ordering::SeqCst) {
        return Ok(());
    }
    if on {
        execute!(io::stdout(), EnableClickAndWheel)
    } else {
        execute!(io::stdout(), DisableClickAndWheel)
    }
}

/// Terminal input as a stream, read by a thread of its own that blocks in
/// `crossterm::event::read`. crossterm's `EventStream` instead takes its reader's lock on
/// every poll — and the console polls its input on every wake-up, a few times a second
/// when idle — spinning with `sched_yield` against its own helper thread each time. A
/// blocked thread costs nothing until a key arrives. The thread ends with the process, or
/// after the next event once the console has stopped listening.
pub fn input() -> impl futures_util::Stream<Item = io::Result<crossterm::event::Event>> + Unpin {
    let (tx, mut rx) = tokio::sync::mpsc::channel(256);
    let spawned = std::thread::Builder::new()
        .name("input".into())
        .spawn(move || loop {
            let event = crossterm::event::read();
            let failed = event.is_err();
            if tx.blocking_send(event).is_err() || failed {
                break;
            }
        });
    if let Err(e) = spawned {
        // No thread, no input: the stream yields the error and the console says so.
        let (tx2, rx2) = tokio::sync::mpsc::channel(1);
        let _ = tx2.try_send(Err(e));
        rx = rx2;
    }
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// A panic restores the terminal first, so its message is readable on the normal screen.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            tracing::error!("panic: {info}");
            match on_panic(
                crate::base::contain::active(),
                ACTIVE.load(Ordering::SeqCst),
            ) {
                OnPanic::RestoreAndPrint => {
                    restore();
                    previous(info);
                }
                OnPanic::Print => previous(info),
                OnPanic::Quiet => {}
            }
        }));
    });
}

#[derive(Debug, PartialEq, Eq)]
enum OnPanic {
    RestoreAndPrint,
    Print,
    Quiet,
}

/// What the hook does. A contained panic (the poller's) is reported as POLLER FAILED by
/// its supervisor while the console goes on: restoring the terminal would leave the
/// console drawing over the shell, and printing would scribble over the screen.
fn on_panic(contained: bool, console_active: bool) -> OnPanic {
    match (contained, console_active) {
        (true, true) => OnPanic::Quiet,
        (true, false) => OnPanic::Print,
        (false, _) => OnPanic::RestoreAndPrint,
    }
}

/// Mouse reports for clicks and the wheel only (X10 + SGR encoding). crossterm's
/// `EnableMouseCapture` also turns on any-motion tracking, which would wake the console
/// for every pointer movement.
struct EnableClickAndWheel;

impl crossterm::Command for EnableClickAndWheel {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1006h")
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> io::Result<()> {
        crossterm::event::EnableMouseCapture.execute_winapi()
    }
}

struct DisableClickAndWheel;

impl crossterm::Command for DisableClickAndWheel {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        f.write_str("\x1b[?1006l\x1b[?1000l")
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> io::Result<()> {
        crossterm::event::DisableMouseCapture.execute_winapi()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_panic_outside_contained_tasks_restores_the_terminal() {
        assert_eq!(on_panic(true, true), OnPanic::Quiet);
        assert_eq!(on_panic(true, false), OnPanic::Print);
        assert_eq!(on_panic(false, true), OnPanic::RestoreAndPrint);
        assert_eq!(on_panic(false, false), OnPanic::RestoreAndPrint);
    }
}
