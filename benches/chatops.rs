//! ChatOps engine: classify one utterance (bar: ≤ 50 µs), the topic model alone, build the
//! engine (paid once per `--say` process), and classify + reply end to end on the embedded
//! example metrics.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use switchboard::chatops::{reply, Engine, ReplyContext};
use switchboard::domain::Policy;
use switchboard::source::metrics_file::MetricsFile;

const CHANNELS: [&str; 3] = ["Local", "Cloud", "Gateway"];

fn bench(c: &mut Criterion) {
    let engine = Engine::with_channels(&CHANNELS);
    for text in [
        "오케스트레이션 상태",
        "게이트웨이 왜 느려?",
        "복구 실행해야 돼?",
        "which channel is fastest?",
        // Typos take the edit-distance path.
        "오케스트레이선 상테 알려줘",
        "run recvoery",
        // Undoing words, short-word slips (keyboard rules), an off-topic order.
        "일시정지 해제",
        "qiut",
        "로걸 상태 알려줘",
        "restart my laptop",
        // Unknown also ranks suggestions.
        "오늘 점심 뭐 먹지?",
        // Words the tables lack: the topic model reads them.
        "kick the gateway worker",
        "대시보드 뽑아줘",
        "is it safe to bounce the gateway?",
    ] {
        c.bench_function(&format!("classify {text}"), |b| {
            b.iter(|| black_box(engine.classify(black_box(text))))
        });
    }
    c.bench_function("topic model alone: 게이트웨이 다시 올려줘", |b| {
        b.iter(|| {
            black_box(switchboard::chatops::topic::read(black_box(
                "게이트웨이 다시 올려줘",
            )))
        })
    });
    c.bench_function("engine build (3 channels)", |b| {
        b.iter(|| black_box(Engine::with_channels(black_box(&CHANNELS))))
    });
    let snap = MetricsFile::parse("example", switchboard::app::EXAMPLE_METRICS.as_bytes())
        .expect("embedded example parses")
        .snapshot(&Policy::default(), "example");
    let ctx = ReplyContext::say(false, false, Policy::default());
    c.bench_function("classify+reply 오케스트레이션 상태", |b| {
        b.iter(|| {
            let cl = engine.classify(black_box("오케스트레이션 상태"));
            black_box(reply(&cl, &snap, &ctx))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
