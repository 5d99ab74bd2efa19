//! A daemon started in-process as `--headless` starts it: the poller, the executor and
//! the route-apply runner on a config, with the state in a directory the test owns.

use switchboard::app;
use switchboard::config::Config;
use switchboard::poller::PollerSpec;
use switchboard::recovery::RecoverySpec;

/// `text`'s config running with its state in `dir`; `standby` as `[recovery] standby`.
pub fn daemon(text: &str, dir: &std::path::Path, dry_run: bool, standby: bool) -> app::Running {
    let cfg = Config::parse("t.toml", text).expect("config");
    let client = switchboard::http_call::http_client().expect("client");
    let spec = PollerSpec::from_config(&cfg, &client);
    let mut rspec = RecoverySpec::from_config(
        &cfg,
        spec.sims.clone(),
        client,
        Some(dir.to_path_buf()),
        dry_run,
    );
    rspec.standby = standby;
    app::launch(spec, rspec)
}
