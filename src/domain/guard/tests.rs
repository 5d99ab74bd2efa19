use super::*;

const S: i64 = 1000;

fn settings() -> GuardSettings {
    GuardSettings {
        cooldown_ms: 10 * S,
        max_attempts: 3,
        verify_timeout_ms: 30 * S,
        backoff_max_ms: 60 * S,
        poor_after_ms: 20 * S,
    }
}

fn seen(name: &str, health: Health) -> Seen<'_> {
    Seen {
        name,
        health,
        optional: false,
        actionable: true,
        down_since_ms: health.is_down().then_some(0),
        back: !health.is_down(),
    }
}

/// Gateway in `h`, with a healthy Local beside it.
fn two(h: Health) -> [Seen<'static>; 2] {
    [seen("Gateway", h), seen("Local", Health::Excellent)]
}

fn triggers(steps: &[Step]) -> Vec<(String, u32)> {
    steps
        .iter()
        .filter_map(|s| match s {
            Step::Trigger {
                channel, attempt, ..
            } => Some((channel.clone(), *attempt)),
            _ => None,
        })
        .collect()
}

#[test]
fn an_offline_channel_is_acted_on_once_then_verified() {
    let mut g = Guard::new(settings());
    let steps = g.observe(4 * S, &two(Health::Offline), true);
    assert_eq!(triggers(&steps), [("Gateway".to_string(), 1)]);
    assert_eq!(g.view("Gateway", 4 * S).state, RecoveryState::Running);
    // Still down while the action runs: nothing new.
    assert!(g.observe(5 * S, &two(Health::Offline), true).is_empty());
    assert!(g.finished("Gateway", 6 * S, true).is_empty());
    assert_eq!(g.view("Gateway", 6 * S).state, RecoveryState::Verifying);
    assert!(g.observe(7 * S, &two(Health::Offline), true).is_empty());
    let steps = g.observe(9 * S, &two(Health::Good), true);
    assert_eq!(
        steps,
        [Step::Verified {
            channel: "Gateway".into(),
            attempt: 1,
            ok: true,
            down_ms: Some(9 * S),
        }]
    );
    // Cooldown counts from the attempt's start.
    assert_eq!(g.view("Gateway", 9 * S).state, RecoveryState::Cooldown);
    assert_eq!(g.view("Gateway", 9 * S).next_allowed_ms, Some(14 * S));
    assert_eq!(g.view("Gateway", 14 * S).state, RecoveryState::Idle);
}

#[test]
fn nothing_runs_with_auto_off_or_nothing_to_run() {
    let mut g = Guard::new(settings());
    assert!(g.observe(S, &two(Health::Offline), false).is_empty());
    let mut s = two(Health::Offline);
    s[0].actionable = false;
    assert!(g.observe(2 * S, &s, true).is_empty());
    // Turned on later, while still down: acts at once.
    assert_eq!(
        triggers(&g.observe(3 * S, &two(Health::Offline), true)).len(),
        1
    );
}

#[test]
fn degraded_never_triggers_and_poor_only_after_a_while() {
    let mut g = Guard::new(settings());
    for t in 0..100 {
        assert!(g.observe(t * S, &two(Health::Degraded), true).is_empty());
    }
    let mut g = Guard::new(settings());
    assert!(g.observe(0, &two(Health::Poor), true).is_empty());
    assert!(g.observe(19 * S, &two(Health::Poor), true).is_empty());
    let steps = g.observe(20 * S, &two(Health::Poor), true);
    assert_eq!(triggers(&steps).len(), 1);
    match &steps[0] {
        Step::Trigger { reason, .. } => assert_eq!(reason, "POOR for 20s"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn poor_streak_restarts_when_it_is_interrupted() {
    let mut g = Guard::new(settings());
    g.observe(0, &two(Health::Poor), true);
    g.observe(15 * S, &two(Health::Degraded), true);
    assert!(g.observe(16 * S, &two(Health::Poor), true).is_empty());
    assert!(g.observe(35 * S, &two(Health::Poor), true).is_empty());
    assert_eq!(
        triggers(&g.observe(36 * S, &two(Health::Poor), true)).len(),
        1
    );
}

#[test]
fn a_channel_whose_newest_probes_succeed_is_back_despite_a_poor_window() {
    // After a long outage the window still says POOR, but the probes succeed again.
    let mut g = Guard::new(settings());
    g.observe(0, &two(Health::Offline), true);
    g.finished("Gateway", S, true);
    let mut after = two(Health::Poor);
    after[0].back = true;
    let steps = g.observe(3 * S, &after, true);
    assert!(
        matches!(steps[..], [Step::Verified { ok: true, .. }]),
        "{steps:?}"
    );
    // And it is not restarted for the POOR window it is recovering from.
    for t in 4..200 {
        assert!(g.observe(t * S, &after, true).is_empty(), "t={t}");
    }
}

#[test]
fn flapping_noise_never_triggers() {
    let mut g = Guard::new(settings());
    let cycle = [
        Health::Good,
        Health::Degraded,
        Health::Excellent,
        Health::Degraded,
    ];
    for t in 0..400 {
        let h = cycle[t as usize % cycle.len()];
        assert!(g.observe(t * S, &two(h), true).is_empty(), "t={t}");
    }
}

/// Runs attempts that always fail; returns the start times.
fn failing_until_escalated(g: &mut Guard, ok_actions: bool) -> (Vec<i64>, Vec<Step>) {
    let (mut starts, mut all) = (Vec::new(), Vec::new());
    for t in 0..400 {
        let now = t * S;
        let steps = g.observe(now, &two(Health::Offline), true);
        for s in &steps {
            if let Step::Trigger { channel, .. } = s {
                starts.push(now);
                let end = g.finished(channel, now + S, ok_actions);
                all.extend(end);
            }
        }
        all.extend(steps);
    }
    (starts, all)
}

#[test]
fn failed_actions_back_off_then_escalate_once() {
    let mut g = Guard::new(settings());
    let (starts, steps) = failing_until_escalated(&mut g, false);
    assert_eq!(starts, [0, 10 * S, 30 * S], "gaps 10 s then 20 s");
    let escalations: Vec<_> = steps
        .iter()
        .filter(|s| matches!(s, Step::Escalate { .. }))
        .collect();
    assert_eq!(
        escalations,
        [&Step::Escalate {
            channel: "Gateway".into(),
            failures: 3
        }]
    );
    assert_eq!(g.view("Gateway", 400 * S).state, RecoveryState::Escalated);
    // A reset clears it and the channel is acted on again at once.
    assert!(g.reset("Gateway"));
    assert_eq!(
        triggers(&g.observe(401 * S, &two(Health::Offline), true)),
        [("Gateway".to_string(), 1)]
    );
}

#[test]
fn failed_verification_counts_as_a_failed_attempt() {
    let mut g = Guard::new(settings());
    let (starts, steps) = failing_until_escalated(&mut g, true);
    // Each attempt waits out its 30 s verification before the next one.
    assert_eq!(
        starts,
        [0, 32 * S, 64 * S],
        "the next tick after each deadline"
    );
    let failed_verifies = steps
        .iter()
        .filter(|s| matches!(s, Step::Verified { ok: false, .. }))
        .count();
    assert_eq!(failed_verifies, 3);
    assert!(steps
        .iter()
        .any(|s| matches!(s, Step::Escalate { failures: 3, .. })));
}

#[test]
fn backoff_is_capped() {
    let g = Guard::new(GuardSettings {
        cooldown_ms: 10 * S,
        backoff_max_ms: 35 * S,
        ..settings()
    });
    let gaps: Vec<i64> = (0..8).map(|k| g.gap_ms(k) / S).collect();
    assert_eq!(gaps, [10, 10, 20, 35, 35, 35, 35, 35]);
    // A cap below the cooldown never shortens the cooldown.
    let g = Guard::new(GuardSettings {
        backoff_max_ms: S,
        ..settings()
    });
    assert_eq!(g.gap_ms(5), 10 * S);
    assert!(Guard::new(settings()).gap_ms(u32::MAX) > 0, "no overflow");
}

#[test]
fn the_last_serving_core_channel_is_not_restarted() {
    let mut g = Guard::new(settings());
    let alone = [
        seen("Gateway", Health::Poor),
        seen("Local", Health::Offline),
    ];
    let mut blocked = 0;
    for t in 0..60 {
        for s in g.observe(t * S, &alone, true) {
            match s {
                Step::Blocked { channel, .. } => {
                    assert_eq!(channel, "Gateway");
                    blocked += 1;
                }
                Step::Trigger { channel, .. } => {
                    assert_eq!(channel, "Local", "only the OFFLINE one is restarted");
                    g.finished(&channel, t * S, true);
                }
                _ => {}
            }
        }
    }
    assert_eq!(blocked, 1, "said once per incident");
    // An optional channel beside it does not count as serving capacity.
    let mut g = Guard::new(settings());
    let mut with_optional = [
        seen("Gateway", Health::Poor),
        seen("Spare", Health::Excellent),
    ];
    with_optional[1].optional = true;
    g.observe(0, &with_optional, true);
    let steps = g.observe(30 * S, &with_optional, true);
    assert!(matches!(steps[..], [Step::Blocked { .. }]), "{steps:?}");
}

#[test]
fn a_channel_that_comes_back_by_itself_starts_afresh() {
    let mut g = Guard::new(settings());
    let (_, _) = (
        g.observe(0, &two(Health::Offline), true),
        g.finished("Gateway", S, false),
    );
    assert_eq!(g.view("Gateway", S).failures, 1);
    g.observe(5 * S, &two(Health::Good), true);
    assert_eq!(g.view("Gateway", 5 * S).failures, 0);
    assert_eq!(g.view("Gateway", 5 * S).state, RecoveryState::Cooldown);
}

#[test]
fn manual_runs_skip_cooldown_but_not_busy_or_last_serving() {
    let mut g = Guard::new(settings());
    let chans = two(Health::Offline);
    g.observe(0, &chans, true);
    assert_eq!(
        g.manual(S, &chans[0], &chans),
        Err(Refusal::Busy(RecoveryState::Running))
    );
    g.finished("Gateway", S, false);
    assert_eq!(g.view("Gateway", 2 * S).state, RecoveryState::Cooldown);
    let step = g
        .manual(2 * S, &chans[0], &chans)
        .expect("allowed in cooldown");
    assert!(matches!(
        step,
        Step::Trigger {
            manual: true,
            attempt: 2,
            ..
        }
    ));
    // Degraded by hand is allowed; the only serving core channel is not.
    let mut g = Guard::new(settings());
    let slow = two(Health::Degraded);
    assert!(g.manual(0, &slow[0], &slow).is_ok());
    let lone = [
        seen("Local", Health::Excellent),
        seen("Gateway", Health::Offline),
    ];
    assert_eq!(g.manual(0, &lone[0], &lone), Err(Refusal::LastServing));
}

#[test]
fn restored_escalation_holds_until_reset() {
    let mut g = Guard::new(settings());
    g.restore("Gateway", 3, Some(0), Some(5 * S));
    assert!(g.observe(1000 * S, &two(Health::Offline), true).is_empty());
    assert_eq!(g.view("Gateway", 0).escalated_since_ms, Some(5 * S));
    assert!(g.reset("Gateway"));
    assert!(!g.reset("Gateway"), "nothing left to clear");
    assert!(!g.reset("Nobody"));
}

#[test]
fn deadlines_wake_the_controller() {
    let mut g = Guard::new(settings());
    assert_eq!(g.next_deadline(0), None);
    g.observe(0, &two(Health::Offline), true);
    assert_eq!(
        g.next_deadline(0),
        None,
        "running: the action's end wakes it"
    );
    g.finished("Gateway", 2 * S, true);
    assert_eq!(g.next_deadline(2 * S), Some(32 * S));
    g.observe(3 * S, &two(Health::Good), true);
    assert_eq!(g.next_deadline(3 * S), Some(10 * S), "end of the cooldown");
}

#[test]
fn a_quiet_fleet_changes_nothing_a_view_shows() {
    let mut g = Guard::new(settings());
    g.take_changed();
    for t in 0..50 {
        g.observe(t * S, &two(Health::Good), true);
        assert!(!g.take_changed(), "t={t}");
    }
    g.observe(50 * S, &two(Health::Offline), true);
    assert!(g.take_changed(), "a trigger changes the state");
    g.finished("Gateway", 51 * S, true);
    assert!(g.take_changed());
    g.observe(52 * S, &two(Health::Good), true);
    assert!(g.take_changed(), "verified, now in cooldown");
    g.observe(53 * S, &two(Health::Good), true);
    assert!(!g.take_changed());
    g.observe(61 * S, &two(Health::Good), true);
    assert!(g.take_changed(), "the cooldown ended at 60 s");
}

/// The time down counts from the first failure of the incident,
/// the reason names OFFLINE, and the view shows the verification deadline.
#[test]
fn the_outage_is_timed_from_its_first_failure_and_named() {
    let mut g = Guard::new(settings());
    let mut s = two(Health::Offline);
    s[0].down_since_ms = Some(2 * S);
    let steps = g.observe(4 * S, &s, true);
    assert!(
        matches!(&steps[..], [Step::Trigger { reason, .. }] if reason == "OFFLINE"),
        "{steps:?}"
    );
    g.finished("Gateway", 6 * S, true);
    assert_eq!(g.view("Gateway", 6 * S).verify_deadline_ms, Some(36 * S));
    let steps = g.observe(9 * S, &two(Health::Good), true);
    assert!(
        matches!(&steps[..], [Step::Verified { down_ms: Some(d), .. }] if *d == 7 * S),
        "{steps:?}"
    );
}

/// A deadline that is now is not a future deadline.
#[test]
fn the_next_deadline_lies_strictly_ahead() {
    let mut g = Guard::new(settings());
    g.observe(4 * S, &two(Health::Offline), true);
    g.finished("Gateway", 6 * S, true);
    assert_eq!(g.next_deadline(35 * S), Some(36 * S));
    // At the verification deadline the next one is the cooldown's end (never "now").
    assert_eq!(g.next_deadline(36 * S), None, "cooldown ended at 14 s");
}

/// A reset clears failures without an escalation too, and
/// says so; a channel that came back by itself after a failed attempt changes the view.
#[test]
fn reset_and_recovery_by_itself_clear_failures_visibly() {
    let mut g = Guard::new(settings());
    g.observe(4 * S, &two(Health::Offline), true);
    g.finished("Gateway", 5 * S, false);
    assert_eq!(g.view("Gateway", 5 * S).failures, 1);
    g.take_changed();
    g.observe(6 * S, &two(Health::Good), true);
    assert!(g.take_changed(), "back by itself: failures cleared");
    assert_eq!(g.view("Gateway", 6 * S).failures, 0);
    // Failures read back from the audit log, with no attempt in this process.
    let mut g = Guard::new(settings());
    g.restore("Gateway", 2, None, None);
    g.take_changed();
    g.observe(S, &two(Health::Good), true);
    assert!(g.take_changed(), "restored failures cleared");

    let mut g = Guard::new(settings());
    g.observe(4 * S, &two(Health::Offline), true);
    g.finished("Gateway", 5 * S, false);
    g.take_changed();
    assert!(g.reset("Gateway"), "one failure to clear");
    assert!(g.take_changed());
    assert_eq!(g.view("Gateway", 5 * S).failures, 0);
    assert!(!g.reset("Gateway"));
}

#[test]
fn state_labels() {
    use RecoveryState::*;
    let shown: Vec<String> = [Idle, Cooldown, Running, Verifying, Escalated]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        shown,
        ["idle", "cooldown", "running", "verifying", "escalated"]
    );
    assert_eq!(Escalated.as_str(), "escalated");
}

#[test]
fn an_attempt_the_daemon_could_not_run_never_escalates() {
    let mut g = Guard::new(settings());
    let mut at = 0;
    for _ in 0..10 {
        at += 11 * S;
        let steps = g.observe(at, &two(Health::Offline), true);
        assert_eq!(triggers(&steps), [("Gateway".to_string(), 1)], "at {at}");
        g.not_run("Gateway");
        assert_eq!(g.view("Gateway", at).failures, 0);
        // The cooldown from its start holds: no retry storm.
        assert!(g.observe(at + S, &two(Health::Offline), true).is_empty());
    }
    assert_ne!(g.view("Gateway", at).state, RecoveryState::Escalated);
}
