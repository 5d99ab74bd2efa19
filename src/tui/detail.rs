//! Keys of the channel detail view (Enter on a channel): Esc goes back, j/k step to the
//! previous/next channel without leaving the view.

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, View};

/// Returns whether the key was the detail view's.
pub fn handle_key(app: &mut App, k: KeyEvent) -> bool {
    match k.code {
        KeyCode::Esc | KeyCode::Backspace | KeyCode::Char('h') | KeyCode::Left => {
            app.view = View::Main;
        }
        KeyCode::Down | KeyCode::Char('j') => step(app, 1),
        KeyCode::Up | KeyCode::Char('k') => step(app, -1),
        _ => return false,
    }
    true
}

fn step(app: &mut App, delta: isize) {
    if let View::Detail(name) = &app.view {
        app.channels.selected = Some(name.clone());
    }
    app.channels.step(&app.snap, delta);
    if let Some(name) = app.channels.current(&app.snap) {
        app.view = View::Detail(name);
    }
}
