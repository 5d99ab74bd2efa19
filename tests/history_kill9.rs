//! Durability of the history database under `kill -9`: a child process writes ticks in
//! a loop (with downsampling now and then) and says each committed tick on stdout; the
//! test kills it with SIGKILL at a random moment, 20 times (`SB_KILL9_ROUNDS`;
//! `scripts/history_kill9.sh` runs 50), and after each kill checks `PRAGMA integrity_check`
//! and that every tick the child said was committed is there.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use switchboard::domain::Health;
use switchboard::history::tick::{ChannelTick, Tick};
use switchboard::history::Store;

const CHILD_ENV: &str = "SB_HISTORY_KILL9_DB";
const CHANNELS: usize = 50;
/// 2026-11-24T00:00:00Z.
const T0: i64 = 1_795_478_400_000;

fn tick(n: i64) -> Tick {
    let channels = (0..CHANNELS)
        .map(|i| ChannelTick {
            channel: format!("c{i}"),
            health: if (n + i as i64) % 17 == 0 {
                Health::Offline
            } else {
                Health::Good
            },
            availability: 99.0,
            mean_ms: Some(100.0 + i as f64),
            p95_ms: Some(150.0),
            span_ms: 5_000,
            last_error: None,
        })
        .collect();
    Tick {
        at_ms: T0 + n * 5_000,
        channels,
        ..Tick::default()
    }
}

/// Ticks stored for channel c0 (buckets count the ticks they merged).
fn stored(store: &Store) -> i64 {
    store
        .summary(0, i64::MAX)
        .expect("readable")
        .iter()
        .find(|s| s.channel == "c0")
        .map_or(0, |s| s.ticks)
}

/// The child: writes tick after tick until killed. Run only by the test below.
#[test]
#[ignore = "the child process of every_committed_tick_survives_kill_9"]
fn kill9_child() {
    let path = std::env::var(CHILD_ENV).expect("run by the parent test");
    let mut store = Store::open(Path::new(&path)).expect("open");
    let mut n = stored(&store);
    loop {
        n += 1;
        store.write(&[tick(n)]).expect("write");
        if n % 100 == 0 {
            store
                .maintain(T0 + n * 5_000, 7 * 86_400_000)
                .expect("maintain");
        }
        println!("{n}");
    }
}

/// A few random bits per run, without a dependency: the clock's nanoseconds, mixed.
fn random_ms(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    20 + *state % 180
}

#[test]
fn every_committed_tick_survives_kill_9() {
    let rounds: usize = std::env::var("SB_KILL9_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("history.sqlite");
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut committed = 0i64;
    for round in 0..rounds {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "kill9_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("child");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<i64>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(n) = line.trim().parse::<i64>() {
                    let _ = tx.send(n);
                }
            }
        });
        // Let it write until its first commit (creating the schema takes a while on a
        // loaded machine, and a file killed before that holds no history yet), then for
        // a random while.
        if let Ok(n) = rx.recv_timeout(Duration::from_secs(60)) {
            committed = n;
        }
        let wait = Duration::from_millis(random_ms(&mut seed));
        let started = Instant::now();
        std::thread::sleep(wait);
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        reader.join().unwrap();
        if let Some(n) = rx.try_iter().last() {
            committed = n;
        }
        let store = Store::open_read_only(&db).expect("opens after kill -9");
        assert_eq!(store.integrity().unwrap(), "ok", "round {round}");
        let have = stored(&store);
        assert!(
            have >= committed && have <= committed + 1,
            "round {round} (killed after {:?}): {have} stored, {committed} said committed",
            started.elapsed()
        );
    }
    assert!(committed > 0, "the children wrote something");
}
