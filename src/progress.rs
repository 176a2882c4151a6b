//! Progress of long work on the terminal: a spinner naming the stage, and a
//! bar while pages are rendered. Drawn on stderr, and only when stderr is a
//! terminal; quiet otherwise (pipes, logs, tests).
//!
//! With `--timings` it also records when each stage began, and prints how
//! long each took when the work is done.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress display, possibly hidden. Cheap to update from many threads.
pub(crate) struct Progress {
    bar: ProgressBar,
    /// Stages begun so far and when, if timings were asked for.
    timings: Option<Mutex<Vec<(&'static str, Instant)>>>,
}

impl Progress {
    /// Shown on stderr if it is a terminal, hidden otherwise.
    pub(crate) fn on_terminal() -> Progress {
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(spinner_style());
            bar.set_message("starting");
            bar.enable_steady_tick(Duration::from_millis(120));
            Progress { bar, timings: None }
        } else {
            Progress::hidden()
        }
    }

    /// Never shown.
    pub(crate) fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
            timings: None,
        }
    }

    /// Also records how long each stage takes, for [`Progress::timings`].
    pub(crate) fn timed(mut self) -> Progress {
        self.timings = Some(Mutex::new(vec![("starting", Instant::now())]));
        self
    }

    fn record(&self, message: &'static str) {
        if let Some(t) = &self.timings
            && let Ok(mut t) = t.lock()
        {
            t.push((message, Instant::now()));
        }
    }

    /// Each stage with its duration, in order, if the progress is timed;
    /// the last stage ends now.
    pub(crate) fn timings(&self) -> Vec<(&'static str, Duration)> {
        let Some(Ok(t)) = self.timings.as_ref().map(|t| t.lock()) else {
            return Vec::new();
        };
        let now = Instant::now();
        t.iter()
            .enumerate()
            .map(|(i, (name, start))| {
                let end = t.get(i + 1).map_or(now, |n| n.1);
                (*name, end.duration_since(*start))
            })
            .collect()
    }

    /// Starts a stage without a count ("loading content").
    pub(crate) fn stage(&self, message: &'static str) {
        self.record(message);
        if self.bar.is_hidden() {
            return;
        }
        self.bar.set_style(spinner_style());
        self.bar.unset_length();
        self.bar.set_message(message);
    }

    /// Starts a stage of `total` steps, shown as a bar.
    pub(crate) fn counted(&self, message: &'static str, total: usize) {
        self.record(message);
        if self.bar.is_hidden() {
            return;
        }
        self.bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.bar.set_message(message);
    }

    /// One step of a counted stage done.
    pub(crate) fn step(&self) {
        self.bar.inc(1);
    }

    /// Removes the display, leaving the terminal as it was.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg}…")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_progress_accepts_every_call() {
        let p = Progress::hidden();
        p.stage("loading");
        p.counted("rendering", 3);
        p.step();
        p.finish();
        assert!(p.bar.is_hidden());
        assert!(p.timings().is_empty());
    }

    #[test]
    fn timed_progress_lists_stages_in_order() {
        let p = Progress::hidden().timed();
        p.stage("loading");
        std::thread::sleep(Duration::from_millis(5));
        p.counted("rendering", 3);
        let t = p.timings();
        let names: Vec<&str> = t.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["starting", "loading", "rendering"]);
        assert!(t[1].1 >= Duration::from_millis(5));
    }
}
