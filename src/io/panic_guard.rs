//! Reading damaged files without crashing: calamine asserts on some damaged
//! files (an OLE sector list of the wrong length panics in its `to_u32`), and
//! a damaged file must be refused, not crash the import.
//!
//! The panic hook is process-wide, so it is replaced once, by a hook that
//! stays quiet only on a thread that is inside [`without_panicking`]; a panic
//! anywhere else is reported as before.

use std::cell::Cell;
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`without_panicking`].
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Installs the quiet-when-guarded hook, once per process.
static INSTALL_HOOK: Once = Once::new();

/// Runs a read, turning a panic into the error "its structure is damaged".
/// The panic message is kept off stderr for this thread only.
pub fn without_panicking<T>(read: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    INSTALL_HOOK.call_once(|| {
        let previous_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous_hook(info);
            }
        }));
    });
    let was_guarded = GUARDED.with(|guarded| guarded.replace(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    GUARDED.with(|guarded| guarded.set(was_guarded));
    outcome.unwrap_or_else(|_| Err("its structure is damaged".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the guard used to swap the process-wide hook for each
    /// read, so a panic on another thread meanwhile went unreported, and two
    /// guarded reads at once could leave the silent hook installed for good.
    #[test]
    fn regression_a_guarded_read_leaves_other_threads_panics_reported() {
        let refused: Result<(), String> = without_panicking(|| panic!("calamine assert"));
        assert_eq!(refused, Err("its structure is damaged".to_string()));
        assert!(!GUARDED.with(Cell::get), "the guard ends with the read");
        let other_thread = std::thread::spawn(|| GUARDED.with(Cell::get));
        assert!(
            !other_thread.join().unwrap(),
            "other threads are not guarded"
        );
        assert_eq!(without_panicking(|| Ok(7)), Ok(7));
    }
}
