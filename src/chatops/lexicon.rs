//! The built-in vocabulary: which words mean which concept, in Korean and English.
//!
//! Words map to *concepts* (status, recovery, turn-on, question, …), not straight to
//! intents; `classify` turns the set of concepts present into an intent. That keeps the
//! tables short and lets "게이트웨이 왜 느려", "why is gateway slow" and "gateway 느린 이유"
//! meet in the same place. Every entry is already NFC and lower case (a test checks it),
//! so building the engine costs no normalisation.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::intent::Intent;

/// A unit of meaning the rules in `classify` reason about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concept {
    Status,
    Overall,
    Channel,
    Health,
    Latency,
    Fastest,
    Routing,
    Recovery,
    Restart,
    Worker,
    Run,
    Auto,
    On,
    Off,
    Stop,
    Switch,
    Monitoring,
    Static,
    Why,
    Trend,
    Forecast,
    Export,
    Dashboard,
    Refresh,
    Pause,
    Resume,
    Poller,
    Help,
    Quit,
    /// "필요", "should", "need": asks whether, never orders.
    Need,
    /// "켜져 있어", "running", "됐어": describes a state, never orders.
    Stative,
    /// "하지 마", "don't", "cancel".
    Negation,
    /// "뭐", "어디", "몇": an interrogative word.
    Question,
    /// "해제", "취소", "풀어", "cancel", "undo": undoes the order it follows (or, in
    /// English, precedes): `일시정지 해제` is resume, `복구 실행 취소` is not a run.
    Invert,
    /// "그만": undoes an order when one is named, and alone means "enough, leave".
    Enough,
    /// "지난", "last", "ago": the question is about what already happened (a trend).
    Past,
    /// "앞으로", "다음", "will", "later": the question is about what comes (a forecast).
    Future,
    /// "리셋", "초기화", "reset", "clear".
    Reset,
    /// "점검" (with a duration), "silence", "mute", "maintenance".
    Silence,
    /// "에스컬레이션", "escalation", "실패 횟수", "backoff": recovery's alert state.
    Escalation,
    /// "콘솔", "console", "app": the program itself (what `quit` leaves).
    App,
    /// "문제", "에러", "wrong", "errors": what is failing and why (`problems`).
    Problem,
    /// "제일 싼", "cheapest", "cost": rank by `cost_per_1k_tokens` (`routing`, by cost).
    Cheapest,
    /// "primary", "standby", "예비": a channel named by its place in the routing. Asked
    /// about its health, it is that channel's health (`channels`).
    Role,
    /// "적용", "apply": with routing, writing the routing order to the gateway.
    Apply,
}

impl Concept {
    /// Every concept, by the name the data files use (`assets/chatops/words.txt`).
    pub const NAMED: [(&'static str, Concept); 44] = [
        ("status", Concept::Status),
        ("overall", Concept::Overall),
        ("channel", Concept::Channel),
        ("health", Concept::Health),
        ("latency", Concept::Latency),
        ("fastest", Concept::Fastest),
        ("routing", Concept::Routing),
        ("recovery", Concept::Recovery),
        ("restart", Concept::Restart),
        ("worker", Concept::Worker),
        ("run", Concept::Run),
        ("auto", Concept::Auto),
        ("on", Concept::On),
        ("off", Concept::Off),
        ("stop", Concept::Stop),
        ("switch", Concept::Switch),
        ("monitoring", Concept::Monitoring),
        ("static", Concept::Static),
        ("why", Concept::Why),
        ("trend", Concept::Trend),
        ("forecast", Concept::Forecast),
        ("export", Concept::Export),
        ("dashboard", Concept::Dashboard),
        ("refresh", Concept::Refresh),
        ("pause", Concept::Pause),
        ("resume", Concept::Resume),
        ("poller", Concept::Poller),
        ("help", Concept::Help),
        ("quit", Concept::Quit),
        ("need", Concept::Need),
        ("stative", Concept::Stative),
        ("negation", Concept::Negation),
        ("question", Concept::Question),
        ("invert", Concept::Invert),
        ("enough", Concept::Enough),
        ("past", Concept::Past),
        ("future", Concept::Future),
        ("reset", Concept::Reset),
        ("escalation", Concept::Escalation),
        ("app", Concept::App),
        ("problem", Concept::Problem),
        ("cheapest", Concept::Cheapest),
        ("role", Concept::Role),
        ("apply", Concept::Apply),
    ];

    pub fn from_name(name: &str) -> Option<Concept> {
        Concept::NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, c)| c)
    }
}

/// A small set of concepts (a bit mask).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Concepts(u64);

impl Concepts {
    pub fn of(list: &[Concept]) -> Concepts {
        let mut s = Concepts::default();
        for &c in list {
            s.insert(c);
        }
        s
    }

    pub fn insert(&mut self, c: Concept) {
        self.0 |= 1 << c as u8;
    }

    pub fn remove(&mut self, c: Concept) {
        self.0 &= !(1 << c as u8);
    }

    pub fn union(&mut self, other: Concepts) {
        self.0 |= other.0;
    }

    pub fn has(self, c: Concept) -> bool {
        self.0 & (1 << c as u8) != 0
    }

    pub fn any(self, list: &[Concept]) -> bool {
        list.iter().any(|&c| self.has(c))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

use Concept::*;

/// Surface forms and the concepts they carry. Hangul entries match inside a space-free run;
/// Latin entries match whole words (entries with spaces match consecutive words).
pub const WORDS: &[(&str, &[Concept])] = &[
    // status / overall
    ("상태", &[Status]),
    ("현황", &[Status]),
    ("상황", &[Status]),
    ("스테이터스", &[Status]),
    ("요약", &[Status]),
    ("개요", &[Status]),
    ("진행상황", &[Status, Stative]),
    ("실행상태", &[Status]),
    ("어때", &[Status, Question]),
    ("어떨", &[Status, Question]),
    ("어떄", &[Status, Question]),
    ("status", &[Status]),
    ("state", &[Status]),
    ("overview", &[Status]),
    ("summary", &[Status]),
    ("situation", &[Status]),
    ("sitrep", &[Status]),
    ("오케스트레이션", &[Overall]),
    ("오케스트레이터", &[Overall]),
    ("전체", &[Overall]),
    ("전반", &[Overall]),
    ("전반적", &[Overall]),
    ("시스템", &[Overall]),
    ("전부", &[Overall]),
    ("종합", &[Overall]),
    ("orchestration", &[Overall]),
    ("orchestrator", &[Overall]),
    ("overall", &[Overall]),
    ("system", &[Overall]),
    ("everything", &[Overall]),
    ("global", &[Overall]),
    ("whole", &[Overall]),
    // channels and their health
    ("채널", &[Channel]),
    ("백엔드", &[Channel]),
    ("엔드포인트", &[Channel]),
    ("channel", &[Channel]),
    ("channels", &[Channel]),
    ("backend", &[Channel]),
    ("backends", &[Channel]),
    ("provider", &[Channel]),
    ("providers", &[Channel]),
    ("endpoint", &[Channel]),
    ("endpoints", &[Channel]),
    ("upstream", &[Channel]),
    ("upstreams", &[Channel]),
    ("건강", &[Health]),
    ("헬스", &[Health]),
    ("헬스체크", &[Health]),
    ("가용성", &[Health]),
    ("가용률", &[Health]),
    ("가동률", &[Health]),
    ("살아", &[Health]),
    ("죽었", &[Health, Stative]),
    ("다운", &[Health]),
    ("괜찮", &[Health]),
    ("정상", &[Health]),
    ("문제", &[Health, Problem]),
    ("장애", &[Health, Problem]),
    ("에러", &[Problem]),
    ("오류", &[Problem]),
    ("health", &[Health]),
    ("healthy", &[Health]),
    ("unhealthy", &[Health]),
    ("healthcheck", &[Health]),
    ("health check", &[Health]),
    ("availability", &[Health]),
    ("available", &[Health]),
    ("uptime", &[Health]),
    ("alive", &[Health]),
    ("dead", &[Health]),
    ("down", &[Health]),
    ("up", &[Health]),
    ("working", &[Health]),
    ("broken", &[Health, Problem]),
    ("problem", &[Health, Problem]),
    ("problems", &[Health, Problem]),
    ("issue", &[Health, Problem]),
    ("issues", &[Health, Problem]),
    ("wrong", &[Problem]),
    ("error", &[Problem]),
    ("errors", &[Problem]),
    ("failing", &[Problem]),
    ("failures", &[Problem]),
    ("outage", &[Health]),
    ("excellent", &[Health]),
    ("good", &[Health]),
    ("degraded", &[Health]),
    ("poor", &[Health]),
    ("offline", &[Health]),
    ("지연", &[Latency]),
    ("지연시간", &[Latency]),
    ("레이턴시", &[Latency]),
    ("응답시간", &[Latency]),
    ("응답속도", &[Latency]),
    ("속도", &[Latency]),
    ("느려", &[Latency]),
    ("느린", &[Latency]),
    ("느림", &[Latency]),
    ("느리", &[Latency]),
    ("빠른", &[Latency]),
    ("빨라", &[Latency]),
    ("빠르", &[Latency]),
    ("latency", &[Latency]),
    ("latencies", &[Latency]),
    ("slow", &[Latency]),
    ("slower", &[Latency]),
    ("sluggish", &[Latency]),
    ("fast", &[Latency]),
    ("faster", &[Latency]),
    ("speed", &[Latency]),
    ("lag", &[Latency]),
    ("laggy", &[Latency]),
    ("delay", &[Latency]),
    ("ms", &[Latency]),
    ("p95", &[Latency]),
    ("response time", &[Latency]),
    ("제일빠른", &[Fastest]),
    ("가장빠른", &[Fastest]),
    ("젤빠른", &[Fastest]),
    ("제일좋은", &[Fastest]),
    ("가장좋은", &[Fastest]),
    ("최적", &[Fastest]),
    ("fastest", &[Fastest]),
    ("quickest", &[Fastest]),
    ("best", &[Fastest]),
    ("optimal", &[Fastest]),
    ("제일싼", &[Cheapest]),
    ("가장싼", &[Cheapest]),
    ("젤싼", &[Cheapest]),
    ("싼", &[Cheapest]),
    ("저렴", &[Cheapest]),
    ("저렴한", &[Cheapest]),
    ("비용", &[Cheapest]),
    ("가격", &[Cheapest]),
    ("요금", &[Cheapest]),
    ("cheapest", &[Cheapest]),
    ("cheaper", &[Cheapest]),
    ("cheap", &[Cheapest]),
    ("cost", &[Cheapest]),
    ("costs", &[Cheapest]),
    ("price", &[Cheapest]),
    ("pricing", &[Cheapest]),
    // routing
    ("라우팅", &[Routing]),
    ("라우트", &[Routing]),
    ("경로", &[Routing]),
    ("트래픽", &[Routing]),
    ("어디로", &[Routing, Question]),
    ("프라이머리", &[Routing]),
    ("주채널", &[Routing, Role]),
    ("폴백", &[Routing, Role]),
    ("예비", &[Routing, Role]),
    ("추천", &[Routing]),
    ("권장", &[Routing]),
    ("우선순위", &[Routing]),
    ("routing", &[Routing]),
    ("route", &[Routing]),
    ("routes", &[Routing]),
    ("router", &[Routing]),
    ("traffic", &[Routing]),
    ("primary", &[Routing, Role]),
    ("fallback", &[Routing, Role]),
    ("fallbacks", &[Routing]),
    ("failover", &[Routing]),
    ("recommend", &[Routing]),
    ("recommendation", &[Routing]),
    ("recommended", &[Routing]),
    ("priority", &[Routing]),
    ("which channel", &[Routing]),
    // recovery
    ("복구", &[Recovery]),
    ("리커버리", &[Recovery]),
    ("회복", &[Recovery]),
    ("복원", &[Recovery]),
    ("자가치유", &[Auto, Recovery]),
    ("recovery", &[Recovery]),
    ("recovering", &[Recovery, Stative]),
    ("remediation", &[Recovery]),
    ("recover", &[Recovery, Run]),
    ("remediate", &[Recovery, Run]),
    ("heal", &[Recovery, Run]),
    ("recoveries", &[Recovery]),
    ("조치", &[Recovery]),
    ("해결", &[Recovery]),
    ("고쳐", &[Recovery, Run]),
    ("고치", &[Recovery, Run]),
    ("fix", &[Recovery, Run]),
    ("fixes", &[Recovery]),
    ("remedy", &[Recovery]),
    ("action", &[Recovery]),
    ("actions", &[Recovery]),
    // recovery's alert state, cleared by `recovery.reset`
    ("에스컬레이션", &[Escalation]),
    ("실패횟수", &[Escalation]),
    ("실패카운트", &[Escalation]),
    ("백오프", &[Escalation]),
    ("쿨다운", &[Escalation]),
    ("escalation", &[Escalation]),
    ("escalations", &[Escalation]),
    ("escalated", &[Escalation, Stative]),
    ("failure count", &[Escalation]),
    ("failure counter", &[Escalation]),
    ("backoff", &[Escalation]),
    ("cooldown", &[Escalation]),
    ("점검", &[Silence]),
    ("음소거", &[Silence]),
    ("무음", &[Silence]),
    ("silence", &[Silence]),
    ("mute", &[Silence]),
    ("silencing", &[Silence]),
    ("muting", &[Silence]),
    ("snooze", &[Silence]),
    ("maintenance", &[Silence]),
    ("리셋", &[Reset]),
    ("초기화", &[Reset]),
    ("reset", &[Reset]),
    ("clear", &[Reset]),
    ("재시작", &[Restart]),
    ("재기동", &[Restart]),
    ("리스타트", &[Restart]),
    ("재부팅", &[Restart]),
    ("리부트", &[Restart]),
    ("재실행", &[Restart]),
    ("restart", &[Restart]),
    ("reboot", &[Restart]),
    ("bounce", &[Restart]),
    ("respawn", &[Restart]),
    ("restarted", &[Restart, Stative]),
    ("워커", &[Worker]),
    ("작업자", &[Worker]),
    ("worker", &[Worker]),
    ("workers", &[Worker]),
    ("실행", &[Run]),
    ("돌려", &[Run]),
    ("수행", &[Run]),
    ("진행", &[Run]),
    ("시작", &[Run]),
    ("트리거", &[Run]),
    ("가동", &[Run]),
    ("발동", &[Run]),
    ("run", &[Run]),
    ("execute", &[Run]),
    ("trigger", &[Run]),
    ("start", &[Run]),
    ("launch", &[Run]),
    ("perform", &[Run]),
    ("kick off", &[Run]),
    ("go ahead", &[Run]),
    ("do it", &[Run]),
    ("apply", &[Run, Apply]),
    ("적용", &[Run, Apply]),
    // toggles
    ("자동", &[Auto]),
    ("오토", &[Auto]),
    ("자율", &[Auto]),
    ("자동복구", &[Auto, Recovery]),
    ("auto", &[Auto]),
    ("automatic", &[Auto]),
    ("autonomous", &[Auto]),
    ("autopilot", &[Auto]),
    ("autorecover", &[Auto, Recovery]),
    ("autorecovery", &[Auto, Recovery]),
    ("autoheal", &[Auto, Recovery]),
    ("켜", &[On]),
    ("켜기", &[On]),
    ("켤", &[On]),
    ("켬", &[On]),
    ("활성화", &[On]),
    ("활성", &[On]),
    ("on", &[On]),
    ("enable", &[On]),
    ("activate", &[On]),
    ("turn on", &[On]),
    ("switch on", &[On]),
    ("꺼", &[Off]),
    ("끄", &[Off]),
    ("끔", &[Off]),
    ("끌", &[Off]),
    ("비활성화", &[Off]),
    ("비활성", &[Off]),
    ("off", &[Off]),
    ("disable", &[Off]),
    ("deactivate", &[Off]),
    ("turn off", &[Off]),
    ("switch off", &[Off]),
    ("켜져", &[On, Stative]),
    ("켜진", &[On, Stative]),
    ("켜짐", &[On, Stative]),
    ("꺼져", &[Off, Stative]),
    ("꺼진", &[Off, Stative]),
    ("꺼짐", &[Off, Stative]),
    ("enabled", &[On, Stative]),
    ("active", &[On, Stative]),
    ("disabled", &[Off, Stative]),
    ("inactive", &[Off, Stative]),
    ("중지", &[Stop]),
    ("정지", &[Stop]),
    ("멈춰", &[Stop]),
    ("멈춤", &[Stop]),
    ("멈추", &[Stop]),
    ("중단", &[Stop]),
    ("stop", &[Stop]),
    ("halt", &[Stop]),
    ("stopped", &[Stop, Stative]),
    ("전환", &[Switch]),
    ("바꿔", &[Switch]),
    ("바꾸", &[Switch]),
    ("변경", &[Switch]),
    ("사용", &[Switch]),
    ("switch", &[Switch]),
    ("change", &[Switch]),
    ("use", &[Switch]),
    ("모니터링", &[Monitoring]),
    ("모니터", &[Monitoring]),
    ("감시", &[Monitoring]),
    ("헬스기반", &[Monitoring]),
    ("monitoring", &[Monitoring]),
    ("monitor", &[Monitoring]),
    ("health based", &[Monitoring]),
    ("정적", &[Static]),
    ("고정", &[Static]),
    ("수동", &[Static]),
    ("static", &[Static]),
    ("fixed", &[Static]),
    ("manual", &[Static]),
    // explanations, history, prediction
    ("왜", &[Why, Question]),
    ("어째서", &[Why, Question]),
    ("이유", &[Why]),
    ("원인", &[Why]),
    ("근거", &[Why]),
    ("설명", &[Why]),
    ("why", &[Why]),
    ("reason", &[Why]),
    ("reasons", &[Why]),
    ("explain", &[Why]),
    ("explanation", &[Why]),
    ("cause", &[Why]),
    ("how come", &[Why]),
    ("추이", &[Trend]),
    ("추세", &[Trend]),
    ("트렌드", &[Trend]),
    ("변화", &[Trend]),
    ("흐름", &[Trend]),
    ("히스토리", &[Trend]),
    ("로그", &[Trend]),
    ("이력", &[Trend]),
    ("기록", &[Trend]),
    ("그래프", &[Trend]),
    ("스파크라인", &[Trend]),
    ("시간별", &[Trend]),
    ("시간대별", &[Trend]),
    ("trend", &[Trend]),
    ("trends", &[Trend]),
    ("history", &[Trend]),
    ("log", &[Trend]),
    ("logs", &[Trend]),
    ("audit", &[Trend]),
    ("historical", &[Trend]),
    ("graph", &[Trend]),
    ("sparkline", &[Trend]),
    ("chart", &[Trend]),
    ("hourly", &[Trend]),
    ("over time", &[Trend]),
    ("예측", &[Forecast]),
    ("전망", &[Forecast]),
    ("예상", &[Forecast]),
    ("forecast", &[Forecast]),
    ("predict", &[Forecast]),
    ("prediction", &[Forecast]),
    ("projection", &[Forecast]),
    ("outlook", &[Forecast]),
    ("next hour", &[Forecast]),
    // export
    ("내보내기", &[Export]),
    ("내보내", &[Export]),
    ("내보낼", &[Export]),
    ("익스포트", &[Export]),
    ("추출", &[Export]),
    ("저장", &[Export]),
    ("덤프", &[Export]),
    ("다운로드", &[Export]),
    ("export", &[Export]),
    ("save", &[Export]),
    ("dump", &[Export]),
    ("download", &[Export]),
    ("대시보드", &[Dashboard]),
    ("리포트", &[Dashboard]),
    ("보고서", &[Dashboard]),
    ("컨텍스트", &[Dashboard]),
    ("dashboard", &[Dashboard]),
    ("report", &[Dashboard]),
    ("context", &[Dashboard]),
    ("json", &[Dashboard]),
    ("파일", &[Dashboard]),
    ("html", &[Dashboard]),
    ("file", &[Dashboard]),
    // poller control
    ("새로고침", &[Refresh]),
    ("갱신", &[Refresh]),
    ("리프레시", &[Refresh]),
    ("리프레쉬", &[Refresh]),
    ("리로드", &[Refresh]),
    ("업데이트", &[Refresh]),
    ("refresh", &[Refresh]),
    ("reload", &[Refresh]),
    ("update", &[Refresh]),
    ("rescan", &[Refresh]),
    ("poll now", &[Refresh]),
    ("일시정지", &[Pause]),
    ("일시중지", &[Pause]),
    ("잠깐멈춰", &[Pause]),
    ("잠시멈춰", &[Pause]),
    ("pause", &[Pause]),
    ("freeze", &[Pause]),
    ("suspend", &[Pause]),
    ("paused", &[Pause, Stative]),
    ("pausing", &[Pause]),
    ("재개", &[Resume]),
    ("다시시작", &[Resume]),
    ("계속", &[Resume]),
    ("resume", &[Resume]),
    ("continue", &[Resume]),
    ("unpause", &[Resume]),
    ("unfreeze", &[Resume]),
    ("start again", &[Resume]),
    ("폴링", &[Poller]),
    ("폴러", &[Poller]),
    ("수집", &[Poller]),
    ("프로브", &[Poller]),
    ("polling", &[Poller]),
    ("poller", &[Poller]),
    ("probe", &[Poller]),
    ("probes", &[Poller]),
    ("probing", &[Poller]),
    // help and quit
    ("도움말", &[Help]),
    ("도움", &[Help]),
    ("도와", &[Help]),
    ("헬프", &[Help]),
    ("사용법", &[Help]),
    ("명령어", &[Help]),
    ("매뉴얼", &[Help]),
    ("help", &[Help]),
    ("usage", &[Help]),
    ("commands", &[Help]),
    ("종료", &[Quit, Stop]),
    ("나가기", &[Quit]),
    ("나가", &[Quit]),
    ("나갈", &[Quit]),
    ("끝내", &[Quit]),
    ("끝내기", &[Quit]),
    ("끝낼", &[Quit]),
    ("닫기", &[Quit]),
    ("닫아", &[Quit]),
    ("닫을", &[Quit]),
    ("잘있어", &[Quit]),
    ("안녕히", &[Quit]),
    ("quit", &[Quit]),
    ("exit", &[Quit]),
    ("close", &[Quit]),
    ("leave", &[Quit]),
    ("bye", &[Quit]),
    ("goodbye", &[Quit]),
    ("byebye", &[Quit]),
    ("cya", &[Quit]),
    ("logout", &[Quit]),
    ("log out", &[Quit]),
    ("log off", &[Quit]),
    ("sign off", &[Quit]),
    ("good night", &[Quit]),
    ("goodnight", &[Quit]),
    ("see you", &[Quit]),
    ("see ya", &[Quit]),
    ("q", &[Quit]),
    ("콘솔", &[App]),
    ("프로그램", &[App]),
    ("앱", &[App]),
    ("화면", &[App]),
    ("console", &[App]),
    ("program", &[App]),
    ("app", &[App]),
    ("application", &[App]),
    ("tui", &[App]),
    ("session", &[App]),
    // mood words
    ("필요", &[Need]),
    ("해야", &[Need]),
    ("돼야", &[Need]),
    ("되야", &[Need]),
    ("할지", &[Need, Question]),
    // -아야/-어야 + 하다/되다: "돌려야 해", "켜야 돼" — must, not do.
    ("야하", &[Need]),
    ("야할", &[Need]),
    ("야돼", &[Need]),
    ("야되", &[Need]),
    ("야겠", &[Need]),
    ("야지", &[Need]),
    ("것같", &[Need]),
    ("need", &[Need]),
    ("needs", &[Need]),
    ("needed", &[Need]),
    ("necessary", &[Need]),
    ("should", &[Need]),
    ("must", &[Need]),
    ("required", &[Need]),
    ("require", &[Need]),
    ("requires", &[Need]),
    ("ought", &[Need]),
    ("have to", &[Need]),
    ("got to", &[Need]),
    ("있", &[Stative]),
    ("됐", &[Stative]),
    ("됬", &[Stative]),
    ("됨", &[Stative]),
    ("되어", &[Stative]),
    ("되었", &[Stative]),
    ("했", &[Stative]),
    ("였", &[Stative]),
    ("었", &[Stative]),
    // "중" alone is checked as a sentence ending (`mood`): inside a run it may be 중지 (stop).
    ("중이", &[Stative]),
    ("완료", &[Stative]),
    ("running", &[Stative]),
    ("ran", &[Stative]),
    ("started", &[Stative]),
    ("done", &[Stative]),
    ("happened", &[Stative, Overall]),
    ("happening", &[Stative]),
    ("executed", &[Stative]),
    ("triggered", &[Stative]),
    ("already", &[Stative]),
    ("currently", &[Stative]),
    ("않", &[Negation]),
    ("지마", &[Negation]),
    ("지말", &[Negation]),
    ("말아", &[Negation]),
    ("말고", &[Negation]),
    ("마라", &[Negation]),
    ("안해", &[Negation]),
    ("안돼", &[Negation]),
    ("안되", &[Negation]),
    ("안켜", &[Negation]),
    ("안꺼", &[Negation]),
    ("안함", &[Negation]),
    ("안하", &[Negation]),
    ("안할", &[Negation]),
    ("못해", &[Negation]),
    ("금지", &[Negation]),
    ("not", &[Negation]),
    ("no", &[Negation]),
    ("never", &[Negation]),
    ("dont", &[Negation]),
    ("don", &[Negation]),
    ("doesn", &[Negation]),
    ("didn", &[Negation]),
    ("without", &[Negation]),
    ("hold off", &[Negation]),
    // undoing words (see `Concept::Invert`)
    ("해제", &[Invert]),
    ("취소", &[Invert]),
    ("풀어", &[Invert]),
    ("풀기", &[Invert]),
    ("풀고", &[Invert]),
    ("되돌려", &[Invert]),
    ("원복", &[Invert]),
    ("그만", &[Enough]),
    ("cancel", &[Invert]),
    ("abort", &[Invert]),
    ("undo", &[Invert]),
    ("revert", &[Invert]),
    ("lift", &[Invert]),
    // time: what happened (trend) or what will (forecast)
    ("지난", &[Past]),
    ("최근", &[Past]),
    ("어제", &[Past]),
    ("아까", &[Past]),
    ("지금까지", &[Past]),
    ("밤새", &[Past, Trend]),
    ("어땠", &[Status, Question, Past]),
    ("변했", &[Trend]),
    ("달라졌", &[Trend]),
    ("뭐했", &[Question, Past]),
    ("last", &[Past]),
    ("past", &[Past]),
    ("ago", &[Past]),
    ("yesterday", &[Past]),
    ("earlier", &[Past]),
    ("recent", &[Past]),
    ("recently", &[Past]),
    ("lately", &[Past]),
    ("since", &[Past]),
    ("so far", &[Past]),
    ("overnight", &[Past, Trend]),
    ("changed", &[Trend]),
    ("happen", &[Overall]),
    ("앞으로", &[Future]),
    ("향후", &[Future]),
    ("다음", &[Future]),
    ("나중", &[Future]),
    ("내일", &[Future]),
    ("곧", &[Future]),
    ("예정", &[Future]),
    ("will", &[Future]),
    ("going to", &[Future]),
    ("gonna", &[Future]),
    ("later", &[Future]),
    ("soon", &[Future]),
    ("tomorrow", &[Future]),
    ("upcoming", &[Future]),
    ("from now", &[Future]),
    ("next", &[Future]),
    ("expect", &[Forecast]),
    ("expected", &[Forecast]),
    ("뭐", &[Question]),
    ("뭔", &[Question]),
    ("뭘", &[Question]),
    ("무엇", &[Question]),
    ("무슨", &[Question]),
    ("어떤", &[Question]),
    ("어느", &[Question]),
    ("어디", &[Question]),
    ("언제", &[Question]),
    ("얼마", &[Question]),
    ("몇", &[Question]),
    ("어떻게", &[Question]),
    ("누구", &[Question]),
    ("맞아", &[Question]),
    ("맞나", &[Question]),
    ("whether", &[Question]),
];

/// Whole phrases that name an intent by themselves (compared like `WORDS`).
pub const PHRASES: &[(&str, Intent)] = &[
    ("do what you recommend", Intent::RecoveryRun),
    ("do what you recommended", Intent::RecoveryRun),
    ("do what you suggest", Intent::RecoveryRun),
    ("do what you suggested", Intent::RecoveryRun),
    ("do as you recommend", Intent::RecoveryRun),
    ("follow the recommendation", Intent::RecoveryRun),
    ("follow your recommendation", Intent::RecoveryRun),
    ("apply the recommendation", Intent::RecoveryRun),
    ("what did recovery do", Intent::RecoveryHistory),
    ("what did the recovery do", Intent::RecoveryHistory),
    ("what has recovery done", Intent::RecoveryHistory),
    ("what recovery did", Intent::RecoveryHistory),
    ("i m done", Intent::Quit),
    ("im done", Intent::Quit),
    ("that s all", Intent::Quit),
    ("thats all", Intent::Quit),
    ("뭐할수있", Intent::Help),
    ("뭘할수있", Intent::Help),
    ("무엇을할수있", Intent::Help),
    ("뭐해줄수있", Intent::Help),
    ("어떻게써", Intent::Help),
    ("어떻게사용", Intent::Help),
    ("what can you do", Intent::Help),
    ("what can i ask", Intent::Help),
    ("what can i say", Intent::Help),
    ("how do i use", Intent::Help),
    ("how to use", Intent::Help),
    ("어디로보내", Intent::Routing),
    ("where should traffic", Intent::Routing),
    ("where to send", Intent::Routing),
    ("which one should", Intent::Routing),
];

/// Korean transliterations and short forms of the demo channels' names. They apply only
/// when a channel of that name exists.
pub const CHANNEL_ALIASES: &[(&str, &[&str])] = &[
    ("gateway", &["게이트웨이", "게웨", "gw"]),
    ("cloud", &["클라우드", "클라우디"]),
    ("local", &["로컬", "로칼"]),
];

/// Particles and verb endings that follow a Korean word (stripped by `normalize`,
/// and counted as understood by the matcher).
pub const ENDINGS: &[&str] = &[
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "에서",
    "에게",
    "한테",
    "께",
    "로",
    "으로",
    "의",
    "도",
    "만",
    "와",
    "과",
    "랑",
    "이랑",
    "하고",
    "까지",
    "부터",
    "보다",
    "처럼",
    "요",
    "야",
    "이야",
    "여",
    "니",
    "냐",
    "나",
    "까",
    "지",
    "죠",
    "어",
    "아",
    "해",
    "줘",
    "봐",
    "라",
    "자",
    "다",
    "임",
    "음",
    "함",
    "은요",
    "는요",
    "이요",
    "해요",
    "해줘",
    "해줘요",
    "해주세요",
    "주세요",
    "줄래",
    "줄래요",
    "해줄래",
    "하세요",
    "합니다",
    "합니까",
    "습니다",
    "습니까",
    "입니다",
    "입니까",
    "인가",
    "인가요",
    "나요",
    "까요",
    "니까",
    "이니",
    "이냐",
    "인지",
    "는지",
    "을까",
    "할까",
    "해라",
    "하자",
    "해봐",
    "알려줘",
    "알려주세요",
    "보여줘",
    "보여주세요",
    "말해줘",
    "부탁해",
    "이에요",
    "예요",
    "에요",
    "이죠",
    "좀",
];

/// Courtesy and filler words: understood, but carrying no meaning of their own.
pub const FILLERS: &[&str] = &[
    // Korean
    "좀",
    "지금",
    "현재",
    "당장",
    "빨리",
    "얼른",
    "바로",
    "한번",
    "제발",
    "그냥",
    "혹시",
    "알려줘",
    "알려",
    "보여줘",
    "보여",
    "말해줘",
    "말해",
    "확인",
    "체크",
    "보기",
    "보자",
    "봐줘",
    "궁금",
    "싶어",
    "싶",
    "해줄래",
    "줄래",
    "주라",
    "해",
    "해줘",
    "줘",
    "주세요",
    "하세요",
    "하자",
    "해요",
    "것",
    "거",
    "건",
    "게",
    "걸",
    "수",
    "할",
    "하",
    "하는",
    "한",
    "된",
    "되",
    "돼",
    "기반",
    "모드",
    "방식",
    "쪽",
    "우리",
    "내",
    "너",
    "네",
    "저",
    "제",
    "님",
    "ㅋ",
    "ㄱ",
    "ㄱㄱ",
    "고고",
    "ㅎ",
    "ㅠ",
    "ㅜ",
    "그럼",
    "그리고",
    "근데",
    "그래서",
    "더",
    "부탁",
    "부탁해",
    "드려요",
    "봐",
    "줄",
    "정도",
    "각",
    "각각",
    "들",
    "및",
    "관련",
    "대해",
    "정보",
    "내용",
    "지금은",
    "일단",
    "다시",
    "모든",
    "모두",
    "다음",
    "분",
    "시간",
    "동안",
    "후",
    "뒤",
    // English
    "the",
    "a",
    "an",
    "is",
    "are",
    "am",
    "was",
    "were",
    "be",
    "been",
    "do",
    "does",
    "did",
    "to",
    "of",
    "for",
    "in",
    "at",
    "by",
    "with",
    "from",
    "into",
    "me",
    "us",
    "we",
    "our",
    "you",
    "your",
    "i",
    "my",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "please",
    "pls",
    "plz",
    "show",
    "tell",
    "give",
    "get",
    "check",
    "see",
    "display",
    "list",
    "let",
    "lets",
    "can",
    "could",
    "would",
    "will",
    "shall",
    "may",
    "might",
    "now",
    "current",
    "right",
    "just",
    "any",
    "some",
    "about",
    "how",
    "what",
    "whats",
    "which",
    "who",
    "when",
    "where",
    "s",
    "t",
    "re",
    "ll",
    "ve",
    "d",
    "m",
    "hey",
    "hi",
    "hello",
    "ok",
    "okay",
    "thanks",
    "thank",
    "so",
    "and",
    "or",
    "then",
    "if",
    "mode",
    "based",
    "look",
    "looks",
    "like",
    "info",
    "information",
    "details",
    "detail",
    "quick",
    "doing",
    "going",
    "go",
    "all",
    "each",
    "every",
    "per",
    "one",
    "they",
    "them",
    "their",
    "has",
    "have",
    "had",
    "want",
    "know",
    "again",
    "minutes",
    "minute",
    "min",
    "mins",
    "hours",
    "hour",
    "h",
    "next",
    "much",
    "many",
    "more",
    "isn",
    "aren",
];

/// Korean sentence endings that make a question (checked at the end of a Hangul run).
pub const QUESTION_ENDINGS: &[&str] = &[
    "습니까",
    "입니까",
    "니까",
    "인가요",
    "나요",
    "까요",
    "는지",
    "는가",
    "인가",
    "을까",
    "할까",
    "될까",
    "을래",
    "할래",
    "니",
    "냐",
    "나",
    "까",
    "죠",
    "지요",
    "래",
    "지",
    "가요",
];

/// Korean endings that make a request ("복구해줘"): a verb for the noun before them.
pub const IMPERATIVE_ENDINGS: &[&str] = &[
    "해주세요",
    "해줘요",
    "해줘",
    "해주라",
    "해라",
    "하자",
    "합시다",
    "하세요",
    "해봐",
    "시켜줘",
    "시켜",
    "해",
    "부탁해",
    "부탁해요",
    "부탁드려요",
    "부탁합니다",
    "부탁",
    "해요",
    "좀",
    "고고",
    "ㄱㄱ",
    "요망",
    "바람",
];

/// English words that open a question ("is…", "should we…", "do we need…").
pub const QUESTION_LEADS: &[&str] = &[
    "is", "are", "am", "was", "were", "should", "shall", "can", "could", "would", "will", "has",
    "have", "had", "must", "may", "might", "what", "whats", "which", "why", "how", "when", "where",
    "who", "whose", "isn", "aren", "any",
];

/// `do`/`does`/`did` open a question only before a subject ("do we…"), not in "do it".
pub const AUX_DO: &[&str] = &["do", "does", "did"];
pub const SUBJECTS: &[&str] = &["we", "i", "you", "it", "they", "he", "she", "this", "that"];

/// Words kept as data (`assets/chatops/words.txt`, one `surface = concept concept` a
/// line): the vocabulary grows there, not in Rust literals. Compiled in and read once;
/// a test checks that every line is well formed and folded.
pub const WORDS_FILE: &str = include_str!("../../assets/chatops/words.txt");

/// One line of `WORDS_FILE`: its surface and concepts, or why it cannot be read.
pub fn word_line(line: &str) -> Option<Result<(&str, Concepts), String>> {
    let text = line.split('#').next().unwrap_or("").trim();
    if text.is_empty() {
        return None;
    }
    let Some((surface, names)) = text.split_once('=') else {
        return Some(Err(format!("no `=` in {line:?}")));
    };
    let mut set = Concepts::default();
    for n in names.split_whitespace() {
        match Concept::from_name(n) {
            Some(c) => set.insert(c),
            None => return Some(Err(format!("no concept {n:?} in {line:?}"))),
        }
    }
    if set.is_empty() || surface.trim().is_empty() {
        return Some(Err(format!("empty surface or concepts in {line:?}")));
    }
    Some(Ok((surface.trim(), set)))
}

/// The well-formed lines of `WORDS_FILE` (all of them: a test checks).
pub fn file_words() -> &'static [(&'static str, Concepts)] {
    static LIST: LazyLock<Vec<(&'static str, Concepts)>> = LazyLock::new(|| {
        WORDS_FILE
            .lines()
            .filter_map(word_line)
            .filter_map(Result::ok)
            .collect()
    });
    &LIST
}

/// Grammar kept as data (`assets/chatops/acts.txt`, `kind = a | b` lines): the markers
/// the speech-act layer reads, and words that mean nothing by themselves.
pub const ACTS_FILE: &str = include_str!("../../assets/chatops/acts.txt");

/// The kinds `ACTS_FILE` may list.
pub const GRAMMAR_KINDS: [&str; 8] = [
    "hedge_en",
    "hedge_ko",
    "doer",
    "request",
    "request_en",
    "request_lead",
    "filler",
    "emoji",
];

/// The entries of one kind of `ACTS_FILE` (empty for a kind it does not list).
pub fn grammar(kind: &str) -> &'static [&'static str] {
    static MAP: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for line in ACTS_FILE.lines() {
            let text = line.split('#').next().unwrap_or("").trim();
            if let Some((kind, items)) = text.split_once('=') {
                let list = map.entry(kind.trim()).or_default();
                list.extend(items.split('|').map(str::trim).filter(|w| !w.is_empty()));
            }
        }
        map
    });
    MAP.get(kind).map_or(&[], Vec::as_slice)
}

/// The word an emoji stands for (`emoji` in `ACTS_FILE`: "📈 trend"), if any.
pub fn emoji_word(c: char) -> Option<&'static str> {
    grammar("emoji").iter().find_map(|e| {
        let (emoji, word) = e.split_once(' ')?;
        (emoji.chars().eq(std::iter::once(c))).then_some(word.trim())
    })
}

/// English words near the vocabulary that are words of their own ("safe", "cloudy"),
/// sorted; written by `scripts/chatops-real-words.py`.
pub const REAL_WORDS_FILE: &str = include_str!("../../assets/chatops/real-words.txt");

/// Whether `w` is an English word of its own, which a typo correction must leave alone.
pub fn is_real_word(w: &str) -> bool {
    static LIST: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        REAL_WORDS_FILE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    });
    LIST.binary_search(&w).is_ok()
}

/// Whether `w` is one of the meaning-carrying Hangul/Latin terms (protects it from having
/// an "ending" stripped: `게이트웨이` ends in `이` but is a word).
pub fn is_term(w: &str) -> bool {
    static TERMS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        let words = WORDS.iter().map(|(s, _)| *s);
        let words = words.chain(file_words().iter().map(|(s, _)| *s));
        let phrases = PHRASES.iter().map(|(s, _)| *s);
        let aliases = CHANNEL_ALIASES
            .iter()
            .flat_map(|(n, a)| a.iter().copied().chain([*n]));
        words.chain(phrases).chain(aliases).collect()
    });
    TERMS.contains(w)
}

/// Whether `w` is a particle, ending or courtesy word (hashed once: this is asked for every
/// stretch of text the vocabulary did not explain).
pub fn is_filler(w: &str) -> bool {
    static SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        let file = grammar("filler").iter();
        FILLERS.iter().chain(ENDINGS).chain(file).copied().collect()
    });
    SET.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chatops::normalize::fold;

    #[test]
    fn entries_are_already_folded() {
        let all = WORDS
            .iter()
            .map(|(s, _)| *s)
            .chain(PHRASES.iter().map(|(s, _)| *s))
            .chain(
                CHANNEL_ALIASES
                    .iter()
                    .flat_map(|(n, a)| a.iter().copied().chain([*n])),
            )
            .chain(ENDINGS.iter().copied())
            .chain(FILLERS.iter().copied());
        for s in all {
            assert_eq!(fold(s), s, "{s:?} is not NFC lower case");
            assert!(!s.is_empty());
        }
    }

    #[test]
    fn no_surface_is_listed_twice() {
        let mut seen = std::collections::HashSet::new();
        for (s, _) in WORDS {
            assert!(seen.insert(*s), "{s} listed twice");
        }
        for (s, _) in file_words() {
            assert!(seen.insert(*s), "{s} listed twice (words.txt)");
        }
    }

    #[test]
    fn the_words_file_is_well_formed_and_folded() {
        let mut n = 0;
        for line in WORDS_FILE.lines() {
            if let Some(r) = word_line(line) {
                let (surface, _) = r.unwrap_or_else(|e| panic!("assets/chatops/words.txt: {e}"));
                assert_eq!(fold(surface), surface, "{surface:?} is not NFC lower case");
                let latin = surface
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ');
                let hangul = surface.chars().all(|c| !c.is_ascii());
                assert!(latin || hangul, "{surface:?} mixes scripts or punctuation");
                n += 1;
            }
        }
        assert_eq!(file_words().len(), n);
        assert!(word_line("x = nonsense").is_some_and(|r| r.is_err()));
    }

    #[test]
    fn the_grammar_file_is_well_formed_and_folded() {
        for line in ACTS_FILE.lines() {
            let text = line.split('#').next().unwrap_or("").trim();
            if text.is_empty() {
                continue;
            }
            let (kind, items) = text.split_once('=').expect("`kind = a | b`");
            assert!(
                GRAMMAR_KINDS.contains(&kind.trim()),
                "unknown kind in {line:?}"
            );
            for w in items.split('|').map(str::trim) {
                assert!(!w.is_empty() && fold(w) == w, "{w:?} in {line:?}");
                if kind.trim() == "emoji" {
                    let (e, word) = w.split_once(' ').expect("`emoji word`");
                    let c = e.chars().next().expect("an emoji");
                    assert_eq!(emoji_word(c), Some(word), "{w:?}");
                    assert!(is_term(word), "{word} is not vocabulary");
                }
            }
        }
        for kind in GRAMMAR_KINDS {
            assert!(!grammar(kind).is_empty(), "{kind}");
        }
        let old: HashSet<&str> = FILLERS.iter().chain(ENDINGS).copied().collect();
        for w in grammar("filler") {
            assert!(!old.contains(w), "{w} is already a filler");
        }
    }

    #[test]
    fn real_words_are_sorted_and_not_vocabulary() {
        let list: Vec<&str> = REAL_WORDS_FILE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        assert!(list.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        for w in &list {
            assert!(!is_term(w), "{w} is vocabulary");
        }
        assert!(is_real_word("safe") && is_real_word("cloudy"));
        assert!(!is_real_word("save") && !is_real_word("stauts"));
    }

    #[test]
    fn concept_names_round_trip() {
        for (name, c) in Concept::NAMED {
            assert_eq!(Concept::from_name(name), Some(c));
        }
        assert_eq!(Concept::from_name("Status"), None);
    }

    #[test]
    fn concept_sets() {
        let s = Concepts::of(&[Recovery, Run]);
        assert!(s.has(Recovery) && s.has(Run) && !s.has(Need));
        assert!(s.any(&[Need, Run]));
        assert!(Concepts::default().is_empty());
    }
}
