//! The intent engine against utterances written blind: by an author who read only
//! docs/chatops.md, never the lexicon, the corpus or the other tests. Each set is frozen
//! here as a regression file once it has been measured (`chatops_eval/blind*.jsonl`, one
//! JSON object a line: text, lang, intent, order, channel, class).
//!
//! What is scored: the intent id, the channel argument, the language of the reply, and
//! misfires — a line that does not order a change or a write, read as one. Misfires must
//! be zero; accuracy must not fall below the floor each set records.
//!
//! `CHATOPS_EVAL_VERBOSE=1 cargo test --test chatops_blind -- --nocapture` prints every
//! miss and the accuracy per class of phrasing.

#[path = "chatops_eval/labelled.rs"]
mod labelled;
#[path = "chatops_eval/score.rs"]
mod score;
use labelled::{rows, score};

fn check(name: &str, jsonl: &str, floor: f64) {
    check_channels(name, jsonl, floor, 98.0);
}

/// `check`, for a set whose channels were not all read before it was measured: its own
/// channel floor.
fn check_channels(name: &str, jsonl: &str, floor: f64, channel_floor: f64) {
    check_floors(name, jsonl, floor, channel_floor, 98.0);
}

/// `check_channels`, for a set whose authors wanted English replies to English lines
/// with Korean nouns in them more often than the engine gives: its own language floor.
fn check_floors(name: &str, jsonl: &str, floor: f64, channel_floor: f64, language_floor: f64) {
    let rows = rows(jsonl);
    assert!(rows.len() >= 200, "{name}: only {} rows", rows.len());
    let (s, by_class) = score(&rows);
    println!("{}", s.summary(name));
    if std::env::var_os("CHATOPS_EVAL_VERBOSE").is_some() {
        for (class, (n, ok)) in &by_class {
            println!("  {class:<20} {ok:>3}/{n:<3}");
        }
        for m in &s.misses {
            println!("miss {m}");
        }
    }
    assert!(
        s.misfires.is_empty(),
        "{name}: {} non-orders read as orders:\n{}",
        s.misfires.len(),
        s.misfires.join("\n")
    );
    // Channels and languages were already right before the set was measured (but for
    // set 65's autocorrected names); only the intent floor moves with each round.
    for (what, n, floor) in [
        ("intent", s.intent, floor),
        ("channel", s.channel, channel_floor),
        ("language", s.lang, language_floor),
    ] {
        assert!(
            s.pct(n) >= floor,
            "{name}: {what} accuracy {:.1}% < {floor}%\n{}\nmisses:\n{}",
            s.pct(n),
            s.summary(name),
            s.misses.join("\n")
        );
    }
}

/// The first blind set, frozen. Measured before the engine learned from it: intent
/// 76.1%, channel 100%, language 98.9%, no misfire. Its misses then were fixed by class
/// (speech acts, a topic model, real words left alone), after which it reads 96.0%; the
/// next round's classes (routing by a measure, stopping the updates, problems over a
/// period, roles asked about, clauses) bring it to 98.6%, and the third set's 98.9%.
#[test]
fn blind_set_1() {
    check("blind1", include_str!("chatops_eval/blind1.jsonl"), 98.8);
}

/// The second blind set, written from docs/chatops.md alone by another author while the
/// engine was being changed, sealed from its developer and measured once on the result:
/// intent 84.4%, channel 100%, language 100%, no misfire. This is the engine's real
/// generalisation then. Its misses were fixed by class (monitoring asked for as routing
/// by a measure, self-healing words, stopping the updates, history and trend asked in the
/// past tense, problems against channels, roles, greetings against leaving, sentences of
/// two clauses, inflected words), after which it reads 98.9%; 99.3% after the classes of
/// the third set.
#[test]
fn blind_set_2() {
    check("blind2", include_str!("chatops_eval/blind2.jsonl"), 99.2);
}

/// The third blind set (300 rows), written from docs/chatops.md alone in the voice of an author who
/// never saw the engine, while the previous round's fixes were being written, and measured
/// once on that round's result (before any fix from it): intent 83.67%, channel 98.0%,
/// language 100%, no misfire (79.67% intent on the engine before that round). The gap to
/// blind2's number then was the measure of how much of that round generalised. Its
/// misses were then fixed by class (silences of a spoken length, writing the routing out,
/// problem details against periods, deferred orders against forecasts, past-tense
/// questions about any action, sentences about something else that name a channel,
/// multi-word phrases meaning only themselves, glued words, counts set to zero), after
/// which it reads 98.3%.
#[test]
fn blind_set_3() {
    check("blind3", include_str!("chatops_eval/blind3.jsonl"), 98.3);
}

/// The fourth blind set, written from docs/chatops.md alone after the third round's first
/// changes, sealed from the engine's developer and measured once on the round's result:
/// intent 92.9%, channel 99.0%, language 99.7%, no misfire (87.5% on the round's first
/// half). Short of the 98% the engine is meant to reach; its misses are the next round's.
#[test]
fn blind_set_4() {
    check("blind4", include_str!("chatops_eval/blind4.jsonl"), 96.9);
}

/// The fifth blind set (300 rows), written from docs/chatops.md alone before the fourth
/// round and sealed from the engine's developer until the round began: intent 92.3%,
/// channel 99.7%, language 100%, no misfire, measured once on the engine before the
/// round (the engine's honest generalisation then). After the round (a topic model
/// trained on four more authors, orders for later, a state then an order, verbs that do
/// not keep a sentence on topic, tables that found only grammar) it reads 95.7%; its
/// misses were listed before the round began, but none was fixed as a row.
#[test]
fn blind_set_5() {
    check("blind5", include_str!("chatops_eval/blind5.jsonl"), 97.3);
}

/// The sixth and seventh blind sets (300 rows each), written by two more authors from
/// docs/chatops.md alone while the fourth round was under way, sealed from the engine's
/// developer and measured once on the round's result: intent 95.0% and 94.3%, channel
/// 99.7% and 100%, language 100%, no misfire. The round's honest generalisation; short
/// of the 98% the engine is meant to reach. Their misses were then fixed by class (a
/// condition put in the past, "have we ever", a copula after an opening "please",
/// commentary after a semicolon or "i'll", a switch whose way the model read against its
/// words, the causative "시켜", farewell formulas), after which they read 96.3% and 95.7%.
#[test]
fn blind_set_6() {
    check("blind6", include_str!("chatops_eval/blind6.jsonl"), 98.0);
}

#[test]
fn blind_set_7() {
    check("blind7", include_str!("chatops_eval/blind7.jsonl"), 97.6);
}

/// The eighth and ninth blind sets (300 rows each), written by two more authors from
/// docs/chatops.md alone (new hires in everyday words and veterans in clipped shorthand;
/// operators chatting with context), sealed until the fifth round's changes were in and
/// measured once on them: intent 92.0% and 93.0%, channel 100% and 99.3%, language 99.7%
/// and 100%, no misfire. Chat shorthand ("rst recov gw", "mon rt off", "fcst") was then
/// taught as words and "keep it …" read as an order, after which they read 94.3% and 93.0%.
#[test]
fn blind_set_8() {
    check("blind8", include_str!("chatops_eval/blind8.jsonl"), 98.0);
}

#[test]
fn blind_set_9() {
    check("blind9", include_str!("chatops_eval/blind9.jsonl"), 96.6);
}

/// The tenth and eleventh blind sets (300 rows each; all phrasing classes evenly, and an
/// on-call team over a long night), written by two more authors from docs/chatops.md
/// alone after the session's last change to the engine, and measured once on it: intent
/// 93.7% and 94.3%, channel 100%, language 100% and 99.7%, no misfire. The engine's
/// honest generalisation at the end of its fourth round of classes; short of 98%.
#[test]
fn blind_set_10() {
    check("blind10", include_str!("chatops_eval/blind10.jsonl"), 96.6);
}

#[test]
fn blind_set_11() {
    check("blind11", include_str!("chatops_eval/blind11.jsonl"), 96.6);
}

/// The twelfth and thirteenth blind sets (300 rows each; every phrasing class, and Korean
/// and English mixed in one line by people who half-remember the command words), written
/// from docs/chatops.md alone while the session's last round of classes was made, sealed,
/// and measured once on its result: intent 93.3% and 92.7%, channel 99.3% and 100%,
/// language 98.7%, no misfire. With sets 10 and 11, the honest figure at the end of the
/// session: 92.7–94.3% on sentences nobody had shown the engine.
#[test]
fn blind_set_12() {
    check("blind12", include_str!("chatops_eval/blind12.jsonl"), 97.0);
}

#[test]
fn blind_set_13() {
    check("blind13", include_str!("chatops_eval/blind13.jsonl"), 95.3);
}

/// The fourteenth and fifteenth blind sets (300 rows each: every phrasing class, and
/// incident-channel messages led by a channel or role, often an order with its reason),
/// written from docs/chatops.md alone after the session's last change to the engine and
/// measured once on it: intent 94.0% and 91.7%, channel 100%, language 99.0% and 99.7%,
/// no misfire. The session's closing figure; 98% is still ahead.
#[test]
fn blind_set_14() {
    check("blind14", include_str!("chatops_eval/blind14.jsonl"), 97.0);
}

#[test]
fn blind_set_15() {
    check("blind15", include_str!("chatops_eval/blind15.jsonl"), 98.0);
}

/// The sixteenth and seventeenth blind sets (300 rows each: every phrasing class, and a
/// mixed team over a week — polite managers, unsure juniors, seniors in shorthand,
/// phones, reasons given), written from docs/chatops.md alone after the session's final
/// change to the engine and measured once on it: intent 95.0% and 93.7%, channel 100% and
/// 99.7%, language 99.3% and 99.7%, no misfire. Over the session's twelve fresh sets the
/// engine read 91.7–95.0% (92.3% on the set measured before it began).
#[test]
fn blind_set_16() {
    check("blind16", include_str!("chatops_eval/blind16.jsonl"), 97.3);
}

#[test]
fn blind_set_17() {
    check("blind17", include_str!("chatops_eval/blind17.jsonl"), 97.0);
}

/// The eighteenth and nineteenth blind sets (300 rows each: every phrasing class, and
/// SREs from several companies in their first week with the console), written from
/// docs/chatops.md alone after the session's final change to the engine and measured
/// once on it: intent 94.3% and 96.3%, channel 100% and 99.7%, language 99.7% and 98.7%,
/// no misfire.
#[test]
fn blind_set_18() {
    check("blind18", include_str!("chatops_eval/blind18.jsonl"), 96.0);
}

#[test]
fn blind_set_19() {
    check("blind19", include_str!("chatops_eval/blind19.jsonl"), 97.3);
}

/// The twentieth and twenty-first blind sets (300 rows each: every phrasing class, and
/// operators in a noisy incident — fragments, references back, corrections), written from
/// docs/chatops.md alone after the session's final change to the engine and measured once
/// on it: intent 94.7% and 96.3%, channel 99.7%, language 98.7% and 99.7%, no misfire.
#[test]
fn blind_set_20() {
    check("blind20", include_str!("chatops_eval/blind20.jsonl"), 98.0);
}

#[test]
fn blind_set_21() {
    check("blind21", include_str!("chatops_eval/blind21.jsonl"), 96.6);
}

/// The twenty-second and twenty-third blind sets (300 rows each): a night-call SRE in
/// Slack shorthand and chat Korean; a team lead in formal Korean and careful English,
/// whose requests are mostly put as questions ("…해 주시겠어요?", "Could you kindly …?").
/// Measured once, before the engine learned from them, after the round that let the model
/// name an order of the family the tables had only asked about: intent 91.3% and 85.0%,
/// no misfire. The polite requests then became a class of their own (93.0% and 91.3%
/// still unlearned).
#[test]
fn blind_set_22() {
    check("blind22", include_str!("chatops_eval/blind22.jsonl"), 96.3);
}

#[test]
fn blind_set_23() {
    check("blind23", include_str!("chatops_eval/blind23.jsonl"), 95.3);
}

/// The twenty-fourth and twenty-fifth blind sets (300 rows each): a newcomer who
/// describes what they want instead of naming it, in Konglish and with roles; a platform
/// engineer who writes two-clause sentences and, off-topic, asks about Kubernetes, Kafka
/// or Grafana in this console's words. Measured once, unlearned, on the engine of this
/// round's end (polite requests, the model naming an order of its family, sets 1-23
/// learned): intent 90.7% and 90.7%, and one misfire in set 25 — "그라파나 대시보드 json으로
/// 내보내줘" would have exported this console's dashboard. Other systems a platform team
/// runs are now outside the console (91.3% and 90.7% still unlearned, no misfire).
#[test]
fn blind_set_24() {
    check("blind24", include_str!("chatops_eval/blind24.jsonl"), 94.3);
}

#[test]
fn blind_set_25() {
    check("blind25", include_str!("chatops_eval/blind25.jsonl"), 95.0);
}

/// The twenty-sixth to twenty-ninth blind sets (300 rows each): a junior operator on a
/// phone (mobile typos, asking before acting); a veteran with idioms and corrections; an
/// incident commander (reports then orders, lengths of time, roles); a support engineer
/// in formal sentences whose off-topic lines are about tickets and customers' servers.
/// Written after the session's last change but one, and measured once on it, unlearned:
/// intent 91.7%, 90.0%, 92.0% and 89.0%, no misfire. Most misses are orders with a
/// reason or after a described state, answered as the question about them (autorecover,
/// silence, routing apply and policy). Korean connectives (…해서, …라서, …끝났어요) then
/// became clause boundaries (set 26: 93.3% still unlearned).
#[test]
fn blind_set_26() {
    check("blind26", include_str!("chatops_eval/blind26.jsonl"), 96.3);
}

#[test]
fn blind_set_27() {
    check("blind27", include_str!("chatops_eval/blind27.jsonl"), 96.0);
}

#[test]
fn blind_set_28() {
    check("blind28", include_str!("chatops_eval/blind28.jsonl"), 97.0);
}

#[test]
fn blind_set_29() {
    check("blind29", include_str!("chatops_eval/blind29.jsonl"), 91.0);
}

#[test]
fn blind_set_30() {
    check("blind30", include_str!("chatops_eval/blind30.jsonl"), 97.3);
}

#[test]
fn blind_set_31() {
    check("blind31", include_str!("chatops_eval/blind31.jsonl"), 91.3);
}

#[test]
fn blind_set_32() {
    check("blind32", include_str!("chatops_eval/blind32.jsonl"), 94.6);
}

#[test]
fn blind_set_33() {
    check("blind33", include_str!("chatops_eval/blind33.jsonl"), 97.0);
}

#[test]
fn blind_set_34() {
    check("blind34", include_str!("chatops_eval/blind34.jsonl"), 95.6);
}

#[test]
fn blind_set_35() {
    check("blind35", include_str!("chatops_eval/blind35.jsonl"), 96.3);
}

#[test]
fn blind_set_36() {
    check("blind36", include_str!("chatops_eval/blind36.jsonl"), 94.0);
}

#[test]
fn blind_set_37() {
    check("blind37", include_str!("chatops_eval/blind37.jsonl"), 90.6);
}

#[test]
fn blind_set_38() {
    check("blind38", include_str!("chatops_eval/blind38.jsonl"), 96.0);
}

#[test]
fn blind_set_39() {
    check("blind39", include_str!("chatops_eval/blind39.jsonl"), 92.0);
}

/// Set 40 (session 11), written from docs/chatops.md alone in the voice of a Korean SRE
/// pasting runbook steps and change tickets (formal memo Korean, quoted English steps).
/// Measured unlearned on the session-start engine: intent 94.33%, 1 misfire (a refused
/// restart, then a request to check the rules that fired). Fixed by class (run-ons without
/// punctuation, corrections mid-sentence, courteous tags, a report then a question, the
/// orders of a senior, a guessed length for later), then learned.
#[test]
fn blind_set_40() {
    check("blind40", include_str!("chatops_eval/blind40.jsonl"), 94.6);
}

/// Set 41 (session 11), written from docs/chatops.md alone in the voice of two on-call
/// engineers on phones at night (lowercase run-ons, texting shorthand, 초성). Measured
/// unlearned on the session-start engine: intent 91.33%. Fixed by class (run-ons without
/// punctuation, corrections mid-sentence, courteous tags, a report then a question, the
/// orders of a senior, a guessed length for later), then learned.
#[test]
fn blind_set_41() {
    check("blind41", include_str!("chatops_eval/blind41.jsonl"), 95.6);
}

/// Set 42 (session 11), written from docs/chatops.md alone in the voice of an operator
/// dictating by voice (fillers, spelled numbers, \"gate way\", self-corrections). Measured
/// unlearned on the session-start engine: intent 85.67%, 1 misfire (\"restart the worker in
/// like ten minutes\"). Fixed by class (run-ons without punctuation, corrections mid-
/// sentence, courteous tags, a report then a question, the orders of a senior, a guessed
/// length for later), then learned.
#[test]
fn blind_set_42() {
    check("blind42", include_str!("chatops_eval/blind42.jsonl"), 94.3);
}

/// Set 43 (session 11), written from docs/chatops.md alone in the voice of a British ops
/// lead's idioms and a senior 부장's 하게체/하오체. Measured unlearned on the session-start engine:
/// intent 90.00%. Fixed by class (run-ons without punctuation, corrections mid-sentence,
/// courteous tags, a report then a question, the orders of a senior, a guessed length for
/// later), then learned.
#[test]
fn blind_set_43() {
    check("blind43", include_str!("chatops_eval/blind43.jsonl"), 95.6);
}

/// Set 44 (session 11), written from docs/chatops.md alone in the voice of a data-platform
/// engineer's heavy Konglish (리스타트해, 디스에이블, "gateway restart 해줘"), sealed while the first
/// round of the session was fixed and measured once after it: intent 93.33% (session-start
/// engine: 93.00%), 1 misfire, old ("폴링 다시 스타트해" read as a restart). Fixed by class
/// (Konglish verbs, apologies and courteous leads, until-clauses, slash commands, a phrase
/// of the console's keeping a sentence on topic, an object named for a silence, restarting
/// the polling), then learned.
#[test]
fn blind_set_44() {
    check("blind44", include_str!("chatops_eval/blind44.jsonl"), 97.6);
}

/// Set 45 (session 11), written from docs/chatops.md alone in the voice of a newcomer's
/// hedges, apologies and tentative requests, sealed while the first round of the session
/// was fixed and measured once after it: intent 92.67% (session-start engine: 92.00%).
/// Fixed by class (Konglish verbs, apologies and courteous leads, until-clauses, slash
/// commands, a phrase of the console's keeping a sentence on topic, an object named for a
/// silence, restarting the polling), then learned.
#[test]
fn blind_set_45() {
    check("blind45", include_str!("chatops_eval/blind45.jsonl"), 95.3);
}

/// Set 46 (session 11), written from docs/chatops.md alone in the voice of an incident
/// review: timelines, past tense, follow-up orders, sealed while the first round of the
/// session was fixed and measured once after it: intent 95.33% (session-start engine:
/// 94.67%). Fixed by class (Konglish verbs, apologies and courteous leads, until-clauses,
/// slash commands, a phrase of the console's keeping a sentence on topic, an object named
/// for a silence, restarting the polling), then learned.
#[test]
fn blind_set_46() {
    check("blind46", include_str!("chatops_eval/blind46.jsonl"), 95.6);
}

/// Set 47 (session 11), written from docs/chatops.md alone in the voice of a bilingual
/// Slack channel: code-switching, emoji, backticks, slash commands, reactions, sealed while
/// the first round of the session was fixed and measured once after it: intent 92.33%
/// (session-start engine: 91.33%), 1 misfire, old ("+1" read as a silence). Fixed by class
/// (Konglish verbs, apologies and courteous leads, until-clauses, slash commands, a phrase
/// of the console's keeping a sentence on topic, an object named for a silence, restarting
/// the polling), then learned.
#[test]
fn blind_set_47() {
    check("blind47", include_str!("chatops_eval/blind47.jsonl"), 95.0);
}

/// Set 48 (session 11), written from docs/chatops.md alone in the voice of an ML
/// researcher's long formal sentences and academic Korean (…해 주시면 감사하겠습니다), sealed while
/// two rounds of the session were fixed and measured once after them: intent 88.33%
/// (session-start engine: 87.00%). Fixed by class (thanks that ask, relayed orders, reasons
/// after since/because, hearsay and promises closing an order, Korean typed in English
/// mode, apostrophes left out of question words), then learned.
#[test]
fn blind_set_48() {
    check("blind48", include_str!("chatops_eval/blind48.jsonl"), 94.0);
}

/// Set 49 (session 11), written from docs/chatops.md alone in the voice of a support agent
/// relaying what customers and leads said (팀장님이 …하라고 하셨어요), sealed while two rounds of the
/// session were fixed and measured once after them: intent 92.00% (session-start engine:
/// 91.33%). Fixed by class (thanks that ask, relayed orders, reasons after since/because,
/// hearsay and promises closing an order, Korean typed in English mode, apostrophes left
/// out of question words), then learned.
#[test]
fn blind_set_49() {
    check("blind49", include_str!("chatops_eval/blind49.jsonl"), 95.0);
}

/// Set 50 (session 11), written from docs/chatops.md alone in the voice of a DevOps
/// engineer typing terse CLI-like commands, sealed while two rounds of the session were
/// fixed and measured once after them: intent 95.33% (session-start engine: 94.33%). Fixed
/// by class (thanks that ask, relayed orders, reasons after since/because, hearsay and
/// promises closing an order, Korean typed in English mode, apostrophes left out of
/// question words), then learned.
#[test]
fn blind_set_50() {
    check("blind50", include_str!("chatops_eval/blind50.jsonl"), 96.6);
}

/// Set 51 (session 11), written from docs/chatops.md alone in the voice of an exhausted
/// night-shift operator's slips, and Korean typed in English mode, sealed while two rounds
/// of the session were fixed and measured once after them: intent 92.00% (session-start
/// engine: 91.33%), 1 misfire, old ("hows the backup holdin up" read as a pause). Fixed by
/// class (thanks that ask, relayed orders, reasons after since/because, hearsay and
/// promises closing an order, Korean typed in English mode, apostrophes left out of
/// question words), then learned.
#[test]
fn blind_set_51() {
    check("blind51", include_str!("chatops_eval/blind51.jsonl"), 97.0);
}

/// Set 52 (session 11), written from docs/chatops.md alone in the voice of an on-call
/// engineer's shift handoffs and FYIs, sealed while three rounds of the session were fixed
/// and measured once after them: intent 94.33% (session-start engine: 92.67%), 1 misfire,
/// old ("fyi i'm writing the incident summary — list whatever is down…" read as an export).
/// Fixed by class (the request and question endings of the south's dialects, orders left in
/// place with …해두세요, what the speaker is doing told rather than ordered), then learned.
#[test]
fn blind_set_52() {
    check("blind52", include_str!("chatops_eval/blind52.jsonl"), 95.0);
}

/// Set 53 (session 11), written from docs/chatops.md alone in the voice of Gyeongsang and
/// Jeolla dialects (…해주이소, …해불어, 와 이리 느리노) and plain English teammates, sealed while three
/// rounds of the session were fixed and measured once after them: intent 86.67% (session-
/// start engine: 84.00%). Fixed by class (the request and question endings of the south's
/// dialects, orders left in place with …해두세요, what the speaker is doing told rather than
/// ordered), then learned.
#[test]
fn blind_set_53() {
    check("blind53", include_str!("chatops_eval/blind53.jsonl"), 95.6);
}

/// Set 54 (session 11), written from docs/chatops.md alone in the voice of a product
/// manager's and a director's metrics and comparisons, sealed while three rounds of the
/// session were fixed and measured once after them: intent 95.33% (session-start engine:
/// 94.33%). Fixed by class (the request and question endings of the south's dialects,
/// orders left in place with …해두세요, what the speaker is doing told rather than ordered),
/// then learned.
#[test]
fn blind_set_54() {
    check("blind54", include_str!("chatops_eval/blind54.jsonl"), 95.6);
}

/// Set 55 (session 11), written from docs/chatops.md alone in the voice of colleagues
/// writing English and Korean as a second language, sealed while three rounds of the
/// session were fixed and measured once after them: intent 98.33% (session-start engine:
/// 98.33%). Fixed by class (the request and question endings of the south's dialects,
/// orders left in place with …해두세요, what the speaker is doing told rather than ordered),
/// then learned.
#[test]
fn blind_set_55() {
    check("blind55", include_str!("chatops_eval/blind55.jsonl"), 97.6);
}

/// Set 56 (session 11), written from docs/chatops.md alone in the voice of a compliance
/// auditor and the ops manager answering (audit trails, change tickets, conditional
/// instructions), sealed while four rounds of the session were fixed and measured once
/// after them: intent 89.33% (session-start engine: 87.00%), 2 misfires: "If Gateway
/// degrades again during the window, run recovery." (old) and "게이트웨이 방화벽 규칙 변경 승인 부탁드립니다"
/// (new this session). Fixed by class (a condition before an order waits for it; the model
/// makes no order of words without a verb; an order among two unknown words that the model
/// reads otherwise is asked back; cl, loc, maint, 🔕, 🛑 and ㅅㅌ are words), then learned.
#[test]
fn blind_set_56() {
    check("blind56", include_str!("chatops_eval/blind56.jsonl"), 91.0);
}

/// Set 57 (session 11), written from docs/chatops.md alone in the voice of frustrated,
/// sarcastic operators (rhetorical questions, caps, venting), sealed while four rounds of
/// the session were fixed and measured once after them: intent 88.33% (session-start
/// engine: 85.33%). Fixed by class (a condition before an order waits for it; the model
/// makes no order of words without a verb; an order among two unknown words that the model
/// reads otherwise is asked back; cl, loc, maint, 🔕, 🛑 and ㅅㅌ are words), then learned.
#[test]
fn blind_set_57() {
    check("blind57", include_str!("chatops_eval/blind57.jsonl"), 89.0);
}

/// Set 58 (session 11), written from docs/chatops.md alone in the voice of a trainer asking
/// how to ask and quoting commands under discussion, sealed while four rounds of the
/// session were fixed and measured once after them: intent 94.00% (session-start engine:
/// 93.00%), 1 misfire, old ("if local gets any worse, would you restart it?"). Fixed by
/// class (a condition before an order waits for it; the model makes no order of words
/// without a verb; an order among two unknown words that the model reads otherwise is asked
/// back; cl, loc, maint, 🔕, 🛑 and ㅅㅌ are words), then learned.
#[test]
fn blind_set_58() {
    check("blind58", include_str!("chatops_eval/blind58.jsonl"), 95.3);
}

/// Set 59 (session 11), written from docs/chatops.md alone in the voice of operators who
/// type one to three words (gw?, mute cl 1h, ㅅㅌ), sealed while four rounds of the session
/// were fixed and measured once after them: intent 88.67% (session-start engine: 88.33%), 1
/// misfire, old ("복구 ㅅㅌ" read as running recovery). Fixed by class (a condition before an
/// order waits for it; the model makes no order of words without a verb; an order among two
/// unknown words that the model reads otherwise is asked back; cl, loc, maint, 🔕, 🛑 and ㅅㅌ
/// are words), then learned.
#[test]
fn blind_set_59() {
    check("blind59", include_str!("chatops_eval/blind59.jsonl"), 93.0);
}

/// Session 12, set 60: an on-call SRE pasting alerts and pager shorthand before the ask
/// ("[FIRING] … — ack, mute it for an hour", "PD-4411 resolved?"). Measured once on the
/// session-start engine: intent 94.0%, no misfire. Fixed by class (an identifier opening a
/// sentence is its subject; a request ending after a known word is not a typo), then
/// learned.
#[test]
fn blind_set_60() {
    check("blind60", include_str!("chatops_eval/blind60.jsonl"), 96.0);
}

/// Set 61: young operators' slang (ㄱㄱ, 꺼조, 켜줘잉, "is it cooked", "ngl"). Measured once on
/// the session-start engine: intent 92.67%, 1 misfire, old ("전체 상태 한번 뽑아줘잉" read as
/// an export). Fixed by class (pulling up the status shows it: only a dashboard or a file
/// pulled is written out; cute request endings), then learned.
#[test]
fn blind_set_61() {
    check("blind61", include_str!("chatops_eval/blind61.jsonl"), 96.6);
}

/// Set 62: the console called by name in a team chat ("@sb could you…", "스위치보드야 …",
/// "thanks switchboard"), with greetings, reasons and sign-offs. Measured once on the
/// session-start engine: intent 90.67%, 1 misfire, old ("@sb 님 멈춘 거 다시 돌려주세요,
/// 캡처 끝났어요" read as a pause). Fixed by class (the console's name and people's @handles
/// are taken out; a polite question then a remark; what was stopped, set going again),
/// then learned.
#[test]
fn blind_set_62() {
    check("blind62", include_str!("chatops_eval/blind62.jsonl"), 96.3);
}

/// Set 63: a customer-success lead, a sales engineer and an executive speaking of
/// customers, SLAs and demos. Measured once on the session-start engine: intent 88.67%, no
/// misfire. Fixed by class (what must not happen is a reason, not a refusal; an order
/// someone wants done, relayed; advice refused, then the order), then learned.
#[test]
fn blind_set_63() {
    check("blind63", include_str!("chatops_eval/blind63.jsonl"), 92.6);
}

/// Set 64: an operator mid-conversation, pointing back at what the console or a
/// teammate just said ("아까 꺼둔 자동 복구 이제 켜줘", "same for cloud, silence it 30m").
/// Measured once after round 1 (5db15f5): intent 89.33%, no misfire (session-start engine:
/// 88.0%). Fixed by class (what was left off or stopped describes the thing; the switch
/// ordered is not its history; "방금 말한" points back), then learned.
#[test]
fn blind_set_64() {
    check("blind64", include_str!("chatops_eval/blind64.jsonl"), 93.0);
}

/// Set 65: phone keyboards' autocorrect ("restart the great way", "clod", "rooting",
/// "résumé polling"). Measured once after round 1: intent 89.67%, channel 92.67%, no
/// misfire (session-start engine: 89.33%). Fixed by class (accents folded; "clod", "loco",
/// "rooting", "audio recovery" read as what they replace), then learned. "the great way"
/// is left unread ("a great way to start the day" is English), so its channel floor is
/// its own.
#[test]
fn blind_set_65() {
    check_channels(
        "blind65",
        include_str!("chatops_eval/blind65.jsonl"),
        94.3,
        95.0,
    );
}

/// Set 66: a performance engineer's numbers (thresholds, percentiles, "1h30", "반 시간").
/// Measured once after round 1: intent 96.0% (session-start engine: 95.67%), 1 misfire,
/// old ("멈춰둔 업데이트 다시 켜" read as a pause; the session-start engine did the same).
/// Fixed by class, then learned.
#[test]
fn blind_set_66() {
    check("blind66", include_str!("chatops_eval/blind66.jsonl"), 96.6);
}

/// Set 67: lines pasted from mail, chat and tickets ("Fwd: …", "[#ops-alert 10:42] 박대리:
/// …", "> quoted — the ask", "Sent from my iPhone", "김OO 드림"). Measured once after round
/// 1: intent 89.33%, no misfire (session-start engine: 87.67%). Fixed by class (the wrapping
/// is taken off: `paste`), then learned.
#[test]
fn blind_set_67() {
    check("blind67", include_str!("chatops_eval/blind67.jsonl"), 95.0);
}

/// Set 68: platform engineers carrying kubectl, k9s and systemctl habits into the prompt
/// ("rollout restart cloud", "describe gateway", "systemctl enable auto-recovery").
/// Measured once after round 2 (8b6f945): intent 83.0%, no misfire (session-start engine:
/// 83.33%). Fixed by class (the CLIs' words and command prefixes; comparing asks), then
/// learned.
#[test]
fn blind_set_68() {
    check("blind68", include_str!("chatops_eval/blind68.jsonl"), 92.0);
}

/// Set 69: emoji and reactions ("👀 gateway?", "✅ apply", "🔇 local 30m", "ㅠㅠ").
/// Measured once after round 2: intent 92.67%, no misfire (session-start engine: 92.67%).
/// Learned.
#[test]
fn blind_set_69() {
    check("blind69", include_str!("chatops_eval/blind69.jsonl"), 92.0);
}

/// Set 70: other fields' metaphors (a trader's halt, a pilot's autopilot, a nurse's vitals,
/// a race engineer's "box box"). Measured once after round 2: intent 71.67%, no misfire
/// (session-start engine: 71.33%): the lowest first reading yet. Learned; its classes are
/// left for the next round.
#[test]
fn blind_set_70() {
    check("blind70", include_str!("chatops_eval/blind70.jsonl"), 83.6);
}

/// Set 71: an outsourced desk's business English ("Kindly…", "Please do the needful") and
/// formal Korean memos ("…하여 주시기 바랍니다", "…여부 확인", "…요망"). Measured once after
/// round 2: intent 89.0%, 4 misfires, all old (a memo's request to check, review, reply with
/// or report something read as the thing; the session-start engine read the same four).
/// Fixed by class (asking to be told in a memo's words; "…하여도 무방한지" weighs), then
/// learned.
#[test]
fn blind_set_71() {
    check("blind71", include_str!("chatops_eval/blind71.jsonl"), 92.3);
}

/// Set 72: a telecom NOC engineer (circuits, trunks, 회선, 절체, shift-log and ticket
/// comments). Measured once at this session's start: intent 92.67%, no misfire. Fixed by
/// class (directive endings, notification words, held-down letters), then learned.
#[test]
fn blind_set_72() {
    check("blind72", include_str!("chatops_eval/blind72.jsonl"), 94.0);
}

/// Set 73: an operator mid-incident (CAPS, "pleaseeee", 제발, ㅠㅠ, 아 진짜, mild swearing).
/// Measured once at this session's start: intent 89.0%, no misfire. Held-down letters
/// come back, 제발 is never half of 해제, then learned.
#[test]
fn blind_set_73() {
    check("blind73", include_str!("chatops_eval/blind73.jsonl"), 92.6);
}

/// Set 74: senior people of an old-school company (한자어 directives: …할 것, …하도록,
/// …바람, 가동/송출/원복; a VP's euphemisms). Measured once at this session's start:
/// intent 78.33%, no misfire. Learning it exposed two: "…가동 중인지 여부 확인 바람" (a
/// memo asking to check) and "circle back before we apply anything" (before, like after,
/// defers); both fixed by class.
#[test]
fn blind_set_74() {
    check("blind74", include_str!("chatops_eval/blind74.jsonl"), 89.6);
}

/// Set 75: Japanese and Chinese speakers writing Korean and English, and machine
/// translation ("do the stopping of the alarm", "자동복구를 무효로"). Measured once at this
/// session's start: intent 85.0%, no misfire. Fixed by class, then learned.
#[test]
fn blind_set_75() {
    check("blind75", include_str!("chatops_eval/blind75.jsonl"), 93.3);
}

/// Set 76: a QA tester's near-misses (orders that are not, questions that are). Measured
/// once after round 1: intent 95.0%, no misfire (session-start engine 94.33%). Three
/// "can you …?" rows the writer called orders were relabelled by docs/chatops.md (it stays
/// a question; "can you please …" is a request).
#[test]
fn blind_set_76() {
    check("blind76", include_str!("chatops_eval/blind76.jsonl"), 96.3);
}

/// Set 77: off-hours texting (ㅋㅋ, ㄱㄱ, rn, lol, tbh). Measured once after round 1:
/// intent 94.67%, no misfire (session-start engine 94.33%).
#[test]
fn blind_set_77() {
    check("blind77", include_str!("chatops_eval/blind77.jsonl"), 95.3);
}

/// Set 78: an automation engineer's forms and code ("action: restart, target: gateway",
/// "set autorecover=false", "요청: … / 사유: …"). Measured once after round 1: intent 87.0%,
/// no misfire (session-start engine 87.67%). Forms are now read as their words (`form`).
#[test]
fn blind_set_78() {
    check("blind78", include_str!("chatops_eval/blind78.jsonl"), 95.6);
}

/// Set 79: a team lead delegating (…해놔, …살려놓으래, "make it happen"). Measured once
/// after round 1: intent 91.0%, no misfire (session-start engine the same). Learning it
/// exposed one: "아까 세워둔 폴링 다시 돌려" read as a pause; polling left stopped now
/// describes it.
#[test]
fn blind_set_79() {
    check("blind79", include_str!("chatops_eval/blind79.jsonl"), 92.6);
}

/// Set 80: a Windows desktop admin (services, end task, F5, Alt-F4, 예약 작업). Measured
/// once after round 2: intent 89.67%, no misfire (session-start engine 89.0%).
#[test]
fn blind_set_80() {
    check("blind80", include_str!("chatops_eval/blind80.jsonl"), 95.0);
}

/// Set 81: gamers (respawn, rez, 부활, afk, 렉, 핑). Measured once after round 2: intent
/// 88.33%, no misfire (session-start engine the same).
#[test]
fn blind_set_81() {
    check("blind81", include_str!("chatops_eval/blind81.jsonl"), 93.3);
}

/// Set 82: asks buried in framing ("Not urgent, but…", "Sorry if this is a dumb question
/// —", "그건 그렇고", "…thanks in advance!"). Measured once after round 2: intent 78.33%, no
/// misfire (session-start engine 77.0%): "Not urgent" negated the order. The framing is
/// now taken off (`preamble`).
#[test]
fn blind_set_82() {
    check("blind82", include_str!("chatops_eval/blind82.jsonl"), 92.0);
}

/// Set 83: natives' spelling slips (됬, 할께, 않해, should of, were = we're). Measured once
/// after round 2: intent 91.67%, no misfire (session-start engine 91.33%).
#[test]
fn blind_set_83() {
    check("blind83", include_str!("chatops_eval/blind83.jsonl"), 91.3);
}

/// Set 84: an incident commander (declare, mitigate, stand down, 완화 조치, 상황 전파).
/// Measured once after round 3: intent 94.33%, no misfire (session-start engine 93.67%).
/// Learned; its classes are left for the next round.
#[test]
fn blind_set_84() {
    check("blind84", include_str!("chatops_eval/blind84.jsonl"), 95.0);
}

/// Set 85: a data scientist (p95, z-score, extrapolate, 이상치, 회귀). Measured once after
/// round 3: intent 94.33%, no misfire (session-start engine 94.0%). Learned.
#[test]
fn blind_set_85() {
    check("blind85", include_str!("chatops_eval/blind85.jsonl"), 95.3);
}

/// Set 86: a FinOps owner (cost per 1k tokens, budget, 단가, 예산). Measured once after
/// round 3: intent 93.0%, no misfire (session-start engine 91.67%). Learned.
#[test]
fn blind_set_86() {
    check("blind86", include_str!("chatops_eval/blind86.jsonl"), 94.3);
}

/// Set 87: office jargon (판교 사투리: 얼라인, 아삽, …하시죠; LGTM, ship it). Measured once
/// after round 3: intent 92.67%, no misfire (session-start engine 92.0%). "…하시죠"
/// proposes, it does not ask (fixed after the measurement); learned.
#[test]
fn blind_set_87() {
    check("blind87", include_str!("chatops_eval/blind87.jsonl"), 95.6);
}

/// Set 88: second-language writers (learner's Korean: dictionary forms, missing
/// particles; Korean-influenced English). Measured once on the session-start engine:
/// intent 93.67%, no misfire; learned.
#[test]
fn blind_set_88() {
    check("blind88", include_str!("chatops_eval/blind88.jsonl"), 94.3);
}

/// Set 89: radio and military brevity ("Roger", "over", "wilco"; 무전 "…바람. 이상.", 다나까체).
/// Measured once on the session-start engine: intent 87.00%, no misfire; a radio sign-off
/// after its mark closes the ask (fixed after the measurement); learned.
#[test]
fn blind_set_89() {
    check("blind89", include_str!("chatops_eval/blind89.jsonl"), 93.6);
}

/// Set 90: a memo's passive and nominal orders ("A restart of the gateway is requested",
/// "It is requested that …", "…되도록 조치 바람", 개조식 "…부탁드림"). Measured once on the session-
/// start engine: intent 70.33%, two misfires ("REQ: list of recoveries run …", "노트북 재부팅
/// 조치 요청드립니다"), both fixed by class; learned.
#[test]
fn blind_set_90() {
    check("blind90", include_str!("chatops_eval/blind90.jsonl"), 93.0);
}

/// Set 91: LLM-prompting habits ("You are my ops assistant. Task: …", "Act as an SRE and
/// …", "Keep the answer short", "표로 정리해 줘"). Measured once on the session-start engine:
/// intent 91.33%, one misfire ("Act as a poet and write a haiku about clouds" wrote a
/// file), fixed by class; learned.
#[test]
fn blind_set_91() {
    check("blind91", include_str!("chatops_eval/blind91.jsonl"), 95.3);
}

/// Set 92: softened and indirect asks (눈치: "…해 주셨으면 해요", "…부탁드려도 될까요?", "…꺼 주시면 안 될까요?";
/// "it'd be great if you could …", "if you would"). Measured once after round 1: intent
/// 75.33%, no misfire (session-start engine 75.33%). Wishes and leave-to-ask requests now
/// order (fixed after the measurement); opinions ("I think we should …", "…하는 게 좋을 것
/// 같아요") stay hedges, which the writer labelled orders; learned.
#[test]
fn blind_set_92() {
    check("blind92", include_str!("chatops_eval/blind92.jsonl"), 81.3);
}

/// Set 93: European second-language English (false friends, ", yes?" tags) and mixed 한영
/// Korean. Measured once after round 1: intent 93.67%, no misfire (session-start engine
/// 93.00%); learned.
#[test]
fn blind_set_93() {
    check("blind93", include_str!("chatops_eval/blind93.jsonl"), 95.6);
}

/// Set 94: chains and conditions ("restart gateway and then show me its health", "…하고 나서
/// …", "…한 다음에 …"; "if cloud dies again, restart it"). Measured once after round 1:
/// intent 72.33%, no misfire (session-start engine 67.00%). The first thing asked is read
/// (fixed after the measurement); learned.
#[test]
fn blind_set_94() {
    check("blind94", include_str!("chatops_eval/blind94.jsonl"), 94.6);
}

/// Set 95: voice dictation and one-handed typing ("comma", "period" and "question mark"
/// said aloud, homophones, number words). Measured once after round 1: intent 92.33%, one
/// misfire ("just bounced clowd comma healthy now" restarted Cloud), fixed by class;
/// learned.
#[test]
fn blind_set_95() {
    check("blind95", include_str!("chatops_eval/blind95.jsonl"), 96.3);
}

/// Set 96: a sales engineer narrating a demo ("now let's look at the routing", "…해
/// 보겠습니다", "next, we'll mute Cloud"). Measured once after round 2: intent 88.33%, one
/// misfire ("should Cloud start failing while I'm presenting, restart it": an inverted
/// condition), fixed by class. The writer labelled announced plans as orders, which the
/// docs read as plans; learned.
#[test]
fn blind_set_96() {
    check("blind96", include_str!("chatops_eval/blind96.jsonl"), 87.0);
}

/// Set 97: a database administrator (switchover, promote, take out of rotation, 이중화, 세션
/// 킬). Measured once after round 2: intent 96.67%, one misfire ("멈춰놨던 갱신 다시 켜" paused),
/// fixed by class; learned.
#[test]
fn blind_set_97() {
    check("blind97", include_str!("chatops_eval/blind97.jsonl"), 96.3);
}

/// Set 98: a graduate student running the lab's inference servers (교수님, 랩실, "my
/// experiment is blocked"). Measured once after round 2: intent 97.67%, no misfire;
/// learned.
#[test]
fn blind_set_98() {
    check("blind98", include_str!("chatops_eval/blind98.jsonl"), 96.6);
}

/// Set 99: call-centre agents (고객님, "I'll go ahead and …", ticket numbers, relayed
/// customer requests). Measured once after round 2: intent 93.67%, no misfire; learned.
#[test]
fn blind_set_99() {
    check("blind99", include_str!("chatops_eval/blind99.jsonl"), 92.6);
}

/// Set 100: a security incident responder (containment, quarantine, kill switch, 격리,
/// 증거). Measured once at the session-15 start: intent 89.33%, no misfire; learned.
#[test]
fn blind_set_100() {
    check(
        "blind100",
        include_str!("chatops_eval/blind100.jsonl"),
        90.0,
    );
}

/// Set 101: over-explainers, the ask in the middle of a paragraph of story. Measured once
/// at the session-15 start: intent 74.33%, one misfire ("I paused the follow mode earlier
/// … Could you un-pause it?"), fixed by class (a paragraph's story sentences, "un-pause");
/// learned.
#[test]
fn blind_set_101() {
    check(
        "blind101",
        include_str!("chatops_eval/blind101.jsonl"),
        84.0,
    );
}

/// Set 102: change management in a regulated company (CAB, 결재, 작업 계획서, rollback
/// plans). Measured once at the session-15 start: intent 91.00%, two misfires ("…, 인시던트
/// 보고서 첨부용입니다" exported; "🔄 before I close the ticket" paused), fixed by class;
/// learned.
#[test]
fn blind_set_102() {
    check(
        "blind102",
        include_str!("chatops_eval/blind102.jsonl"),
        93.0,
    );
}

/// Set 103: people who phrase every request as a question ("mind muting gateway?", "…해
/// 줄래?", "can you …?"). Measured once at the session-15 start: intent 94.33%, no
/// misfire; learned.
#[test]
fn blind_set_103() {
    check(
        "blind103",
        include_str!("chatops_eval/blind103.jsonl"),
        96.0,
    );
}

/// Set 104: a war-room team talking as "we" ("let's restart Cloud", "우리 게이트웨이
/// 재시작하자"). Measured once after round 1: intent 91.67%, one misfire ("일시정지 풀자"
/// paused), fixed by class ("풀자" undoes); learned.
#[test]
fn blind_set_104() {
    check(
        "blind104",
        include_str!("chatops_eval/blind104.jsonl"),
        92.0,
    );
}

/// Set 108: speech-to-text in both languages (homophones, "게이트 웨이 제 시작", numbers
/// as words, fillers kept). Measured once after round 2: intent 96.67%, no misfire;
/// learned.
#[test]
fn blind_set_108() {
    check(
        "blind108",
        include_str!("chatops_eval/blind108.jsonl"),
        97.3,
    );
}

/// Set 105: corrections mid-line ("restart local — sorry, gateway", "아 아니 클라우드").
/// Measured once after session 15's round 1: intent 80.3%, 3 misfires; corrections read
/// from their last marker, an ask after the marker keeping only the topic before; learned.
/// A correction that names a new channel is read by it, so its channel floor is its own.
#[test]
fn blind_set_105() {
    check_channels(
        "blind105",
        include_str!("chatops_eval/blind105.jsonl"),
        92.0,
        95.5,
    );
}

/// Set 106: e-mail and ticket framing (subjects, sign-offs, "Re:", "FW:", "제목:"). Measured
/// once after session 15's round 1: intent 84.7%, 1 misfire (a reply's subject read as
/// its ask); a mail's body is read about what its subject names; learned.
#[test]
fn blind_set_106() {
    check(
        "blind106",
        include_str!("chatops_eval/blind106.jsonl"),
        90.0,
    );
}

/// Set 107: pilot checklists. Measured once after session 15's round 1: intent 91.7%,
/// 3 misfires ("hold the routing apply until …" defers, "실행된 복구 목록" lists); learned.
#[test]
fn blind_set_107() {
    check(
        "blind107",
        include_str!("chatops_eval/blind107.jsonl"),
        94.0,
    );
}

/// Set 109: frustrated complaints. Measured once after session 15's round 2: intent
/// 92.3%, 2 misfires (an opinion closed by "honestly", "un-freeze"); learned.
#[test]
fn blind_set_109() {
    check(
        "blind109",
        include_str!("chatops_eval/blind109.jsonl"),
        93.3,
    );
}

/// Set 110: night shift with times and durations. Measured once after session 15's
/// round 2: intent 92.0%, 1 misfire ("thanks, that saved my night"); learned.
#[test]
fn blind_set_110() {
    check(
        "blind110",
        include_str!("chatops_eval/blind110.jsonl"),
        93.6,
    );
}

/// Set 111: user stories and Given/When/Then. Measured once after session 15's round 2:
/// intent 91.0%, no misfire; a condition between the clauses holds the order; learned.
#[test]
fn blind_set_111() {
    check(
        "blind111",
        include_str!("chatops_eval/blind111.jsonl"),
        94.3,
    );
}

/// Set 112: what is on the screen ("the red one at the top", "맨 위에 있는 거"). Measured
/// once on the session-16 start engine: intent 90.67%, no misfire; learned.
#[test]
fn blind_set_112() {
    check(
        "blind112",
        include_str!("chatops_eval/blind112.jsonl"),
        92.0,
    );
}

/// Set 113: tag and negative questions ("…, won't you?", "…, 알았지?", "…해 주지
/// 않을래요?", "didn't someone already restart …?"). Measured once on the session-16
/// start engine: intent 77.33%, no misfire; 95.33% held out after round 1; learned.
#[test]
fn blind_set_113() {
    check(
        "blind113",
        include_str!("chatops_eval/blind113.jsonl"),
        95.3,
    );
}

/// Set 114: screen controls ("hit the pause button", "복구 버튼 눌러줘"). Measured once
/// on the session-16 start engine: intent 81.67%, no misfire; 92.67% held out after
/// round 1; learned.
#[test]
fn blind_set_114() {
    check(
        "blind114",
        include_str!("chatops_eval/blind114.jsonl"),
        94.3,
    );
}

/// Set 115: thinking aloud ("gateway's dragging… ok apply the recommended routing").
/// Measured once on the session-16 start engine: intent 77.67%, 1 misfire; 89.33% held
/// out after round 1; learned.
#[test]
fn blind_set_115() {
    check(
        "blind115",
        include_str!("chatops_eval/blind115.jsonl"),
        89.6,
    );
}

/// Set 116: Markdown chat ("**restart** gateway", bullets, `code`). Measured once on the session-16 round-1 engine: intent 96.00%, no misfire;
/// 96.00% held out after session 17's rounds; learned.
#[test]
fn blind_set_116() {
    check(
        "blind116",
        include_str!("chatops_eval/blind116.jsonl"),
        96.3,
    );
}

/// Set 117: comparisons ("which is faster, local or cloud?"). Measured once on the session-16 round-1 engine: intent 87.33%, no misfire;
/// 87.67% held out after session 17's rounds; learned.
#[test]
fn blind_set_117() {
    check_channels(
        "blind117",
        include_str!("chatops_eval/blind117.jsonl"),
        89.0,
        95.0,
    );
}

/// Set 118: pasted alerts and log lines ("[WARN] … — restart it"). Measured once on the session-16 round-1 engine: intent 71.33%, 1 misfire (fixed);
/// 72.67% held out after session 17's rounds; learned.
#[test]
fn blind_set_118() {
    check_channels(
        "blind118",
        include_str!("chatops_eval/blind118.jsonl"),
        81.6,
        93.3,
    );
}

/// Set 119: a trainee's what-if questions. Measured once on the session-16 round-1 engine: intent 96.67%, no misfire;
/// 96.67% held out after session 17's rounds; learned.
#[test]
fn blind_set_119() {
    check(
        "blind119",
        include_str!("chatops_eval/blind119.jsonl"),
        96.0,
    );
}

/// Set 120: asides in brackets ("… (느려서)"). Measured once on the session-16 round-1 engine: intent 83.67%, 2 misfires (fixed);
/// 91.00% held out after session 17's rounds; learned.
#[test]
fn blind_set_120() {
    check(
        "blind120",
        include_str!("chatops_eval/blind120.jsonl"),
        90.3,
    );
}

/// Set 121: permission and confirmation ("go ahead and …", "해도 돼, 진행해"). Measured once on the session-16 round-1 engine: intent 81.00%, no misfire;
/// 94.00% held out after session 17's rounds; learned.
#[test]
fn blind_set_121() {
    check(
        "blind121",
        include_str!("chatops_eval/blind121.jsonl"),
        94.0,
    );
}

/// Set 122: the console in the third person ("have the console …", "콘솔더러 …하라 그래"). Measured once on the session-16 round-1 engine: intent 85.67%, 2 misfires (fixed);
/// 97.00% held out after session 17's rounds; learned.
#[test]
fn blind_set_122() {
    check(
        "blind122",
        include_str!("chatops_eval/blind122.jsonl"),
        96.3,
    );
}

/// Set 124: rare synonyms ("reinstate", "속개", "cold-start"). Measured once on the session-17 start engine: intent 82.67%, no misfire;
/// 82.67% held out after session 17's rounds; learned.
#[test]
fn blind_set_124() {
    check(
        "blind124",
        include_str!("chatops_eval/blind124.jsonl"),
        90.3,
    );
}

/// Set 125: moved word order ("Turn it off, auto recovery.", "대시보드, 내보내."). Measured once on the session-17 start engine: intent 88.33%, 1 misfire (fixed);
/// 93.00% held out after session 17's rounds; learned.
#[test]
fn blind_set_125() {
    check(
        "blind125",
        include_str!("chatops_eval/blind125.jsonl"),
        91.6,
    );
}

/// Set 126: status-page and incident-update register. Measured once on the session-17 start engine: intent 93.00%, no misfire;
/// 93.00% held out after session 17's rounds; learned.
#[test]
fn blind_set_126() {
    check(
        "blind126",
        include_str!("chatops_eval/blind126.jsonl"),
        92.0,
    );
}

/// Set 127: model-serving vocabulary (vLLM replicas, inference endpoints). Measured once on the session-17 start engine: intent 93.00%, 1 misfire (fixed);
/// 93.33% held out after session 17's rounds; learned.
#[test]
fn blind_set_127() {
    check(
        "blind127",
        include_str!("chatops_eval/blind127.jsonl"),
        95.3,
    );
}

/// Set 128: commands talked about, not used ("what does 'reset' do?"). Measured once on the session-17 start engine: intent 93.67%, no misfire;
/// 93.67% held out after session 17's rounds; learned.
#[test]
fn blind_set_128() {
    check(
        "blind128",
        include_str!("chatops_eval/blind128.jsonl"),
        95.3,
    );
}

/// Set 129: slash-commands, bang-commands and hashtags ("/restart local", "#gateway"). Measured once on the session-17 start engine: intent 96.33%, no misfire;
/// 96.33% held out after session 17's rounds; learned.
#[test]
fn blind_set_129() {
    check(
        "blind129",
        include_str!("chatops_eval/blind129.jsonl"),
        96.0,
    );
}

/// Set 130: modals of ability and obligation ("can you …", "…할 수 있어?", "you must …"). Measured once on the session-17 start engine: intent 79.33%, no misfire;
/// 79.33% held out after session 17's rounds; learned.
#[test]
fn blind_set_130() {
    check(
        "blind130",
        include_str!("chatops_eval/blind130.jsonl"),
        78.6,
    );
}

/// Set 131: a timid junior's hedges and apologies. Measured once on the session-17 start engine: intent 90.00%, no misfire;
/// 90.00% held out after session 17's rounds; learned.
#[test]
fn blind_set_131() {
    check(
        "blind131",
        include_str!("chatops_eval/blind131.jsonl"),
        89.3,
    );
}

/// Set 132: scope and quantity ("all but gateway", "둘 다", "나머지"). Measured once on the session-17 round-1 engine: intent 92.33%, no misfire;
/// 92.33% held out after session 17's rounds; learned.
#[test]
fn blind_set_132() {
    check_channels(
        "blind132",
        include_str!("chatops_eval/blind132.jsonl"),
        92.0,
        88.3,
    );
}

/// Set 133: the console's output quoted back ("primary: Cloud — why?"). Measured once on the session-17 round-1 engine: intent 82.33%, no misfire;
/// 82.33% held out after session 17's rounds; learned.
#[test]
fn blind_set_133() {
    check(
        "blind133",
        include_str!("chatops_eval/blind133.jsonl"),
        84.6,
    );
}

/// Set 134: rhetorical questions and exclamations ("why is it STILL on?!"). Measured once on the session-17 round-1 engine: intent 83.67%, no misfire;
/// 83.67% held out after session 17's rounds; learned.
#[test]
fn blind_set_134() {
    check(
        "blind134",
        include_str!("chatops_eval/blind134.jsonl"),
        83.3,
    );
}

/// Set 135: long messenger-style sentences strung with connectives. Measured once on the session-17 round-1 engine: intent 78.00%, no misfire;
/// 78.00% held out after session 17's rounds; learned.
#[test]
fn blind_set_135() {
    check(
        "blind135",
        include_str!("chatops_eval/blind135.jsonl"),
        80.6,
    );
}

/// Set 123: headline-style noun phrases. Measured once on the session-16 round-1 engine (b936694): intent 89.67%, 3 misfires;
/// 91.33% held out after session 18's rounds; learned.
#[test]
fn blind_set_123() {
    check(
        "blind123",
        include_str!("chatops_eval/blind123.jsonl"),
        92.0,
    );
}

/// Set 136: regional speech (경상도/전라도/충청도 endings; Scottish, Irish, Australian, Southern US English). Measured once on the session-18 start engine (ecee149): intent 76.33%, 1 misfire;
/// 91.33% held out after session 18's rounds; learned.
#[test]
fn blind_set_136() {
    check(
        "blind136",
        include_str!("chatops_eval/blind136.jsonl"),
        91.6,
    );
}

/// Set 138: a compliance auditor's and a post-incident reviewer's formal wording. Measured once on the session-18 start engine (ecee149): intent 86.00%, 1 misfire;
/// 89.33% held out after session 18's rounds; learned.
#[test]
fn blind_set_138() {
    check(
        "blind138",
        include_str!("chatops_eval/blind138.jsonl"),
        91.0,
    );
}

/// Set 139: non-technical colleagues' everyday words ("the middleman", "외부 서비스", "the self-fixing feature"). Measured once on the session-18 start engine (ecee149): intent 80.67%, no misfire;
/// 87.33% held out after session 18's rounds; learned.
#[test]
fn blind_set_139() {
    check(
        "blind139",
        include_str!("chatops_eval/blind139.jsonl"),
        91.0,
    );
}

/// Set 140: figures everywhere: percentages, latencies, thresholds, durations, times of day. Measured once on the session-18 start engine (ecee149): intent 92.33%, 1 misfire;
/// 92.67% held out after session 18's rounds; learned.
#[test]
fn blind_set_140() {
    check(
        "blind140",
        include_str!("chatops_eval/blind140.jsonl"),
        93.3,
    );
}

/// Set 141: other tools' vocabulary (PagerDuty, Datadog, Argo CD, HAProxy, LiteLLM). Measured once on the session-18 start engine (ecee149): intent 81.00%, no misfire;
/// 81.00% held out after session 18's rounds; learned.
#[test]
fn blind_set_141() {
    check(
        "blind141",
        include_str!("chatops_eval/blind141.jsonl"),
        89.3,
    );
}

/// Set 142: playful registers (사극체, 다나까체, 급식체; pirate, Shakespeare, butler). Measured once on the session-18 start engine (ecee149): intent 82.33%, 1 misfire;
/// 82.67% held out after session 18's rounds; learned.
#[test]
fn blind_set_142() {
    check(
        "blind142",
        include_str!("chatops_eval/blind142.jsonl"),
        89.0,
    );
}

/// Set 143: mixed scripts (English in Hangul transliteration, Korean nouns in English lines). Measured once on the session-18 start engine (ecee149): intent 92.00%, no misfire;
/// 92.00% held out after session 18's rounds; learned.
#[test]
fn blind_set_143() {
    check_floors(
        "blind143",
        include_str!("chatops_eval/blind143.jsonl"),
        94.3,
        98.0,
        85.6,
    );
}

/// Set 144: abbreviations and clipped words ("rstrt lcl", "자복 꺼"). Measured once on the session-18 round-1 engine (b0ab6da): intent 63.00%, no misfire;
/// 63.00% held out after session 18's rounds; learned.
#[test]
fn blind_set_144() {
    check_channels(
        "blind144",
        include_str!("chatops_eval/blind144.jsonl"),
        83.6,
        92.5,
    );
}

/// Set 145: small talk around the ask (lunch, weather, the coffee machine). Measured once on the session-18 round-1 engine (b0ab6da): intent 82.00%, no misfire;
/// 82.00% held out after session 18's rounds; learned.
#[test]
fn blind_set_145() {
    check_channels(
        "blind145",
        include_str!("chatops_eval/blind145.jsonl"),
        83.0,
        96.5,
    );
}

/// Set 146: technical artifacts around the ask (ticket IDs, URLs, code spans, @mentions). Measured once on the session-18 round-1 engine (b0ab6da): intent 91.33%, 2 misfires;
/// 92.33% held out after session 18's rounds; learned.
#[test]
fn blind_set_146() {
    check(
        "blind146",
        include_str!("chatops_eval/blind146.jsonl"),
        93.3,
    );
}

/// Set 147: lines typed while multitasking (doubled or missing words, restarts, stray keys). Measured once on the session-18 round-1 engine (b0ab6da): intent 96.33%, no misfire;
/// 96.33% held out after session 18's rounds; learned.
#[test]
fn blind_set_147() {
    check(
        "blind147",
        include_str!("chatops_eval/blind147.jsonl"),
        95.6,
    );
}

/// Set 137: shift handover notes ("before I go, …", "퇴근 전에 …", "인수인계: …"). Measured once on the session-18 start engine (ecee149): intent 87.67%, 6 misfires;
/// 94.00% held out at the end of session 18 (the other new sets learned), no misfire; learned.
#[test]
fn blind_set_137() {
    check(
        "blind137",
        include_str!("chatops_eval/blind137.jsonl"),
        93.6,
    );
}

/// Set 148: orders put off to later and plans ("restart gateway at 3", "퇴근하고 나서 …", "we'll probably …"); rows ordering for later relabelled to the docs' rule (answered as questions). Measured once on the session-19 start engine (5e712d2): intent 81.67%, 16 misfires (fixed);
/// 89.33% held out after session 19's rounds; learned.
#[test]
fn blind_set_148() {
    check(
        "blind148",
        include_str!("chatops_eval/blind148.jsonl"),
        91.3,
    );
}

/// Set 149: screen-reader and voice-assistant habits ("read me the status", "소리로 알려 줘", "Hey switchboard"). Measured once on the session-19 start engine (5e712d2): intent 94.00%, 1 misfire (fixed);
/// 94.00% held out after session 19's rounds; learned.
#[test]
fn blind_set_149() {
    check(
        "blind149",
        include_str!("chatops_eval/blind149.jsonl"),
        93.3,
    );
}

/// Set 150: symptoms relayed from users and customers ("customers say the chatbot takes forever", "고객센터에서 끊긴대요"). Measured once on the session-19 start engine (5e712d2): intent 86.00%, no misfire;
/// 86.00% held out after session 19's rounds; learned.
#[test]
fn blind_set_150() {
    check(
        "blind150",
        include_str!("chatops_eval/blind150.jsonl"),
        87.3,
    );
}

/// Set 151: double negatives, litotes and understatement ("it wouldn't hurt to restart", "안 끄면 안 될 것 같아요"). Measured once on the session-19 start engine (5e712d2): intent 65.33%, 1 misfire (fixed);
/// 65.67% held out after session 19's rounds; learned.
#[test]
fn blind_set_151() {
    check(
        "blind151",
        include_str!("chatops_eval/blind151.jsonl"),
        65.7,
    );
}

/// Set 152: managers' reporting asks (weekly reports, KPIs, "…하는 걸로 하죠"). Measured once on the session-19 start engine (5e712d2): intent 89.33%, no misfire;
/// 92.33% held out after session 19's rounds; learned.
#[test]
fn blind_set_152() {
    check(
        "blind152",
        include_str!("chatops_eval/blind152.jsonl"),
        92.3,
    );
}

/// Set 153: spoken fillers and hesitation ("um", "uh", "음…", "그… 뭐냐"). Measured once on the session-19 start engine (5e712d2): intent 89.67%, 1 misfire (fixed);
/// 90.33% held out after session 19's rounds; learned.
#[test]
fn blind_set_153() {
    check(
        "blind153",
        include_str!("chatops_eval/blind153.jsonl"),
        90.7,
    );
}

/// Set 154: logistics and railway dispatch vocabulary (divert, hold at the platform, 배차, 운행 재개). Measured once on the session-19 start engine (5e712d2): intent 89.67%, 1 misfire (fixed);
/// 90.00% held out after session 19's rounds; learned.
#[test]
fn blind_set_154() {
    check(
        "blind154",
        include_str!("chatops_eval/blind154.jsonl"),
        93.7,
    );
}

/// Set 155: either-or and multiple-choice questions, some answered by their asker ("pause or not? pause.", "끌까? 아니 꺼 줘."). Measured once on the session-19 start engine (5e712d2): intent 61.00%, no misfire;
/// 83.00% held out after session 19's rounds; learned.
#[test]
fn blind_set_155() {
    check_channels(
        "blind155",
        include_str!("chatops_eval/blind155.jsonl"),
        86.0,
        94.7,
    );
}

/// Set 156: comparisons over time and periods ("slower than yesterday?", "아까보다 나아졌어?"). Measured once on the session-19 round-1 engine (662759b): intent 84.67%, no misfire;
/// 84.67% held out after session 19's rounds; learned.
#[test]
fn blind_set_156() {
    check(
        "blind156",
        include_str!("chatops_eval/blind156.jsonl"),
        88.0,
    );
}

/// Set 157: terse notes: 음슴체 and 개조식 ("재시작 요망"), telegraphic English ("gw slow. why"). Measured once on the session-19 round-1 engine (662759b): intent 95.00%, 1 misfire (fixed);
/// 95.33% held out after session 19's rounds; learned.
#[test]
fn blind_set_157() {
    check(
        "blind157",
        include_str!("chatops_eval/blind157.jsonl"),
        95.0,
    );
}

/// Set 158: idioms and phrasal verbs ("give the gateway a kick", "손 좀 봐줘", "call it a day"). Measured once on the session-19 round-1 engine (662759b): intent 68.33%, 2 misfires (fixed);
/// 68.67% held out after session 19's rounds; learned.
#[test]
fn blind_set_158() {
    check(
        "blind158",
        include_str!("chatops_eval/blind158.jsonl"),
        83.3,
    );
}

/// Set 159: complaints and questions about what the console did or did not do ("why didn't auto recovery kick in?", "됐고, 그냥 …"). Measured once on the session-19 round-1 engine (662759b): intent 78.33%, no misfire;
/// 78.33% held out after session 19's rounds; learned.
#[test]
fn blind_set_159() {
    check(
        "blind159",
        include_str!("chatops_eval/blind159.jsonl"),
        78.7,
    );
}

/// Set 160: an everyday mix: a Korean fintech's on-call SREs (the mix the issue names: 반말 to 합쇼체, Slack shorthand, emoji, typos, roles, questions about acting). Measured once on the session-20 start engine (b13be01): intent 98.33%, no misfire;
/// 99.33% held out after session 20's rounds; learned.
#[test]
fn blind_set_160() {
    check(
        "blind160",
        include_str!("chatops_eval/blind160.jsonl"),
        98.6,
    );
}

/// Set 161: an everyday mix: a game studio's ML platform team, Seoul and a US office. Measured once on the session-20 start engine (b13be01): intent 98.67%, no misfire;
/// 98.67% held out after session 20's rounds; learned.
#[test]
fn blind_set_161() {
    check(
        "blind161",
        include_str!("chatops_eval/blind161.jsonl"),
        98.0,
    );
}

/// Set 162: an everyday mix: a three-person startup running its own AI product. Measured once on the session-20 start engine (b13be01): intent 98.67%, no misfire;
/// 99.67% held out after session 20's rounds; learned.
#[test]
fn blind_set_162() {
    check(
        "blind162",
        include_str!("chatops_eval/blind162.jsonl"),
        98.6,
    );
}

/// Set 163: an everyday mix: a university hospital's IT desk, day and night staff. Measured once on the session-20 start engine (b13be01): intent 98.33%, no misfire;
/// 98.33% held out after session 20's rounds; learned.
#[test]
fn blind_set_163() {
    check(
        "blind163",
        include_str!("chatops_eval/blind163.jsonl"),
        97.3,
    );
}

/// Set 164: an everyday mix: an e-commerce platform team in a sale week, Korean and English speakers. Measured once on the session-20 start engine (b13be01): intent 98.00%, no misfire;
/// 99.00% held out after session 20's rounds; learned.
#[test]
fn blind_set_164() {
    check(
        "blind164",
        include_str!("chatops_eval/blind164.jsonl"),
        98.3,
    );
}

/// Set 165: asks scaled down or bargained ("just the gateway, not the others", "30분 말고 10분만"). Measured once on the session-20 start engine (b13be01): intent 96.33%, no misfire;
/// 97.67% held out after session 20's rounds; learned.
#[test]
fn blind_set_165() {
    check(
        "blind165",
        include_str!("chatops_eval/blind165.jsonl"),
        97.6,
    );
}

/// Set 166: sarcasm, irony and dry humour ("oh great, gateway's down again", "아주 잘~ 돌아가네 ㅋ"). Measured once on the session-20 start engine (b13be01): intent 82.67%, no misfire;
/// 82.67% held out after session 20's rounds; learned.
#[test]
fn blind_set_166() {
    check(
        "blind166",
        include_str!("chatops_eval/blind166.jsonl"),
        85.0,
    );
}

/// Set 167: checking up on what was just done ("did that go through?", "적용된 거 맞아?"). Measured once on the session-20 start engine (b13be01): intent 92.33%, 1 misfire (fixed: "도움말 다시 띄워줘" was a recovery run);
/// 92.67% held out after session 20's rounds; learned.
#[test]
fn blind_set_167() {
    check(
        "blind167",
        include_str!("chatops_eval/blind167.jsonl"),
        92.6,
    );
}

/// Set 168: an everyday mix: a logistics company's delivery-tracking assistant team. Measured once on the session-20 round-1 engine (before b46dc0c): intent 98.67%, no misfire;
/// 98.67% held out after session 20's rounds; learned.
#[test]
fn blind_set_168() {
    check(
        "blind168",
        include_str!("chatops_eval/blind168.jsonl"),
        97.6,
    );
}

/// Set 169: an everyday mix: a city government contractor's citizen-service chatbot team. Measured once on the session-20 round-1 engine (before b46dc0c): intent 96.67%, no misfire;
/// 97.00% held out after session 20's rounds; learned.
#[test]
fn blind_set_169() {
    check(
        "blind169",
        include_str!("chatops_eval/blind169.jsonl"),
        96.6,
    );
}

/// Set 170: an everyday mix: a newsroom's summarisation service team at evening deadlines. Measured once on the session-20 round-1 engine (before b46dc0c): intent 96.33%, no misfire;
/// 96.67% held out after session 20's rounds; learned.
#[test]
fn blind_set_170() {
    check(
        "blind170",
        include_str!("chatops_eval/blind170.jsonl"),
        96.3,
    );
}

/// Set 171: an everyday mix: an edtech tutoring-bot team with student on-call. Measured once on the session-20 round-1 engine (before b46dc0c): intent 97.33%, no misfire;
/// 98.00% held out after session 20's rounds; learned.
#[test]
fn blind_set_171() {
    check(
        "blind171",
        include_str!("chatops_eval/blind171.jsonl"),
        97.3,
    );
}

/// Set 172: an everyday mix: an insurance claims-assistant team in Busan and abroad. Measured once on the session-20 round-1 engine (before b46dc0c): intent 98.33%, no misfire;
/// 98.33% held out after session 20's rounds; learned.
#[test]
fn blind_set_172() {
    check(
        "blind172",
        include_str!("chatops_eval/blind172.jsonl"),
        97.3,
    );
}

/// Set 173: an everyday mix: a telecom customer-app team on a 24/7 NOC rota. Measured once on the session-20 round-1 engine (before b46dc0c): intent 96.67%, no misfire;
/// 97.67% held out after session 20's rounds; learned.
#[test]
fn blind_set_173() {
    check(
        "blind173",
        include_str!("chatops_eval/blind173.jsonl"),
        97.3,
    );
}

/// Set 174: corrections after a wrong answer or a slip ("no, I meant the gateway", "아니 그거 말고 상태"). Measured once on the session-20 round-1 engine (before b46dc0c): intent 85.33%, no misfire;
/// 85.33% held out after session 20's rounds; learned.
#[test]
fn blind_set_174() {
    check(
        "blind174",
        include_str!("chatops_eval/blind174.jsonl"),
        85.6,
    );
}

/// Set 175: an everyday mix: a bank's mobile-app assistant team under change control. Measured once on the session-20 round-2 engine (b46dc0c): intent 98.00%, no misfire;
/// 98.00% held out after session 20's rounds; learned.
#[test]
fn blind_set_175() {
    check(
        "blind175",
        include_str!("chatops_eval/blind175.jsonl"),
        97.6,
    );
}

/// Set 176: an everyday mix: a travel agency's booking-assistant team at the summer peak. Measured once on the session-20 round-2 engine (b46dc0c): intent 99.33%, no misfire;
/// 99.33% held out after session 20's rounds; learned.
#[test]
fn blind_set_176() {
    check(
        "blind176",
        include_str!("chatops_eval/blind176.jsonl"),
        98.3,
    );
}

/// Set 177: an everyday mix: a factory-floor assistant's IT team near Ulsan. Measured once on the session-20 round-2 engine (b46dc0c): intent 97.00%, no misfire;
/// 97.00% held out after session 20's rounds; learned.
#[test]
fn blind_set_177() {
    check(
        "blind177",
        include_str!("chatops_eval/blind177.jsonl"),
        96.6,
    );
}

/// Set 178: an everyday mix: a legal-tech contract-review team at month end. Measured once on the session-20 round-2 engine (b46dc0c): intent 97.33%, 1 misfire (fixed: "…새로 고침 해봐요" read as pause);
/// 97.67% held out after session 20's rounds; learned.
#[test]
fn blind_set_178() {
    check(
        "blind178",
        include_str!("chatops_eval/blind178.jsonl"),
        96.6,
    );
}

/// Set 179: an everyday mix: a food-delivery platform's customer-chat team. Measured once on the session-20 round-2 engine (b46dc0c): intent 94.33%, 1 misfire (fixed: "2시 넘어서 정책 … 바꿔줘" was not put off);
/// 94.67% held out after session 20's rounds; learned.
#[test]
fn blind_set_179() {
    check(
        "blind179",
        include_str!("chatops_eval/blind179.jsonl"),
        93.6,
    );
}

/// Set 180: an everyday mix: a research institute's shared LLM service. Measured once on the session-20 round-2 engine (b46dc0c): intent 97.00%, no misfire;
/// 97.00% held out after session 20's rounds; learned.
#[test]
fn blind_set_180() {
    check(
        "blind180",
        include_str!("chatops_eval/blind180.jsonl"),
        97.0,
    );
}

/// Set 181: an everyday mix: a mobile game publisher's live-ops team across time zones. Measured once on the session-20 round-3 engine (lunch and dinner no longer off topic): intent 97.00%, no misfire;
/// learned.
#[test]
fn blind_set_181() {
    check(
        "blind181",
        include_str!("chatops_eval/blind181.jsonl"),
        97.0,
    );
}

/// Set 182: an everyday mix: a public broadcaster's subtitle service team under live-programme pressure. Measured once on the session-20 round-3 engine (lunch and dinner no longer off topic): intent 97.33%, no misfire;
/// learned.
#[test]
fn blind_set_182() {
    check(
        "blind182",
        include_str!("chatops_eval/blind182.jsonl"),
        97.0,
    );
}

/// Set 183: an everyday mix: a real-estate platform's listing-assistant team and its PM. Measured once on the session-20 round-3 engine (lunch and dinner no longer off topic): intent 99.00%, no misfire;
/// learned.
#[test]
fn blind_set_183() {
    check(
        "blind183",
        include_str!("chatops_eval/blind183.jsonl"),
        98.0,
    );
}

/// Set 184: an everyday mix: an airline's customer-service chatbot team on a 24h rota. Measured once on the session-20 round-3 engine (lunch and dinner no longer off topic): intent 99.00%, no misfire;
/// learned.
#[test]
fn blind_set_184() {
    check(
        "blind184",
        include_str!("chatops_eval/blind184.jsonl"),
        98.3,
    );
}

/// Set 185: an everyday mix: the ML platform team of a music-streaming service. Measured once on the session-20 final engine (aa49c07): intent 98.00%, no misfire;
/// learned: 99.67%.
#[test]
fn blind_set_185() {
    check(
        "blind185",
        include_str!("chatops_eval/blind185.jsonl"),
        98.6,
    );
}

/// Set 186: an everyday mix: an EV-charging network's day and night operators. Measured once on the session-20 final engine (aa49c07): intent 99.67%, no misfire;
/// held out (misses not looked at) until frozen: 99.67%.
#[test]
fn blind_set_186() {
    check(
        "blind186",
        include_str!("chatops_eval/blind186.jsonl"),
        98.6,
    );
}

/// Set 187: an everyday mix: a university IT office with grad-student interns on the rota. Measured once on the session-20 final engine (aa49c07): intent 98.33%, no misfire;
/// held out (misses not looked at) until frozen: 98.67%.
#[test]
fn blind_set_187() {
    check(
        "blind187",
        include_str!("chatops_eval/blind187.jsonl"),
        97.6,
    );
}

/// Set 188: an everyday mix: a K-beauty shop's SREs and marketing staff. Measured once on the session-20 final engine (aa49c07): intent 99.00%, no misfire;
/// held out (misses not looked at) until frozen: 99.33%.
#[test]
fn blind_set_188() {
    check(
        "blind188",
        include_str!("chatops_eval/blind188.jsonl"),
        98.3,
    );
}

/// Set 189: an everyday mix: a power utility's grid-analytics team, cautious, shift hand-overs. Measured once on the session-20 final engine (aa49c07): intent 98.33%, 1 misfire (an order for when the night shift comes in; fixed);
/// learned: 99.00%.
#[test]
fn blind_set_189() {
    check(
        "blind189",
        include_str!("chatops_eval/blind189.jsonl"),
        98.0,
    );
}

/// Set 190: an everyday mix: a three-person translation agency. Measured once on the session-20 final engine (aa49c07): intent 98.00%, no misfire;
/// learned: 99.00%.
#[test]
fn blind_set_190() {
    check(
        "blind190",
        include_str!("chatops_eval/blind190.jsonl"),
        98.0,
    );
}

/// Set 191: an everyday mix: a mobile carrier's call-centre tooling team. Measured once on the session-21 round-1 engine (1b43c3f): intent 99.00%, no misfire;
/// held out (misses not looked at) until frozen: 99.00%.
#[test]
fn blind_set_191() {
    check(
        "blind191",
        include_str!("chatops_eval/blind191.jsonl"),
        98.0,
    );
}

/// Set 192: an everyday mix: a fashion retailer's young data team. Measured once on the session-21 round-1 engine (1b43c3f): intent 98.67%, no misfire;
/// learned: 99.33%.
#[test]
fn blind_set_192() {
    check(
        "blind192",
        include_str!("chatops_eval/blind192.jsonl"),
        98.3,
    );
}

/// Set 193: an everyday mix: a shipbuilder's platform engineers, terse. Measured once on the session-21 round-1 engine (1b43c3f): intent 98.67%, no misfire;
/// learned: 99.67%.
#[test]
fn blind_set_193() {
    check(
        "blind193",
        include_str!("chatops_eval/blind193.jsonl"),
        98.6,
    );
}

/// Set 194: an everyday mix: a Singapore fintech SRE team, both languages. Measured once on the session-21 round-1 engine (1b43c3f): intent 99.67%, no misfire;
/// held out (misses not looked at) until frozen: 99.67%.
#[test]
fn blind_set_194() {
    check(
        "blind194",
        include_str!("chatops_eval/blind194.jsonl"),
        98.6,
    );
}

/// Set 195: an everyday mix: a public library network's digital services team. Measured once on the session-21 round-1 engine (1b43c3f): intent 98.33%, no misfire;
/// learned: 99.67%.
#[test]
fn blind_set_195() {
    check(
        "blind195",
        include_str!("chatops_eval/blind195.jsonl"),
        98.6,
    );
}

/// Set 196: an everyday mix: a robotics startup's engineers typing from phones. Measured once on the session-21 round-1 engine (1b43c3f): intent 99.00%, no misfire;
/// held out (misses not looked at) until frozen: 99.00%.
#[test]
fn blind_set_196() {
    check(
        "blind196",
        include_str!("chatops_eval/blind196.jsonl"),
        98.0,
    );
}

/// Set 197: an everyday mix: a pharma research-IT team. Measured once on the session-21 round-2 engine (f450104): intent 97.67%, no misfire;
/// learned: 98.00%.
#[test]
fn blind_set_197() {
    check(
        "blind197",
        include_str!("chatops_eval/blind197.jsonl"),
        97.0,
    );
}

/// Set 198: an everyday mix: a webtoon platform's ML serving team. Measured once on the session-21 round-2 engine (f450104): intent 99.33%, no misfire;
/// held out (misses not looked at) until frozen: 99.67%.
#[test]
fn blind_set_198() {
    check(
        "blind198",
        include_str!("chatops_eval/blind198.jsonl"),
        98.6,
    );
}

/// Set 199: an everyday mix: a city bus operations centre. Measured once on the session-21 round-2 engine (f450104): intent 97.33%, no misfire;
/// learned: 97.67%.
#[test]
fn blind_set_199() {
    check(
        "blind199",
        include_str!("chatops_eval/blind199.jsonl"),
        96.6,
    );
}

/// Set 200: an everyday mix: an accounting firm's IT staff in filing season. Measured once on the session-21 round-2 engine (f450104): intent 97.67%, no misfire;
/// held out (misses not looked at) until frozen: 98.00%.
#[test]
fn blind_set_200() {
    check(
        "blind200",
        include_str!("chatops_eval/blind200.jsonl"),
        97.0,
    );
}

/// Set 201: an everyday mix: a Jeju hotel chain's guest-services tech team. Measured once on the session-21 round-2 engine (f450104): intent 98.33%, 1 misfire (a past report without its subject; fixed);
/// held out (misses not looked at) until frozen: 98.67%.
#[test]
fn blind_set_201() {
    check(
        "blind201",
        include_str!("chatops_eval/blind201.jsonl"),
        97.6,
    );
}

/// Set 202: an everyday mix: an open-source hosting co-op's volunteers. Measured once on the session-21 round-2 engine (f450104): intent 97.00%, no misfire;
/// learned: 97.00%.
#[test]
fn blind_set_202() {
    check(
        "blind202",
        include_str!("chatops_eval/blind202.jsonl"),
        96.0,
    );
}

/// Set 203: an everyday mix: a job-matching platform's backend team and its recruiters. Measured once on the session-21 final engine (b5400b7): intent 98.00%, no misfire;
/// held out (misses not looked at) until frozen: 98.00%.
#[test]
fn blind_set_203() {
    check(
        "blind203",
        include_str!("chatops_eval/blind203.jsonl"),
        97.0,
    );
}

/// Set 204: an everyday mix: a farm cooperative's IT staff, older and polite, and a young contractor. Measured once on the session-21 final engine (b5400b7): intent 98.00%, no misfire;
/// held out (misses not looked at) until frozen: 98.00%.
#[test]
fn blind_set_204() {
    check(
        "blind204",
        include_str!("chatops_eval/blind204.jsonl"),
        97.0,
    );
}

/// Set 205: an everyday mix: a security operations centre on 24/7 shifts. Measured once on the session-21 final engine (b5400b7): intent 99.67%, no misfire;
/// held out (misses not looked at) until frozen: 99.67%.
#[test]
fn blind_set_205() {
    check(
        "blind205",
        include_str!("chatops_eval/blind205.jsonl"),
        98.6,
    );
}

/// Set 206: an everyday mix: a children's homework-tutor app team. Measured once on the session-21 final engine (b5400b7): intent 98.00%, no misfire;
/// held out (misses not looked at) until frozen: 98.33%.
#[test]
fn blind_set_206() {
    check(
        "blind206",
        include_str!("chatops_eval/blind206.jsonl"),
        97.3,
    );
}

/// Set 207: an everyday mix: a semiconductor fab's manufacturing-IT group. Measured once on the session-21 final engine (b5400b7): intent 99.00%, no misfire;
/// held out (misses not looked at) until frozen: 99.33%.
#[test]
fn blind_set_207() {
    check(
        "blind207",
        include_str!("chatops_eval/blind207.jsonl"),
        98.3,
    );
}

/// Set 208: an everyday mix: a sports-streaming company's live ops team on match days. Measured once on the session-21 final engine (b5400b7): intent 98.00%, no misfire;
/// held out (misses not looked at) until frozen: 98.33%.
#[test]
fn blind_set_208() {
    check(
        "blind208",
        include_str!("chatops_eval/blind208.jsonl"),
        97.3,
    );
}

/// Set 209: an everyday mix: a law firm's knowledge-management team, formal lawyers and a casual engineer. Measured once on the session-21 final engine (04263bb): intent 99.33%, no misfire;
/// held out (misses not looked at) until frozen: 99.33%.
#[test]
fn blind_set_209() {
    check(
        "blind209",
        include_str!("chatops_eval/blind209.jsonl"),
        98.3,
    );
}

/// Set 210: an everyday mix: a cold-chain logistics control room, night dispatchers and a day manager. Measured once on the session-21 final engine (04263bb): intent 98.00%, no misfire;
/// held out (misses not looked at) until frozen: 98.00%.
#[test]
fn blind_set_210() {
    check(
        "blind210",
        include_str!("chatops_eval/blind210.jsonl"),
        97.0,
    );
}

/// Set 211: an everyday mix: a podcast and audiobook platform's ML team. Measured once on the session-21 final engine (04263bb): intent 99.33%, no misfire;
/// held out (misses not looked at) until frozen: 99.33%.
#[test]
fn blind_set_211() {
    check(
        "blind211",
        include_str!("chatops_eval/blind211.jsonl"),
        98.3,
    );
}

/// Set 212: an everyday mix: a hospital network's patient-portal team and a nurse-informaticist. Measured once on the session-21 final engine (04263bb): intent 99.33%, no misfire;
/// held out (misses not looked at) until frozen: 99.33%.
#[test]
fn blind_set_212() {
    check(
        "blind212",
        include_str!("chatops_eval/blind212.jsonl"),
        98.3,
    );
}

/// Set 213: an everyday mix: a veterinary clinic chain's platform team (triage notes, appointment chat). Measured once on the session-22 starting engine (a7a6d32): intent 99.33%, no
/// misfire; misses looked at and fixed by class; read 100.00% on 6465909 before freezing; learned 100.00%.
#[test]
fn blind_set_213() {
    check(
        "blind213",
        include_str!("chatops_eval/blind213.jsonl"),
        99.0,
    );
}

/// Set 214: an everyday mix: a ride-hailing app's ops team (dispatch chat, driver support). Measured once on the session-22 starting engine (a7a6d32): intent 97.33%, no
/// misfire; misses looked at and fixed by class; read 99.33% on 6465909 before freezing; learned 99.33%.
#[test]
fn blind_set_214() {
    check(
        "blind214",
        include_str!("chatops_eval/blind214.jsonl"),
        98.3,
    );
}

/// Set 215: an everyday mix: a convenience-store chain's IT team (store assistant, inventory Q&A). Measured once on the session-22 starting engine (a7a6d32): intent 99.67%, no
/// misfire; held out (misses not looked at) until frozen: 100.00% on 6465909; learned 100.00%.
#[test]
fn blind_set_215() {
    check(
        "blind215",
        include_str!("chatops_eval/blind215.jsonl"),
        99.0,
    );
}

/// Set 216: an everyday mix: an esports league's operations crew (live captions, fan chat). Measured once on the session-22 starting engine (a7a6d32): intent 98.33%, no
/// misfire; held out (misses not looked at) until frozen: 98.67% on 6465909; learned 98.67%.
#[test]
fn blind_set_216() {
    check(
        "blind216",
        include_str!("chatops_eval/blind216.jsonl"),
        97.6,
    );
}

/// Set 217: an everyday mix: a crypto exchange's SRE team (support bot, compliance summaries). Measured once on the session-22 starting engine (a7a6d32): intent 98.00%, no
/// misfire; held out (misses not looked at) until frozen: 98.33% on 6465909; learned 98.67%.
#[test]
fn blind_set_217() {
    check(
        "blind217",
        include_str!("chatops_eval/blind217.jsonl"),
        97.6,
    );
}

/// Set 218: an everyday mix: a car-rental company's IT staff (booking assistant, damage reports). Measured once on the session-22 starting engine (a7a6d32): intent 97.67%, no
/// misfire; misses looked at and fixed by class; read 99.33% on 6465909 before freezing; learned 99.67%.
#[test]
fn blind_set_218() {
    check(
        "blind218",
        include_str!("chatops_eval/blind218.jsonl"),
        98.6,
    );
}

/// Set 219: an everyday mix: an online bookstore's engineering team (recommendations, review summaries). Measured once on the session-22 starting engine (a7a6d32): intent 98.00%, no
/// misfire; held out (misses not looked at) until frozen: 98.33% on 6465909; learned 98.67%.
#[test]
fn blind_set_219() {
    check(
        "blind219",
        include_str!("chatops_eval/blind219.jsonl"),
        97.6,
    );
}

/// Set 220: an everyday mix: a weather-forecasting service's ops team (forecast summaries for media). Measured once on the session-22 starting engine (a7a6d32): intent 97.33%, no
/// misfire; misses looked at and fixed by class; read 99.67% on 6465909 before freezing; learned 99.67%.
#[test]
fn blind_set_220() {
    check(
        "blind220",
        include_str!("chatops_eval/blind220.jsonl"),
        98.6,
    );
}

/// Set 221: an everyday mix: a dental-clinic software vendor's platform team. Measured once on the session-22 round-1 engine (5f77b10): intent 98.67%, no
/// misfire; misses looked at and fixed by class; read 99.33% on 6465909 before freezing; learned 99.33%.
#[test]
fn blind_set_221() {
    check(
        "blind221",
        include_str!("chatops_eval/blind221.jsonl"),
        98.3,
    );
}

/// Set 222: an everyday mix: a container port terminal's IT team (berth schedules, customs summaries). Measured once on the session-22 round-1 engine (5f77b10): intent 97.67%, no
/// misfire; misses looked at and fixed by class; read 99.33% on 6465909 before freezing; learned 99.67%.
#[test]
fn blind_set_222() {
    check(
        "blind222",
        include_str!("chatops_eval/blind222.jsonl"),
        98.6,
    );
}

/// Set 223: an everyday mix: a marketing agency's small dev team (ad copy, campaign reports). Measured once on the session-22 round-1 engine (5f77b10): intent 98.33%, no
/// misfire; held out (misses not looked at) until frozen: 98.33% on 6465909; learned 98.67%.
#[test]
fn blind_set_223() {
    check(
        "blind223",
        include_str!("chatops_eval/blind223.jsonl"),
        97.6,
    );
}

/// Set 224: an everyday mix: a tax-office helpdesk's operations staff (filing questions). Measured once on the session-22 round-1 engine (5f77b10): intent 96.67%, no
/// misfire; misses looked at and fixed by class; read 97.33% on 6465909 before freezing; learned 98.67%.
#[test]
fn blind_set_224() {
    check(
        "blind224",
        include_str!("chatops_eval/blind224.jsonl"),
        97.6,
    );
}

/// Set 225: an everyday mix: a wedding-planning platform's engineering team. Measured once on the session-22 round-1 engine (5f77b10): intent 98.67%, no
/// misfire; held out (misses not looked at) until frozen: 98.67% on 6465909; learned 98.67%.
#[test]
fn blind_set_225() {
    check(
        "blind225",
        include_str!("chatops_eval/blind225.jsonl"),
        97.6,
    );
}

/// Set 226: an everyday mix: a parcel-locker company's ops team (delivery chat, locker triage). Measured once on the session-22 round-1 engine (5f77b10): intent 98.00%, no
/// misfire; held out (misses not looked at) until frozen: 98.33% on 6465909; learned 98.33%.
#[test]
fn blind_set_226() {
    check(
        "blind226",
        include_str!("chatops_eval/blind226.jsonl"),
        97.3,
    );
}

/// Set 227: an everyday mix: a movie-theatre chain's IT crew (ticketing assistant, showtimes). Measured once on the session-22 round-1 engine (5f77b10): intent 97.67%, no
/// misfire; misses looked at and fixed by class; read 98.67% on 6465909 before freezing; learned 99.67%.
#[test]
fn blind_set_227() {
    check(
        "blind227",
        include_str!("chatops_eval/blind227.jsonl"),
        98.6,
    );
}

/// Set 228: an everyday mix: an apartment-management app's platform team (resident notices, repair chat). Measured once on the session-22 round-1 engine (5f77b10): intent 99.33%, no
/// misfire; held out (misses not looked at) until frozen: 99.33% on 6465909; learned 99.33%.
#[test]
fn blind_set_228() {
    check(
        "blind228",
        include_str!("chatops_eval/blind228.jsonl"),
        98.3,
    );
}

/// Set 229: an everyday mix: a regional bank call-centre AI's ops team. Measured once on the session-22 final engine (6465909): intent 99.33%, no
/// misfire; frozen without looking at its misses; learned 99.67%.
#[test]
fn blind_set_229() {
    check(
        "blind229",
        include_str!("chatops_eval/blind229.jsonl"),
        98.6,
    );
}

/// Set 230: an everyday mix: a fitness app's engineering team (workout coach, meal logs). Measured once on the session-22 final engine (6465909): intent 97.33%, no
/// misfire; frozen without looking at its misses; learned 98.33%.
#[test]
fn blind_set_230() {
    check(
        "blind230",
        include_str!("chatops_eval/blind230.jsonl"),
        97.3,
    );
}

/// Set 231: an everyday mix: a construction company's IT department (site reports, safety Q&A). Measured once on the session-22 final engine (6465909): intent 97.33%, no
/// misfire; frozen without looking at its misses; learned 98.00%.
#[test]
fn blind_set_231() {
    check(
        "blind231",
        include_str!("chatops_eval/blind231.jsonl"),
        97.0,
    );
}

/// Set 232: an everyday mix: a second-hand marketplace's platform team (listings, fraud triage). Measured once on the session-22 final engine (6465909): intent 99.33%, no
/// misfire; frozen without looking at its misses; learned 99.67%.
#[test]
fn blind_set_232() {
    check(
        "blind232",
        include_str!("chatops_eval/blind232.jsonl"),
        98.6,
    );
}

/// Set 233: an everyday mix: a language-learning startup's SRE pair (tutor chat, essay feedback). Measured once on the session-22 final engine (6465909): intent 98.67%, no
/// misfire; frozen without looking at its misses; learned 98.67%.
#[test]
fn blind_set_233() {
    check(
        "blind233",
        include_str!("chatops_eval/blind233.jsonl"),
        97.6,
    );
}

/// Set 234: an everyday mix: a regional airport's operations team (passenger info, delay notices). Measured once on the session-22 final engine (6465909): intent 98.67%, no
/// misfire; frozen without looking at its misses; learned 98.67%.
#[test]
fn blind_set_234() {
    check(
        "blind234",
        include_str!("chatops_eval/blind234.jsonl"),
        97.6,
    );
}

/// Set 235: an everyday mix: a daily newspaper's AI team (headlines, translation, summaries). Measured once on the session-23 start engine (964071d): intent 99.33%, no misfire;
/// its misses looked at; learned 99.33%.
#[test]
fn blind_set_235() {
    check(
        "blind235",
        include_str!("chatops_eval/blind235.jsonl"),
        98.3,
    );
}

/// Set 236: an everyday mix: a hospital radiology department's IT/ML ops (reading aids, report drafts). Measured once on the session-23 start engine (964071d): intent 98.33%, no misfire;
/// its misses looked at; learned 99.00%.
#[test]
fn blind_set_236() {
    check(
        "blind236",
        include_str!("chatops_eval/blind236.jsonl"),
        98.0,
    );
}

/// Set 237: an everyday mix: an insurance claims platform team (claim triage, document extraction). Measured once on the session-23 start engine (964071d): intent 99.33%, no misfire;
/// its misses looked at; learned 99.33%.
#[test]
fn blind_set_237() {
    check(
        "blind237",
        include_str!("chatops_eval/blind237.jsonl"),
        98.3,
    );
}

/// Set 238: an everyday mix: a food-delivery app's on-call engineers (menu search, rider chat). Measured once on the session-23 start engine (964071d): intent 99.00%, 1 misfire (fixed by class);
/// its misses looked at; learned 99.67%.
#[test]
fn blind_set_238() {
    check(
        "blind238",
        include_str!("chatops_eval/blind238.jsonl"),
        98.6,
    );
}

/// Set 239: an everyday mix: a telecom NOC shift that also watches the AI customer-care channels. Measured once on the session-23 start engine (964071d): intent 99.33%, no misfire;
/// its misses looked at; learned 99.67%.
#[test]
fn blind_set_239() {
    check(
        "blind239",
        include_str!("chatops_eval/blind239.jsonl"),
        98.6,
    );
}

/// Set 240: an everyday mix: an online travel agency's small dev/ops team (itinerary planner, booking chat). Measured once on the session-23 start engine (964071d): intent 97.33%, no misfire;
/// frozen without looking at its misses; learned 98.00%.
#[test]
fn blind_set_240() {
    check(
        "blind240",
        include_str!("chatops_eval/blind240.jsonl"),
        97.0,
    );
}

/// Set 241: an everyday mix: a city hall's civil-service portal IT staff (AI answers for citizens). Measured once on the session-23 start engine (964071d): intent 99.33%, no misfire;
/// its misses looked at; learned 99.33%.
#[test]
fn blind_set_241() {
    check(
        "blind241",
        include_str!("chatops_eval/blind241.jsonl"),
        98.3,
    );
}

/// Set 242: an everyday mix: a mobile game studio's live-ops team (NPC dialogue, support bot). Measured once on the session-23 start engine (964071d): intent 100.00%, no misfire;
/// frozen without looking at its misses; learned 100.00%.
#[test]
fn blind_set_242() {
    check(
        "blind242",
        include_str!("chatops_eval/blind242.jsonl"),
        99.0,
    );
}

/// Set 243: an everyday mix: a pharmacy chain's small IT team (interaction lookup, prescription OCR). Measured once on the session-23 round-1 engine (committed with later fixes as 40c5548): intent 98.67%, 1 misfire (fixed by class);
/// its misses looked at; learned 99.33%.
#[test]
fn blind_set_243() {
    check(
        "blind243",
        include_str!("chatops_eval/blind243.jsonl"),
        98.3,
    );
}

/// Set 244: an everyday mix: a trucking dispatcher's on-call team (route notes, driver chat translation). Measured once on the session-23 round-1 engine (committed with later fixes as 40c5548): intent 98.00%, no misfire;
/// frozen without looking at its misses; learned 99.00%.
#[test]
fn blind_set_244() {
    check(
        "blind244",
        include_str!("chatops_eval/blind244.jsonl"),
        98.0,
    );
}

/// Set 245: an everyday mix: a university admissions office's IT staff (essay screening, applicant Q&A). Measured once on the session-23 round-1 engine (committed with later fixes as 40c5548): intent 100.00%, no misfire;
/// its misses looked at; learned 100.00%.
#[test]
fn blind_set_245() {
    check(
        "blind245",
        include_str!("chatops_eval/blind245.jsonl"),
        99.0,
    );
}

/// Set 246: an everyday mix: a securities brokerage's platform engineers (news summaries, customer chat). Measured once on the session-23 round-1 engine (committed with later fixes as 40c5548): intent 98.67%, no misfire;
/// frozen without looking at its misses; learned 99.00%.
#[test]
fn blind_set_246() {
    check(
        "blind246",
        include_str!("chatops_eval/blind246.jsonl"),
        98.0,
    );
}

/// Set 247: an everyday mix: a home-appliance maker's service-platform team (repair assistant, call summaries). Measured once on the session-23 round-1 engine (committed with later fixes as 40c5548): intent 99.00%, no misfire;
/// its misses looked at; learned 99.33%.
#[test]
fn blind_set_247() {
    check(
        "blind247",
        include_str!("chatops_eval/blind247.jsonl"),
        98.3,
    );
}

/// Set 248: an everyday mix: a TV network's broadcast-IT team (live subtitles, highlight clipping). Measured once on the session-23 round-1 engine (committed with later fixes as 40c5548): intent 98.67%, no misfire;
/// frozen without looking at its misses; learned 99.00%.
#[test]
fn blind_set_248() {
    check(
        "blind248",
        include_str!("chatops_eval/blind248.jsonl"),
        98.0,
    );
}

/// Set 249: an everyday mix: a real-estate listings platform's dev team (listing copy, tenant chat). Measured once on the session-23 round-2 engine (40c5548): intent 99.00%, no misfire;
/// its misses looked at; learned 99.33%.
#[test]
fn blind_set_249() {
    check(
        "blind249",
        include_str!("chatops_eval/blind249.jsonl"),
        98.3,
    );
}

/// Set 250: an everyday mix: a cross-border e-commerce mall's ops engineers (copy translation, review summaries). Measured once on the session-23 round-2 engine (40c5548): intent 99.67%, no misfire;
/// frozen without looking at its misses; learned 99.67%.
#[test]
fn blind_set_250() {
    check(
        "blind250",
        include_str!("chatops_eval/blind250.jsonl"),
        98.6,
    );
}

/// Set 251: an everyday mix: a law firm's IT team (contract review, case-law search). Measured once on the session-23 round-2 engine (40c5548): intent 98.67%, no misfire;
/// its misses looked at; learned 99.33%.
#[test]
fn blind_set_251() {
    check(
        "blind251",
        include_str!("chatops_eval/blind251.jsonl"),
        98.3,
    );
}

/// Set 252: an everyday mix: a national museum's digital team (audio guide, visitor chat). Measured once on the session-23 round-2 engine (40c5548): intent 98.67%, no misfire;
/// frozen without looking at its misses; learned 98.67%.
#[test]
fn blind_set_252() {
    check(
        "blind252",
        include_str!("chatops_eval/blind252.jsonl"),
        97.6,
    );
}

/// Set 253: an everyday mix: an internet provider's support-desk tooling team (ticket triage, reply drafts). Measured once on the session-23 round-2 engine (40c5548): intent 99.33%, no misfire;
/// its misses looked at; learned 99.67%.
#[test]
fn blind_set_253() {
    check(
        "blind253",
        include_str!("chatops_eval/blind253.jsonl"),
        98.6,
    );
}

/// Set 254: an everyday mix: a chip-design company's ML platform team (code assistant, document search). Measured once on the session-23 round-2 engine (40c5548): intent 98.00%, no misfire;
/// frozen without looking at its misses; learned 98.67%.
#[test]
fn blind_set_254() {
    check(
        "blind254",
        include_str!("chatops_eval/blind254.jsonl"),
        97.6,
    );
}

/// Set 255: an everyday mix: a low-cost airline's digital ops (rebooking assistant, crew notices). Measured once on the session-23 round-3 engine (7981391): intent 99.00%, no misfire;
/// frozen without looking at its misses; learned 99.00%.
#[test]
fn blind_set_255() {
    check(
        "blind255",
        include_str!("chatops_eval/blind255.jsonl"),
        98.0,
    );
}

/// Set 256: an everyday mix: a meal-kit startup's platform team (recipe recommendations, CS chat). Measured once on the session-23 round-3 engine (7981391): intent 99.00%, no misfire;
/// frozen without looking at its misses; learned 99.00%.
#[test]
fn blind_set_256() {
    check(
        "blind256",
        include_str!("chatops_eval/blind256.jsonl"),
        98.0,
    );
}

/// Set 257: an everyday mix: a car maker's connected-car IT team (voice assistant, dealer chat). Measured once on the session-23 round-3 engine (7981391): intent 98.67%, no misfire;
/// frozen without looking at its misses; learned 99.33%.
#[test]
fn blind_set_257() {
    check(
        "blind257",
        include_str!("chatops_eval/blind257.jsonl"),
        98.3,
    );
}

/// Set 258: an everyday mix: a school-district learning platform's DevOps team (homework hints, report drafts). Measured once on the session-23 round-3 engine (7981391): intent 99.00%, no misfire;
/// frozen without looking at its misses; learned 99.00%.
#[test]
fn blind_set_258() {
    check(
        "blind258",
        include_str!("chatops_eval/blind258.jsonl"),
        98.0,
    );
}

/// Set 259: an everyday mix: a gas and heating company's IT team (outage notices, billing chat). Measured once on the session-23 round-3 engine (7981391): intent 98.00%, no misfire;
/// frozen without looking at its misses; learned 98.67%.
#[test]
fn blind_set_259() {
    check(
        "blind259",
        include_str!("chatops_eval/blind259.jsonl"),
        97.6,
    );
}

/// Set 260: an everyday mix: a concert-ticketing site's on-call engineers (queue chat, seat-map assistant). Measured once on the session-23 round-3 engine (7981391): intent 99.00%, no misfire;
/// frozen without looking at its misses; learned 99.00%.
#[test]
fn blind_set_260() {
    check(
        "blind260",
        include_str!("chatops_eval/blind260.jsonl"),
        98.0,
    );
}

/// Set 261: an everyday mix: a veterinary clinic network's small ops team (pet-owner triage chat, appointment summaries). Measured once on the session-24 start engine (2bbe1ba's, untouched): intent
/// 99.33%, no misfire; frozen without looking at its misses; learned 99.33%.
#[test]
fn blind_set_261() {
    check(
        "blind261",
        include_str!("chatops_eval/blind261.jsonl"),
        98.3,
    );
}

/// Set 262: an everyday mix: a national weather service's ops team (forecast-explainer bot, warning-text generator). Measured once on the session-24 start engine (2bbe1ba's, untouched): intent
/// 98.00%, no misfire; frozen without looking at its misses; learned 98.00%.
#[test]
fn blind_set_262() {
    check(
        "blind262",
        include_str!("chatops_eval/blind262.jsonl"),
        97.0,
    );
}

/// Set 263: an everyday mix: a ride-hailing company's platform team (driver-support assistant, fare-dispute summarizer). Measured once on the session-24 start engine (2bbe1ba's, untouched): intent
/// 98.67%, no misfire; frozen without looking at its misses; learned 99.00%.
#[test]
fn blind_set_263() {
    check(
        "blind263",
        include_str!("chatops_eval/blind263.jsonl"),
        98.0,
    );
}

/// Set 264: an everyday mix: a payroll SaaS company's on-call engineers (HR-policy assistant, payslip explanations), with a month-end pay run. Measured once on the session-24 start engine (2bbe1ba's, untouched): intent
/// 97.00%, no misfire; its misses were looked at and fixed by class; learned 98.00%.
#[test]
fn blind_set_264() {
    check(
        "blind264",
        include_str!("chatops_eval/blind264.jsonl"),
        97.0,
    );
}

/// Set 265: an everyday mix: a hotel chain's tech team (AI concierge, review replies), with a holiday weekend. Measured once on the session-24 start engine (2bbe1ba's, untouched): intent
/// 99.00%, no misfire; its misses were looked at and fixed by class; learned 99.00%.
#[test]
fn blind_set_265() {
    check(
        "blind265",
        include_str!("chatops_eval/blind265.jsonl"),
        98.0,
    );
}

/// Set 266: an everyday mix: a podcast and audiobook studio's engineers (transcription cleanup, episode summaries). Measured once on the session-24 start engine (2bbe1ba's, untouched): intent
/// 99.33%, no misfire; its misses were looked at and fixed by class; learned 99.33%.
#[test]
fn blind_set_266() {
    check(
        "blind266",
        include_str!("chatops_eval/blind266.jsonl"),
        98.3,
    );
}

/// Set 267: an everyday mix: a regional bank call center's IT team (call summaries, compliance checks). Measured once on the session-24 round-1 engine (168790b): intent
/// 100.00%, no misfire; frozen without looking at its misses; learned 100.00%.
#[test]
fn blind_set_267() {
    check(
        "blind267",
        include_str!("chatops_eval/blind267.jsonl"),
        99.0,
    );
}

/// Set 268: an everyday mix: a farm-tech startup's ops engineers (crop-advice chatbot, sensor-report summaries) at harvest. Measured once on the session-24 round-1 engine (168790b): intent
/// 99.33%, no misfire; frozen without looking at its misses; learned 100.00%.
#[test]
fn blind_set_268() {
    check(
        "blind268",
        include_str!("chatops_eval/blind268.jsonl"),
        99.0,
    );
}

/// Set 269: an everyday mix: an online language-learning app's devops crew (AI tutor, essay feedback) in exam season. Measured once on the session-24 round-1 engine (168790b): intent
/// 100.00%, no misfire; frozen without looking at its misses; learned 100.00%.
#[test]
fn blind_set_269() {
    check(
        "blind269",
        include_str!("chatops_eval/blind269.jsonl"),
        99.0,
    );
}

/// Set 270: an everyday mix: a sports-streaming service's infrastructure team (live captions, highlight descriptions) in derby week. Measured once on the session-24 round-1 engine (168790b): intent
/// 96.67%, no misfire; its misses were looked at and fixed by class; learned 97.67%.
#[test]
fn blind_set_270() {
    check(
        "blind270",
        include_str!("chatops_eval/blind270.jsonl"),
        96.6,
    );
}

/// Set 271: an everyday mix: a manufacturing plant's IT staff (maintenance-manual assistant, shift-log summaries) with a night shift. Measured once on the session-24 round-1 engine (168790b): intent
/// 99.00%, no misfire; its misses were looked at and fixed by class; learned 99.67%.
#[test]
fn blind_set_271() {
    check(
        "blind271",
        include_str!("chatops_eval/blind271.jsonl"),
        98.6,
    );
}

/// Set 272: an everyday mix: a second-hand marketplace app's platform team (listing descriptions, scam-message detector). Measured once on the session-24 round-1 engine (168790b): intent
/// 99.00%, no misfire; frozen without looking at its misses; learned 99.00%.
#[test]
fn blind_set_272() {
    check(
        "blind272",
        include_str!("chatops_eval/blind272.jsonl"),
        98.0,
    );
}

/// Set 273: an everyday mix: a dental clinic chain's ops team (appointment reminders, insurance-claim explainer). Measured once on the session-24 round-3 engine (92f6fa7): intent
/// 98.67%, no misfire; frozen without looking at its misses; learned 99.00%.
#[test]
fn blind_set_273() {
    check(
        "blind273",
        include_str!("chatops_eval/blind273.jsonl"),
        98.0,
    );
}

/// Set 274: an everyday mix: a parcel-locker network's engineers (support chat, delivery-exception summaries) in a holiday sale. Measured once on the session-24 round-3 engine (92f6fa7): intent
/// 99.67%, no misfire; frozen without looking at its misses; learned 99.67%.
#[test]
fn blind_set_274() {
    check(
        "blind274",
        include_str!("chatops_eval/blind274.jsonl"),
        98.6,
    );
}

/// Set 275: an everyday mix: a public library system's IT team (reference-desk assistant, catalog descriptions). Measured once on the session-24 round-3 engine (92f6fa7): intent
/// 99.33%, no misfire; frozen without looking at its misses; learned 99.33%.
#[test]
fn blind_set_275() {
    check(
        "blind275",
        include_str!("chatops_eval/blind275.jsonl"),
        98.3,
    );
}

/// Set 276: an everyday mix: a fintech app's SRE on-call rotation (spending insights, fraud-alert explainer) with a payday spike. Measured once on the session-24 round-3 engine (92f6fa7): intent
/// 99.67%, no misfire; frozen without looking at its misses; learned 99.67%.
#[test]
fn blind_set_276() {
    check(
        "blind276",
        include_str!("chatops_eval/blind276.jsonl"),
        98.6,
    );
}

/// Set 277: an everyday mix: a regional TV shopping channel's tech staff (product scripts, live-chat moderation). Measured once on the session-24 round-3 engine (92f6fa7): intent
/// 99.33%, no misfire; frozen without looking at its misses; learned 99.33%.
#[test]
fn blind_set_277() {
    check(
        "blind277",
        include_str!("chatops_eval/blind277.jsonl"),
        98.3,
    );
}

/// Set 278: an everyday mix: a co-working space operator's platform engineers (booking assistant, facilities-ticket summaries). Measured once on the session-24 round-3 engine (92f6fa7): intent
/// 97.33%, no misfire; frozen without looking at its misses; learned 97.67%.
#[test]
fn blind_set_278() {
    check(
        "blind278",
        include_str!("chatops_eval/blind278.jsonl"),
        96.6,
    );
}
