//! The intent engine against a table of utterances an operator might type (Korean and
//! English; spacing, particles, polite forms, typos, NFD, mixed scripts, channel names,
//! off-topic), each with its expected intent, channel argument and language.

use switchboard::chatops::{Engine, Intent};
use unicode_normalization::UnicodeNormalization;

const CHANNELS: [&str; 3] = ["Local", "Cloud", "Gateway"];

/// (utterance, intent id, args.channel, lang)
const TABLE: &[(&str, &str, Option<&str>, &str)] = &[
    // status
    ("오케스트레이션 상태", "status", None, "ko"),
    ("오케스트레이션상태", "status", None, "ko"),
    ("오케스트레이션 상태 알려줘", "status", None, "ko"),
    ("오케스트레이션상태알려줘", "status", None, "ko"),
    ("오케스트레이션 상태 좀 보여주세요", "status", None, "ko"),
    ("오케스트레이션 상태는?", "status", None, "ko"),
    ("오케스트레이션 상태는요?", "status", None, "ko"),
    ("오케스트레이선 상태", "status", None, "ko"),
    ("오케스트래이션 상태", "status", None, "ko"),
    ("오케스트레이션 상테", "status", None, "ko"),
    ("전체 상태", "status", None, "ko"),
    ("전체상태 알려줘", "status", None, "ko"),
    ("전체 현황", "status", None, "ko"),
    ("지금 상황 어때?", "status", None, "ko"),
    ("시스템 상태 어때요", "status", None, "ko"),
    ("상태", "status", None, "ko"),
    ("상태 요약", "status", None, "ko"),
    ("현황 보여줘", "status", None, "ko"),
    ("전반적인 상태 알려주세요", "status", None, "ko"),
    ("status", "status", None, "en"),
    ("Status", "status", None, "en"),
    ("STATUS!", "status", None, "en"),
    ("ＳＴＡＴＵＳ", "status", None, "en"),
    ("stauts", "status", None, "en"),
    ("show me the status", "status", None, "en"),
    ("overall status please", "status", None, "en"),
    ("orchestration status", "status", None, "en"),
    ("orchestraton status", "status", None, "en"),
    ("what's the overall health?", "status", None, "en"),
    ("system overview", "status", None, "en"),
    ("give me a summary", "status", None, "en"),
    ("sitrep", "status", None, "en"),
    ("how is everything?", "status", None, "en"),
    ("대시보드", "status", None, "ko"),
    // channels
    ("채널 건강", "channels", None, "ko"),
    ("채널 건강은?", "channels", None, "ko"),
    ("채널건강", "channels", None, "ko"),
    ("채널 상태", "channels", None, "ko"),
    ("채널 상태 보여줘", "channels", None, "ko"),
    ("채널들 상태는 어때?", "channels", None, "ko"),
    ("채널 헬스체크", "channels", None, "ko"),
    // One hand slip in each word is still those words.
    ("채녈 건걍", "channels", None, "ko"),
    ("채뇰 겐걍", "unknown", None, "ko"),
    ("로걸 상태", "channels", Some("Local"), "ko"),
    ("클라우트 상태", "channels", Some("Cloud"), "ko"),
    ("locla status", "channels", Some("Local"), "en"),
    ("Gateway 상태", "channels", Some("Gateway"), "ko"),
    ("gateway 상태", "channels", Some("Gateway"), "ko"),
    ("게이트웨이 상태", "channels", Some("Gateway"), "ko"),
    ("게이트웨이상태", "channels", Some("Gateway"), "ko"),
    ("게이트웨이 상태는?", "channels", Some("Gateway"), "ko"),
    ("게이트웨이가 괜찮아?", "channels", Some("Gateway"), "ko"),
    ("게이트웨이 살아있어?", "channels", Some("Gateway"), "ko"),
    ("게이트 웨이 상태", "channels", Some("Gateway"), "ko"),
    ("개이트웨이 상태", "channels", Some("Gateway"), "ko"),
    ("클라우드 상태", "channels", Some("Cloud"), "ko"),
    ("클라우드는 어때", "channels", Some("Cloud"), "ko"),
    ("로컬 상태 알려줘", "channels", Some("Local"), "ko"),
    ("로컬 가용성", "channels", Some("Local"), "ko"),
    ("로컬 지연", "channels", Some("Local"), "ko"),
    ("Cloud 지연시간 얼마야?", "channels", Some("Cloud"), "ko"),
    ("Gateway", "channels", Some("Gateway"), "en"),
    ("게이트웨이", "channels", Some("Gateway"), "ko"),
    ("gw", "channels", Some("Gateway"), "en"),
    ("channel health", "channels", None, "en"),
    ("Channel Health", "channels", None, "en"),
    ("channels", "channels", None, "en"),
    ("chanel health", "channels", None, "en"),
    ("channel helth", "channels", None, "en"),
    ("health", "channels", None, "en"),
    ("gateway status", "channels", Some("Gateway"), "en"),
    ("Gateway status?", "channels", Some("Gateway"), "en"),
    (
        "status of the cloud channel",
        "channels",
        Some("Cloud"),
        "en",
    ),
    ("is gateway down?", "channels", Some("Gateway"), "en"),
    ("is local up", "channels", Some("Local"), "en"),
    ("how is cloud doing", "channels", Some("Cloud"), "en"),
    ("gatway health", "channels", Some("Gateway"), "en"),
    ("latency of local", "channels", Some("Local"), "en"),
    ("show latency", "channels", None, "en"),
    ("availability", "channels", None, "en"),
    ("any channel down?", "problems", None, "en"),
    // routing
    ("라우팅 추천", "routing", None, "ko"),
    ("라우팅추천", "routing", None, "ko"),
    ("라우팅 추천해줘", "routing", None, "ko"),
    ("라우팅 추천 좀 해주세요", "routing", None, "ko"),
    ("라우팅", "routing", None, "ko"),
    ("라우팅은?", "routing", None, "ko"),
    ("라우팀 추천", "routing", None, "ko"),
    ("어디로 보내야 해?", "routing", None, "ko"),
    ("어디로보내야해", "routing", None, "ko"),
    ("트래픽 어디로 보내?", "routing", None, "ko"),
    ("가장 빠른 채널", "routing", None, "ko"),
    ("제일 빠른 채널이 뭐야?", "routing", None, "ko"),
    ("프라이머리 채널 뭐야", "routing", None, "ko"),
    ("폴백 채널", "routing", None, "ko"),
    ("정적 라우팅", "routing", None, "ko"),
    ("모니터링 기반 라우팅 켜져 있어?", "routing", None, "ko"),
    ("routing recommendation", "routing", None, "en"),
    ("routing", "routing", None, "en"),
    ("routnig", "routing", None, "en"),
    ("which channel is fastest?", "routing", None, "en"),
    ("where should traffic go?", "routing", None, "en"),
    ("what's the primary?", "routing", None, "en"),
    ("which one should we use", "routing", None, "en"),
    ("fallback channels", "routing", None, "en"),
    ("recommend a route", "routing", None, "en"),
    ("is monitoring routing on?", "routing", None, "en"),
    ("routing 추천", "routing", None, "ko"),
    // recovery.status
    ("복구 필요해?", "recovery.status", None, "ko"),
    ("복구필요해?", "recovery.status", None, "ko"),
    ("복구 필요해", "recovery.status", None, "ko"),
    ("복구가 필요한가요?", "recovery.status", None, "ko"),
    ("복구 필요합니까", "recovery.status", None, "ko"),
    ("복구 상태", "recovery.status", None, "ko"),
    ("복구", "recovery.status", None, "ko"),
    ("복구 해야 돼?", "recovery.status", None, "ko"),
    ("복구해야돼?", "recovery.status", None, "ko"),
    ("복구 실행해야 돼?", "recovery.status", None, "ko"),
    ("복구 실행할까?", "recovery.status", None, "ko"),
    ("복구할까요?", "recovery.status", None, "ko"),
    ("복구 실행 중이야?", "recovery.status", None, "ko"),
    // Whether it ran is in the audit log: a question in the past is about history.
    ("복구 실행됐어?", "recovery.history", None, "ko"),
    ("복구 실행 상태", "recovery.status", None, "ko"),
    ("복구 하지 마", "recovery.status", None, "ko"),
    ("복구하지마", "recovery.status", None, "ko"),
    ("복구 안 해도 돼?", "recovery.status", None, "ko"),
    ("워커 재시작해야 하나?", "recovery.status", None, "ko"),
    ("워커 재시작 필요해?", "recovery.status", None, "ko"),
    ("자동 복구 켜져 있어?", "recovery.status", None, "ko"),
    ("자동복구 켜져있어", "recovery.status", None, "ko"),
    ("자동 복구", "recovery.status", None, "ko"),
    ("자동 복구 끌까?", "recovery.status", None, "ko"),
    ("복구 필료해?", "recovery.status", None, "ko"),
    ("recovery", "recovery.status", None, "en"),
    ("recovery status", "recovery.status", None, "en"),
    ("recovry status", "recovery.status", None, "en"),
    ("is recovery needed?", "recovery.status", None, "en"),
    ("do we need recovery?", "recovery.status", None, "en"),
    ("do we need to run recovery", "recovery.status", None, "en"),
    ("should we run recovery?", "recovery.status", None, "en"),
    ("should I restart the worker", "recovery.status", None, "en"),
    ("can you run recovery?", "recovery.status", None, "en"),
    ("run recovery?", "recovery.status", None, "en"),
    ("is recovery running", "recovery.status", None, "en"),
    ("did recovery run?", "recovery.history", None, "en"),
    ("don't run recovery", "recovery.status", None, "en"),
    ("recovery needed", "recovery.status", None, "en"),
    ("is auto recovery on?", "recovery.status", None, "en"),
    ("auto recovery is enabled", "recovery.status", None, "en"),
    (
        "Gateway 복구 필요해?",
        "recovery.status",
        Some("Gateway"),
        "ko",
    ),
    // recovery.run
    ("복구 실행", "recovery.run", None, "ko"),
    ("복구실행", "recovery.run", None, "ko"),
    ("복구 실행해줘", "recovery.run", None, "ko"),
    ("복구 실행해 주세요", "recovery.run", None, "ko"),
    ("복구해", "recovery.run", None, "ko"),
    ("복구해줘", "recovery.run", None, "ko"),
    ("복구 좀 해줘", "recovery.run", None, "ko"),
    ("복구 돌려", "recovery.run", None, "ko"),
    ("워커 재시작", "recovery.run", None, "ko"),
    ("워커재시작해줘", "recovery.run", None, "ko"),
    ("워커 다시 시작", "recovery.run", None, "ko"),
    ("재시작", "recovery.run", None, "ko"),
    ("복구 실힝", "recovery.run", None, "ko"),
    ("run recovery", "recovery.run", None, "en"),
    ("Run Recovery!", "recovery.run", None, "en"),
    ("run recovery now", "recovery.run", None, "en"),
    ("please run recovery", "recovery.run", None, "en"),
    ("trigger recovery", "recovery.run", None, "en"),
    ("restart the worker", "recovery.run", None, "en"),
    ("restart worker", "recovery.run", None, "en"),
    ("recover", "recovery.run", None, "en"),
    ("restart gateway", "recovery.run", Some("Gateway"), "en"),
    ("run recvoery", "recovery.run", None, "en"),
    // autorecover
    ("자동 복구 켜줘", "autorecover.on", None, "ko"),
    ("자동복구 켜", "autorecover.on", None, "ko"),
    ("자동 복구 활성화", "autorecover.on", None, "ko"),
    ("자동 복구 꺼줘", "autorecover.off", None, "ko"),
    ("자동복구꺼", "autorecover.off", None, "ko"),
    ("자동 복구 중지", "autorecover.off", None, "ko"),
    ("자동 복구 비활성화해줘", "autorecover.off", None, "ko"),
    ("enable auto recovery", "autorecover.on", None, "en"),
    ("turn on autorecovery", "autorecover.on", None, "en"),
    ("auto recovery on", "autorecover.on", None, "en"),
    ("disable auto recovery", "autorecover.off", None, "en"),
    ("turn off auto-recovery", "autorecover.off", None, "en"),
    ("autorecover off", "autorecover.off", None, "en"),
    // monitoring
    ("모니터링 기반 라우팅 켜", "monitoring.on", None, "ko"),
    ("모니터링 기반 라우팅 꺼", "monitoring.off", None, "ko"),
    ("모니터링 켜줘", "monitoring.on", None, "ko"),
    ("모니터링꺼", "monitoring.off", None, "ko"),
    ("모니터링 중지", "monitoring.off", None, "ko"),
    ("정적 라우팅으로 전환", "monitoring.off", None, "ko"),
    ("정적 라우팅 사용", "monitoring.off", None, "ko"),
    ("monitoring on", "monitoring.on", None, "en"),
    ("monitoring off", "monitoring.off", None, "en"),
    (
        "enable monitoring based routing",
        "monitoring.on",
        None,
        "en",
    ),
    ("stop monitoring", "monitoring.off", None, "en"),
    ("switch to static routing", "monitoring.off", None, "en"),
    ("use static routing", "monitoring.off", None, "en"),
    ("static routing off", "monitoring.on", None, "en"),
    // explain
    ("왜 Cloud가 primary야?", "explain", Some("Cloud"), "ko"),
    (
        "왜 클라우드가 프라이머리야?",
        "explain",
        Some("Cloud"),
        "ko",
    ),
    ("게이트웨이 왜 느려?", "explain", Some("Gateway"), "ko"),
    ("게이트웨이왜느려", "explain", Some("Gateway"), "ko"),
    ("gateway 왜 느려", "explain", Some("Gateway"), "ko"),
    ("로컬이 왜 DEGRADED야", "explain", Some("Local"), "ko"),
    ("복구 이유", "explain", None, "ko"),
    ("왜 복구해야 돼?", "explain", None, "ko"),
    ("라우팅 근거 설명해줘", "explain", None, "ko"),
    ("why is Gateway degraded", "explain", Some("Gateway"), "en"),
    ("why is cloud primary?", "explain", Some("Cloud"), "en"),
    ("why", "explain", None, "en"),
    ("explain routing", "explain", None, "en"),
    ("explain the recovery decision", "explain", None, "en"),
    ("how come local is slow", "explain", Some("Local"), "en"),
    ("reason for recovery", "explain", None, "en"),
    // trend
    ("게이트웨이 지연 추이", "trend", Some("Gateway"), "ko"),
    ("게이트웨이지연추이", "trend", Some("Gateway"), "ko"),
    (
        "게이트웨이 지연 추이 보여줘",
        "trend",
        Some("Gateway"),
        "ko",
    ),
    ("클라우드 레이턴시 추세", "trend", Some("Cloud"), "ko"),
    ("지연 추이", "trend", None, "ko"),
    ("시간별 지연 그래프", "trend", None, "ko"),
    ("latency trend for Cloud", "trend", Some("Cloud"), "en"),
    ("latency trend", "trend", None, "en"),
    ("gateway latency history", "trend", Some("Gateway"), "en"),
    ("show the sparkline", "trend", None, "en"),
    ("latency over time", "trend", None, "en"),
    ("Gateway latency 추이", "trend", Some("Gateway"), "ko"),
    // forecast
    ("다음 10분 예측", "forecast", None, "ko"),
    ("다음10분예측", "forecast", None, "ko"),
    ("게이트웨이 지연 예측", "forecast", Some("Gateway"), "ko"),
    ("앞으로 어떨까?", "forecast", None, "ko"),
    ("forecast", "forecast", None, "en"),
    (
        "forecast latency for gateway",
        "forecast",
        Some("Gateway"),
        "en",
    ),
    ("predict the next hour", "forecast", None, "en"),
    ("forcast", "forecast", None, "en"),
    // export
    ("대시보드 내보내기", "export", None, "ko"),
    ("대시보드내보내기", "export", None, "ko"),
    ("대시보드 내보내줘", "export", None, "ko"),
    ("컨텍스트 저장해줘", "export", None, "ko"),
    ("export dashboard", "export", None, "en"),
    ("export", "export", None, "en"),
    ("export to /tmp/ctx.json", "export", None, "en"),
    ("save the report", "export", None, "en"),
    ("dump json", "export", None, "en"),
    // poller control
    ("새로고침", "refresh", None, "ko"),
    ("새로 고침 해줘", "refresh", None, "ko"),
    ("갱신", "refresh", None, "ko"),
    ("refresh", "refresh", None, "en"),
    ("reload", "refresh", None, "en"),
    ("refesh", "refresh", None, "en"),
    ("일시정지", "pause", None, "ko"),
    ("일시 정지", "pause", None, "ko"),
    ("폴링 멈춰", "pause", None, "ko"),
    ("pause", "pause", None, "en"),
    ("pause polling", "pause", None, "en"),
    ("pause monitoring", "pause", None, "en"),
    ("일시정지 됐어?", "status", None, "ko"),
    ("is it paused?", "status", None, "en"),
    ("재개", "resume", None, "ko"),
    ("다시 시작", "resume", None, "ko"),
    ("폴링 재개해줘", "resume", None, "ko"),
    ("resume", "resume", None, "en"),
    ("continue polling", "resume", None, "en"),
    // help / quit
    ("도움말", "help", None, "ko"),
    ("도움", "help", None, "ko"),
    ("뭐 할 수 있어?", "help", None, "ko"),
    ("뭐할수있어", "help", None, "ko"),
    ("사용법 알려줘", "help", None, "ko"),
    ("help", "help", None, "en"),
    ("Help!", "help", None, "en"),
    ("what can you do?", "help", None, "en"),
    ("?", "help", None, "en"),
    ("종료", "quit", None, "ko"),
    ("나가기", "quit", None, "ko"),
    ("quit", "quit", None, "en"),
    ("exit", "quit", None, "en"),
    ("q", "quit", None, "en"),
    ("bye", "quit", None, "en"),
    // problems: what is failing, and why
    ("what's wrong", "problems", None, "en"),
    ("what's wrong?", "problems", None, "en"),
    ("show me errors", "problems", None, "en"),
    ("any problems?", "problems", None, "en"),
    ("are there any issues", "problems", None, "en"),
    ("what is failing", "problems", None, "en"),
    ("뭐가 문제야", "problems", None, "ko"),
    ("뭐가 문제야?", "problems", None, "ko"),
    ("무슨 문제 있어?", "problems", None, "ko"),
    ("에러 보여줘", "problems", None, "ko"),
    ("오류 있어?", "problems", None, "ko"),
    ("장애 있나요?", "problems", None, "ko"),
    // a named channel's errors are that channel's detail
    ("Gateway errors", "problems", Some("Gateway"), "en"),
    ("게이트웨이 문제 있어?", "channels", Some("Gateway"), "ko"),
    // why is X down: the explanation quotes the error
    ("why is Gateway down", "explain", Some("Gateway"), "en"),
    ("why is Cloud offline?", "explain", Some("Cloud"), "en"),
    ("게이트웨이 왜 죽었어?", "explain", Some("Gateway"), "ko"),
    // cheapest: routing, ranked by cost
    ("which channel is cheapest", "routing", None, "en"),
    ("cheapest channel?", "routing", None, "en"),
    ("가장 싼 채널", "routing", None, "ko"),
    ("제일 저렴한 채널 뭐야?", "routing", None, "ko"),
    // recovery.history / recovery.reset
    ("최근 복구 기록", "recovery.history", None, "ko"),
    ("복구 이력", "recovery.history", None, "ko"),
    ("recent recoveries", "recovery.history", None, "en"),
    ("recovery history", "recovery.history", None, "en"),
    ("what did recovery do", "recovery.history", None, "en"),
    ("what happened overnight", "trend", None, "en"),
    ("Gateway 30분 점검", "silence", Some("Gateway"), "ko"),
    (
        "게이트웨이 1시간 점검해줘",
        "silence",
        Some("Gateway"),
        "ko",
    ),
    ("silence Gateway for 30m", "silence", Some("Gateway"), "en"),
    ("Gateway 상태 점검", "channels", Some("Gateway"), "ko"),
    ("라우팅 적용", "routing.apply", None, "ko"),
    ("라우팅 적용해줘", "routing.apply", None, "ko"),
    ("apply routing", "routing.apply", None, "en"),
    ("라우팅 적용됐어?", "routing", None, "ko"),
    ("라우팅 정책 balanced 로 바꿔", "routing.policy", None, "ko"),
    (
        "라우팅 정책을 비용 기준으로 전환해줘",
        "routing.policy",
        None,
        "ko",
    ),
    (
        "switch the routing policy to region",
        "routing.policy",
        None,
        "en",
    ),
    ("use the ceiling policy", "routing.policy", None, "en"),
    ("라우팅 정책 뭐야?", "routing", None, "ko"),
    ("what routing policy are we on", "routing", None, "en"),
    (
        "should we switch to the balanced policy?",
        "routing",
        None,
        "en",
    ),
    ("don't change the routing policy", "routing", None, "en"),
    ("복구 리셋", "recovery.reset", None, "ko"),
    ("Gateway 복구 리셋", "recovery.reset", Some("Gateway"), "ko"),
    ("에스컬레이션 초기화", "recovery.reset", None, "ko"),
    (
        "reset recovery Gateway",
        "recovery.reset",
        Some("Gateway"),
        "en",
    ),
    (
        "clear escalation for cloud",
        "recovery.reset",
        Some("Cloud"),
        "en",
    ),
    ("복구 리셋해야 돼?", "recovery.status", None, "ko"),
    ("복구 해제", "recovery.status", None, "ko"),
    ("cancel recovery", "recovery.status", None, "en"),
    // undoing words: the opposite, or a question back
    ("일시정지 해제", "resume", None, "ko"),
    ("일시정지 취소", "resume", None, "ko"),
    ("일시정지 풀어", "resume", None, "ko"),
    ("일시정지 그만", "resume", None, "ko"),
    ("일시정지 꺼", "resume", None, "ko"),
    ("unpause", "resume", None, "en"),
    ("stop pausing", "resume", None, "en"),
    ("turn off pause", "resume", None, "en"),
    ("cancel the pause", "resume", None, "en"),
    ("자동 복구 해제", "autorecover.off", None, "ko"),
    ("자동 복구 켜기 취소", "autorecover.off", None, "ko"),
    ("cancel auto recovery", "autorecover.off", None, "en"),
    ("모니터링 해제", "monitoring.off", None, "ko"),
    ("복구 실행 취소", "recovery.status", None, "ko"),
    ("재개 취소", "status", None, "ko"),
    ("종료 취소", "status", None, "ko"),
    ("don't quit", "status", None, "en"),
    // synonyms
    ("끝내기", "quit", None, "ko"),
    ("close", "quit", None, "en"),
    ("추천한 조치 해줘", "recovery.run", None, "ko"),
    ("do what you recommend", "recovery.run", None, "en"),
    ("apply the fix", "recovery.run", None, "en"),
    // short typos
    ("hlep", "help", None, "en"),
    ("qiut", "quit", None, "en"),
    ("stpo polling", "pause", None, "en"),
    // time in the question
    (
        "how has gateway changed over the last hour",
        "trend",
        Some("Gateway"),
        "en",
    ),
    (
        "지난 1시간 동안 게이트웨이 어땠어",
        "trend",
        Some("Gateway"),
        "ko",
    ),
    ("what will latency be in 30 minutes", "forecast", None, "en"),
    ("다음 30분 게이트웨이", "forecast", Some("Gateway"), "ko"),
    ("30분 후 클라우드 지연", "forecast", Some("Cloud"), "ko"),
    // off-topic and gibberish
    ("send an email", "unknown", None, "en"),
    ("order lunch", "unknown", None, "en"),
    ("restart my laptop", "unknown", None, "en"),
    ("노트북 재시작해줘", "unknown", None, "ko"),
    ("오늘 점심 뭐 먹지?", "unknown", None, "ko"),
    ("배고파", "unknown", None, "ko"),
    ("오늘 서울 날씨 상태", "unknown", None, "ko"),
    ("ㅁㄴㅇㄹ", "unknown", None, "ko"),
    ("asdfghjkl", "unknown", None, "en"),
    ("qwrtypsdfg zxcvb", "unknown", None, "en"),
    ("tell me a joke", "unknown", None, "en"),
    (
        "what's the weather in Seoul tomorrow",
        "unknown",
        None,
        "en",
    ),
    ("켜", "unknown", None, "ko"),
    ("on", "unknown", None, "en"),
    ("🔥🔥🔥", "unknown", None, "en"),
    // phrasings by class: routing by a measure is the monitoring switch
    (
        "switch routing back to health-based",
        "monitoring.on",
        None,
        "en",
    ),
    ("let latency drive the routing", "monitoring.on", None, "en"),
    (
        "라우팅을 헬스체크 기준으로 바꿔",
        "monitoring.on",
        None,
        "ko",
    ),
    (
        "stop using health for routing",
        "monitoring.off",
        None,
        "en",
    ),
    ("헬스 기준 라우팅 그만해", "monitoring.off", None, "ko"),
    ("routing by latency?", "routing", None, "en"),
    // self-healing in other words
    ("turn self-healing back on", "autorecover.on", None, "en"),
    ("자가 복구 다시 켜줘", "autorecover.on", None, "ko"),
    ("pause the auto-healing", "autorecover.off", None, "en"),
    // stopping, starting and looking again
    ("quit refreshing", "pause", None, "en"),
    ("업데이트 잠깐 멈춰", "pause", None, "ko"),
    ("freeze the screen", "pause", None, "en"),
    ("start updating again", "resume", None, "en"),
    ("업데이트 다시 켜", "resume", None, "ko"),
    ("멈춘 거 다시 돌려", "resume", None, "ko"),
    ("give me fresh numbers", "refresh", None, "en"),
    ("지금 다시 가져와", "refresh", None, "ko"),
    // what happened, what is broken
    ("복구 돌린 적 있어?", "recovery.history", None, "ko"),
    ("anything happen while i was away?", "trend", None, "en"),
    ("errors over the past 2 hours", "trend", None, "en"),
    ("which channel is failing", "problems", None, "en"),
    ("고장난 채널 있어?", "problems", None, "ko"),
    // roles, greetings, leaving
    ("how's primary holding up", "channels", None, "en"),
    ("백업 쪽 상태 어때?", "channels", None, "ko"),
    ("hi there", "unknown", None, "en"),
    ("안녕하십니까", "unknown", None, "ko"),
    ("i'm out", "quit", None, "en"),
    // an order and the speaker's commentary; a refusal and the order meant
    (
        "stop the updates, i want to read the numbers",
        "pause",
        None,
        "en",
    ),
    (
        "turn off auto recovery until i'm finished",
        "autorecover.off",
        None,
        "en",
    ),
    ("don't pause, resume polling", "resume", None, "en"),
    ("재시작하지 말고 상태만 알려줘", "status", None, "ko"),
    (
        "restart the worker, i guess?",
        "recovery.status",
        None,
        "en",
    ),
    // inflected words, roles asked whether fine, a report then a question
    (
        "would restarting local help?",
        "recovery.status",
        Some("Local"),
        "en",
    ),
    ("turn off health routing", "monitoring.off", None, "en"),
    ("is the fallback ok?", "channels", None, "en"),
    (
        "i restarted cloud, is it healthy now?",
        "channels",
        Some("Cloud"),
        "en",
    ),
    (
        "클라우드 재시작했는데 괜찮아?",
        "channels",
        Some("Cloud"),
        "ko",
    ),
    ("stop auto-healing", "autorecover.off", None, "en"),
    // a problem over a period, its details, things outside the console
    (
        "was gateway down in the last hour?",
        "trend",
        Some("Gateway"),
        "en",
    ),
    (
        "which channels are failing and since when?",
        "problems",
        None,
        "en",
    ),
    (
        "is it going to rain tomorrow, weather wise?",
        "unknown",
        None,
        "en",
    ),
    (
        "my home router's default gateway is wrong",
        "unknown",
        None,
        "en",
    ),
    ("로컬 맛집 알려줘", "unknown", None, "ko"),
    ("did the updates resume?", "status", None, "en"),
    ("업데이트 재개됐어?", "status", None, "ko"),
    ("how's the weather in Seoul?", "unknown", None, "en"),
    // Said to the console at the end of a shift, good night is a goodbye.
    ("thanks, good night", "quit", None, "en"),
    ("thanks!", "unknown", None, "en"),
    ("silence cloud for an hour", "silence", Some("Cloud"), "en"),
    // glued words, counts set back to zero, writing the dashboard out
    ("cloudstatus", "channels", Some("Cloud"), "en"),
    (
        "set the failure count for cloud to 0",
        "recovery.reset",
        Some("Cloud"),
        "en",
    ),
    (
        "로컬 실패 카운트 0으로 돌려놔",
        "recovery.reset",
        Some("Local"),
        "ko",
    ),
    ("write the dashboard to a file", "export", None, "en"),
    // An order, then its reason: summaries named by their subject's particle, what must
    // not happen in a sentence of its own, what fails to come, a tilde between.
    (
        "클라우드 워커 재시작해 주세요, 진료 노트 요약이 멈췄어요",
        "recovery.run",
        Some("Cloud"),
        "ko",
    ),
    (
        "자동 복구 비활성화해 주세요. 마이그레이션 중이라 갑자기 재시작되면 안 돼요",
        "autorecover.off",
        None,
        "ko",
    ),
    // (The order's own verb, forbidden after it, takes it back.)
    (
        "자동 복구 꺼 주세요. 끄면 안 돼요",
        "recovery.status",
        None,
        "ko",
    ),
    (
        "로컬 쪽 한번 재기동 해주세요~ 손상 리포트 요약이 안 나와요",
        "recovery.run",
        Some("Local"),
        "ko",
    ),
    (
        "스샷 다 찍었어요, 이제 업데이트 다시 이어서 해 주세요",
        "resume",
        None,
        "ko",
    ),
    (
        "Re: 요약 지연 / 게이트웨이 재기동 부탁드립니다",
        "recovery.run",
        Some("Gateway"),
        "ko",
    ),
    ("자동 복구 켜주세용 ㅎㅎ", "autorecover.on", None, "ko"),
    ("모니터링 라우팅 온", "monitoring.on", None, "ko"),
    (
        "상태 보고 트래픽 보내게 설정해 줘",
        "monitoring.on",
        None,
        "ko",
    ),
    (
        "클라우드 조만간 degraded 될까?",
        "forecast",
        Some("Cloud"),
        "ko",
    ),
    ("추천하는 거 그냥 실행해", "recovery.run", None, "ko"),
    ("any channel about to go degraded?", "forecast", None, "en"),
    (
        "I'm about to drain nodes on the cluster, turn self recovery off",
        "autorecover.off",
        None,
        "en",
    ),
    (
        "quick sanity check before the friday night surge - everything green?",
        "status",
        None,
        "en",
    ),
    ("hows cloud looking", "channels", Some("Cloud"), "en"),
    ("hit pause real quick", "pause", None, "en"),
    (
        "ok stop recommending, apply the routes already",
        "routing.apply",
        None,
        "en",
    ),
    (
        "mute local for forty five minutes, rebooting the render box",
        "silence",
        Some("Local"),
        "en",
    ),
    (
        "bounced cloud a min ago — healthy now?",
        "channels",
        Some("Cloud"),
        "en",
    ),
    (
        "my lead wants auto recovery re-enabled asap",
        "autorecover.on",
        None,
        "en",
    ),
    (
        "same as last night — restart the local worker",
        "recovery.run",
        Some("Local"),
        "en",
    ),
    (
        "ok just do whatever you recommended for recovery",
        "recovery.run",
        None,
        "en",
    ),
    // A subject's 이 before 오늘 is no slip of 이유; 놔 closes an order; a prohibition
    // someone else gave is the reason; a report's question may lack its mark.
    (
        "과장님이 오늘 밤엔 자동복구 켜두래요",
        "autorecover.on",
        None,
        "ko",
    ),
    (
        "퇴근 전에 게이트웨이 에스컬레이션 풀어놔",
        "recovery.reset",
        Some("Gateway"),
        "ko",
    ),
    (
        "고정 순서로 라우팅해 주세요, 본사에서 순서 바꾸지 말래요",
        "monitoring.off",
        None,
        "ko",
    ),
    (
        "채널 상태 봐가면서 라우팅하도록 바꿔 주세요",
        "monitoring.on",
        None,
        "ko",
    ),
    (
        "사무실 프린터 재부팅 좀 해줘 (또 멈춤)",
        "unknown",
        None,
        "ko",
    ),
    (
        "kill auto-recovery please, the vendor asked us not to restart anything",
        "autorecover.off",
        None,
        "en",
    ),
    (
        "could you please apply the routing to the proxy? clinics are complaining about slow notes",
        "routing.apply",
        None,
        "en",
    ),
    (
        "just restarted the in-house machine, is it healthy now",
        "channels",
        Some("Local"),
        "en",
    ),
    (
        "ok you're cleared to silence the middleman for ninety minutes",
        "silence",
        Some("Gateway"),
        "en",
    ),
    ("can you reboot the lobby kiosk", "unknown", None, "en"),
    // Session 23: a restart made to happen, an order before a promise, a way of routing
    // quit, a report noted for the reader, a count spelled before its unit.
    (
        "자동복구가 자꾸 워커를 재시작시켜요, 꺼주세요",
        "autorecover.off",
        None,
        "ko",
    ),
    (
        "오토 힐링 꺼둬 내가 직접 볼게",
        "autorecover.off",
        None,
        "ko",
    ),
    (
        "quit letting latency pick the route",
        "monitoring.off",
        None,
        "en",
    ),
    (
        "reset gateway escalation around 11, fyi",
        "recovery.history",
        Some("Gateway"),
        "en",
    ),
    (
        "클라우드 삼십 분 무음 처리 부탁드림",
        "silence",
        Some("Cloud"),
        "ko",
    ),
    (
        "환자 데이터 외부로 나가면 안 되니까 지역 기준 정책으로 전환해",
        "routing.policy",
        None,
        "ko",
    ),
    (
        "응급실 판독 밀려요. 안 되는 채널들 복구 실행해 주세요",
        "recovery.run",
        None,
        "ko",
    ),
    (
        "게이트웨이 계속 타임아웃이야",
        "channels",
        Some("Gateway"),
        "ko",
    ),
    (
        "would be great if you could move us to the region policy",
        "routing.policy",
        None,
        "en",
    ),
    (
        "restart the gateway at lunch",
        "recovery.status",
        Some("Gateway"),
        "en",
    ),
    // A question about leaving with a question word (or about something going out)
    // leaves nothing: the console stays, and answers with the status.
    ("라이더 앱 배포 언제 나가요?", "status", None, "ko"),
    ("how do i quit?", "quit", None, "en"),
    // A time something closes at is no leaving.
    ("payroll closes tonight", "status", None, "en"),
    (
        "quick check before payroll closes tonight, all green?",
        "status",
        None,
        "en",
    ),
    // After an order, what would follow if something happened is its reason; a clause
    // that ends on its condition puts it off.
    (
        "자동복구 잠깐 꺼 주세요, 갑자기 재시작되면 라인 멈춰요",
        "autorecover.off",
        None,
        "ko",
    ),
    (
        "자동복구 끄세요, 중계 중에 재시작되면 안 돼요",
        "autorecover.off",
        None,
        "ko",
    ),
    (
        "자동복구 꺼 주세요, 배포 끝나면요",
        "recovery.status",
        None,
        "ko",
    ),
    // "on" before a channel says where, when the switch goes off.
    (
        "disable auto recovery on the gateway",
        "autorecover.off",
        Some("Gateway"),
        "en",
    ),
    (
        "switch off self-healing on cloud",
        "autorecover.off",
        Some("Cloud"),
        "en",
    ),
];

fn engine() -> Engine {
    Engine::with_channels(&CHANNELS)
}

#[test]
fn the_table_has_enough_rows_of_each_kind() {
    assert!(TABLE.len() >= 200, "{} rows", TABLE.len());
    for intent in Intent::ALL {
        assert!(
            TABLE.iter().any(|r| r.1 == intent.id()),
            "no row for {intent}"
        );
    }
    assert!(TABLE.iter().filter(|r| r.3 == "ko").count() >= 100);
    assert!(TABLE.iter().filter(|r| r.3 == "en").count() >= 80);
}

#[test]
fn every_utterance_in_the_table() {
    let e = engine();
    let mut failures = Vec::new();
    for &(text, intent, channel, lang) in TABLE {
        let c = e.classify(text);
        let got = (c.intent.id(), c.args.channel.as_deref(), c.lang.as_str());
        if got != (intent, channel, lang) {
            failures.push(format!(
                "{text:?}: want ({intent}, {channel:?}, {lang}) got {got:?} conf {} sugg {:?}",
                c.confidence, c.suggestions
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows wrong:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}

#[test]
fn nfd_input_reads_like_nfc() {
    let e = engine();
    for &(text, ..) in TABLE {
        let nfd: String = text.nfd().collect();
        assert_eq!(e.classify(&nfd), e.classify(text), "{text:?}");
    }
}

#[test]
fn unknown_comes_with_three_suggestions() {
    let e = engine();
    for text in ["채뇰 겐걍", "asdfghjkl", "tell me a joke", "켜"] {
        let c = e.classify(text);
        assert_eq!(c.intent, Intent::Unknown, "{text}");
        assert_eq!(c.suggestions.len(), 3, "{text}: {:?}", c.suggestions);
        assert!(!c.suggestions.contains(&Intent::Unknown));
    }
    // A near miss suggests what it nearly was.
    let c = e.classify("채뇰 겐걍");
    assert!(c.suggestions.contains(&Intent::Status) || c.suggestions.contains(&Intent::Channels));
}

#[test]
fn a_question_about_an_action_names_the_action_it_did_not_take() {
    let e = engine();
    let c = e.classify("복구 실행해야 돼?");
    assert_eq!(c.intent, Intent::RecoveryStatus);
    assert_eq!(c.withheld, Some(Intent::RecoveryRun));
    assert_eq!(c.suggestions.first(), Some(&Intent::RecoveryRun));
    let c = e.classify("run recovery");
    assert_eq!(c.withheld, None);
    assert!(c.confidence >= 0.75);
}

/// Questions, hedges, deferrals, negations and reports about actions, phrased with verbs
/// only the topic model knows: none of them may act (each is answered read-only).
#[test]
fn colloquial_non_orders_never_act() {
    let e = Engine::with_channels(&CHANNELS);
    let mut bad = Vec::new();
    for t in [
        "should we kick the gateway?",
        "I wonder if we should bounce cloud",
        "재기동하면 어때?",
        "게이트웨이 살려야 하나",
        "정적 라우팅으로 가는 게 나을까?",
        "did someone wipe the escalations?",
        "don't go static",
        "자동 복구 끄지 마",
        "maybe restart gateway later",
        "we restarted gateway",
        "게이트웨이 재기동했음",
        "can you bounce the gateway?",
        "can you freeze updates?",
        "is static routing on?",
        "let's not restart",
        "나중에 재시작할게",
        "재시작은 좀 이따가",
        "go static?",
        "에스컬레이션 풀어도 돼?",
        "kill autorecover?",
        "wipe escalations? not yet",
        "게이트웨이 껐다 켜볼까",
        "I already restarted local",
        "bounce gateway - thoughts?",
        "추천대로 하면 돼?",
        "⏸?",
        // Reports with a word after them: an acknowledgement, a time, a note to the reader.
        "로컬 재시작했어 ㅇㅇ",
        "로컬 에스컬레이션 점심쯤 리셋했음 참고",
        "로컬 에스컬레이션 리셋했어요 방금",
        "자동복구 껐어요 참고하세요",
        "에스컬레이션 리셋함",
        "reset local's escalation at lunch fyi",
        "fyi reset local's escalation at lunch",
        // A headline's report, and a thing's habit: what happens, not what to do.
        "auto recovery turned off",
        "auto recovery turned off. fyi",
        "local box rebooted",
        "auto-heal switched on",
        "the gateway restarts every night",
    ] {
        let c = e.classify(t);
        if c.intent.is_mutating() || (c.intent == Intent::Export && c.withheld.is_none()) {
            bad.push(format!("{t:?} -> {}", c.intent));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// A policy switch carries the policy it names, in either language's words for it.
#[test]
fn a_policy_switch_names_its_policy() {
    let e = engine();
    for (text, policy) in [
        ("라우팅 정책 balanced 로 바꿔", Some("balanced")),
        ("라우팅 정책을 비용 기준으로 전환해줘", Some("balanced")),
        ("정책 리전으로 바꿔", Some("region")),
        ("switch the routing policy to region", Some("region")),
        ("use the ceiling policy", Some("ceiling")),
        ("switch routing policy back to health", Some("health")),
        ("switch the routing policy", None),
    ] {
        let c = e.classify(text);
        assert_eq!(c.intent.id(), "routing.policy", "{text}");
        assert_eq!(c.args.policy, policy, "{text}");
    }
}
