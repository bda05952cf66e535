//! `ml-intro runner` as a page meets it: a real process, real WebSocket clients, raw HTTP for
//! the requests a browser would never send.

#[path = "support/runner_client.rs"]
mod runner_client;

use ml_intro_engine::runner_protocol::{ClientMessage, JobState, PROTOCOL_VERSION, RunnerMessage};
use ml_intro_engine::spec::{Activation, Layer, ModelSpec, ToyDataset};
use ml_intro_engine::{ExperimentSpec, Snapshot};
use runner_client::{Client, Runner, SITE, connect, hello, paired, receive, send, start};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::Message;

/// The status line of a raw WebSocket upgrade with these `Host` and `Origin` headers.
fn upgrade_status(runner: &Runner, host: &str, origin: Option<&str>) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", runner.port)).unwrap();
    let origin = origin.map_or(String::new(), |origin| format!("Origin: {origin}\r\n"));
    write!(
        stream,
        "GET /runner HTTP/1.1\r\nHost: {host}\r\n{origin}Upgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    .unwrap();
    let mut status = String::new();
    BufReader::new(&mut stream).read_line(&mut status).unwrap();
    status.trim().to_string()
}

/// The spiral with two hidden layers of 8, reporting every `eval_every` steps.
fn spiral(steps: u64, eval_every: u64) -> ExperimentSpec {
    let mut spec = ExperimentSpec::toy(ToyDataset::Spiral);
    spec.model = ModelSpec::Mlp {
        layers: vec![
            Layer::new(8, Activation::Tanh),
            Layer::new(8, Activation::Tanh),
        ],
        dropout: 0.0,
        batch_norm: false,
    };
    spec.batch_size = 32;
    spec.steps = steps;
    spec.eval_every = eval_every;
    spec
}

/// Reads a job's messages until it ends: each snapshot with its sequence number, and the end.
fn until_done(client: &mut Client, job: u64, seqs: &mut Vec<(u64, Snapshot)>) -> JobState {
    loop {
        match receive(client) {
            RunnerMessage::Progress {
                job: from,
                first_seq,
                snapshots,
            } if from == job => {
                for (offset, snapshot) in snapshots.into_iter().enumerate() {
                    seqs.push((first_seq + offset as u64, snapshot));
                }
            }
            RunnerMessage::Done {
                job: from,
                state,
                last_seq,
                error,
                ..
            } if from == job => {
                assert_eq!(error, None);
                assert_eq!(seqs.last().map(|(seq, _)| *seq), Some(last_seq));
                return state;
            }
            other => panic!("unexpected message: {other:?}"),
        }
    }
}

#[test]
fn only_the_token_holder_on_an_allowed_origin_and_a_loopback_host_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let runner = start(dir.path(), 500);
    drop(paired(&runner));

    for token in [
        "0".repeat(64),
        String::new(),
        runner.token[..63].to_string(),
    ] {
        let mut client = connect(&runner, SITE).unwrap();
        send(&mut client, &hello(&token));
        match receive(&mut client) {
            RunnerMessage::Refused { reason } => assert!(reason.contains("token"), "{reason}"),
            other => panic!("a wrong token was accepted: {other:?}"),
        }
    }
    let mut old_page = connect(&runner, SITE).unwrap();
    send(
        &mut old_page,
        &ClientMessage::Hello {
            protocol: PROTOCOL_VERSION + 1,
            engine_version: "9.0.0".into(),
            token: runner.token.clone(),
        },
    );
    match receive(&mut old_page) {
        RunnerMessage::Refused { reason } => assert!(reason.contains("update the runner")),
        other => panic!("a newer protocol was accepted: {other:?}"),
    }
    // A first message that is not a hello is refused too.
    let mut rude = connect(&runner, SITE).unwrap();
    send(&mut rude, &ClientMessage::List);
    assert!(matches!(receive(&mut rude), RunnerMessage::Refused { .. }));

    let port = runner.port;
    let good_host = format!("127.0.0.1:{port}");
    assert!(upgrade_status(&runner, &good_host, Some(SITE)).contains(" 101 "));
    for origin in [Some("https://evil.example"), Some("null"), None] {
        let status = upgrade_status(&runner, &good_host, origin);
        assert!(status.contains(" 403 "), "Origin {origin:?}: {status}");
    }
    for host in [
        "evil.example".to_string(),
        format!("localhost.:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        String::new(),
    ] {
        let status = upgrade_status(&runner, &host, Some(SITE));
        assert!(status.contains(" 403 "), "Host {host:?}: {status}");
    }
    assert!(connect(&runner, "https://evil.example").is_err());

    // Silence after connecting: closed within 5 s (and a little slack).
    let mut silent = connect(&runner, SITE).unwrap();
    let started = Instant::now();
    let reply = silent.read();
    let refused = matches!(&reply, Ok(Message::Text(text)) if text.contains("refused"));
    assert!(refused, "{reply:?}");
    assert!(started.elapsed() < Duration::from_secs(7));
}

#[test]
fn a_spiral_job_streams_every_snapshot_and_reaches_90_percent() {
    let dir = tempfile::tempdir().unwrap();
    let runner = start(dir.path(), 500);
    let mut client = paired(&runner);
    // As `ml-intro train --dataset spiral --layers 8,8 --steps 3000` trains it.
    send(
        &mut client,
        &ClientMessage::Submit {
            spec: spiral(3000, 50),
        },
    );
    let RunnerMessage::Submitted { job, queued_behind } = receive(&mut client) else {
        panic!("not submitted");
    };
    assert_eq!(queued_behind, 0);
    let mut seqs = Vec::new();
    assert_eq!(until_done(&mut client, job, &mut seqs), JobState::Finished);
    let numbers: Vec<u64> = seqs.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(numbers, (1..=60).collect::<Vec<_>>());
    let last = &seqs.last().unwrap().1;
    assert_eq!(last.step, 3000);
    let accuracy = last.accuracy.unwrap();
    assert!(accuracy >= 0.9, "spiral accuracy {accuracy}");
    send(&mut client, &ClientMessage::List);
    let RunnerMessage::Jobs { jobs } = receive(&mut client) else {
        panic!("no job list");
    };
    assert_eq!(jobs.len(), 1);
    assert_eq!(
        (jobs[0].state, jobs[0].step, jobs[0].last_seq),
        (JobState::Finished, 3000, 60)
    );
}

#[test]
fn a_page_that_reconnects_gets_every_snapshot_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let runner = start(dir.path(), 500);
    let mut first = paired(&runner);
    send(
        &mut first,
        &ClientMessage::Submit {
            spec: spiral(40_000, 100),
        },
    );
    let RunnerMessage::Submitted { job, .. } = receive(&mut first) else {
        panic!("not submitted");
    };
    let mut seqs: Vec<(u64, Snapshot)> = Vec::new();
    while seqs.len() < 5 {
        if let RunnerMessage::Progress {
            first_seq,
            snapshots,
            ..
        } = receive(&mut first)
        {
            for (offset, snapshot) in snapshots.into_iter().enumerate() {
                seqs.push((first_seq + offset as u64, snapshot));
            }
        }
    }
    drop(first);
    std::thread::sleep(Duration::from_millis(300));
    let mut second = paired(&runner);
    let from_seq = seqs.last().unwrap().0;
    send(&mut second, &ClientMessage::Attach { job, from_seq });
    assert_eq!(until_done(&mut second, job, &mut seqs), JobState::Finished);
    let numbers: Vec<u64> = seqs.iter().map(|(seq, _)| *seq).collect();
    assert_eq!(numbers, (1..=400).collect::<Vec<_>>());
}

#[test]
fn oversized_and_malformed_messages_are_answered_and_others_are_still_served() {
    let dir = tempfile::tempdir().unwrap();
    let runner = start(dir.path(), 500);
    let mut bystander = paired(&runner);
    let mut noisy = paired(&runner);
    let malformed = [
        "not json",
        "{}",
        r#"{"type":"submit"}"#,
        r#"{"type":"attach","job":"one"}"#,
        r#"{"type":"format-disk"}"#,
        "[1,2,3]",
        r#"{"type":"submit","spec":{"version":99}}"#,
    ];
    for index in 0..1000 {
        let text = malformed[index % malformed.len()];
        noisy.send(Message::text(text)).unwrap();
        match receive(&mut noisy) {
            RunnerMessage::Error { message, .. } => assert!(!message.is_empty()),
            other => panic!("{text}: {other:?}"),
        }
    }
    send(
        &mut noisy,
        &ClientMessage::Attach {
            job: 7,
            from_seq: 0,
        },
    );
    assert!(matches!(
        receive(&mut noisy),
        RunnerMessage::Error { job: Some(7), .. }
    ));
    // 2 MiB in one message: that connection ends, the runner does not.
    let huge = format!(r#"{{"type":"list","pad":"{}"}}"#, "x".repeat(2 << 20));
    let _ = noisy.send(Message::text(huge));
    let mut ended = false;
    for _ in 0..10 {
        match noisy.read() {
            Ok(Message::Close(_)) | Err(_) => {
                ended = true;
                break;
            }
            Ok(_) => {}
        }
    }
    assert!(ended, "a 2 MiB message was read");
    send(&mut bystander, &ClientMessage::List);
    assert!(matches!(
        receive(&mut bystander),
        RunnerMessage::Jobs { .. }
    ));
    drop(paired(&runner));
}

#[test]
fn a_killed_runner_resumes_its_job_from_the_last_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let (steps, eval_every, checkpoint_every) = (60_000, 500, 2000);
    let (job, killed_at) = {
        let mut runner = start(dir.path(), checkpoint_every);
        let mut client = paired(&runner);
        let mut spec = spiral(steps, eval_every);
        spec.optimizer.learning_rate = 0.01;
        send(&mut client, &ClientMessage::Submit { spec });
        let RunnerMessage::Submitted { job, .. } = receive(&mut client) else {
            panic!("not submitted");
        };
        let mut step = 0;
        while step < 2 * checkpoint_every + eval_every {
            if let RunnerMessage::Progress { snapshots, .. } = receive(&mut client) {
                step = snapshots.last().unwrap().step;
            }
        }
        // SIGKILL: no chance to save anything.
        runner.child.kill().unwrap();
        runner.child.wait().unwrap();
        (job, step)
    };
    let runner = start(dir.path(), checkpoint_every);
    let mut client = paired(&runner);
    send(&mut client, &ClientMessage::List);
    let RunnerMessage::Jobs { jobs } = receive(&mut client) else {
        panic!("no job list");
    };
    let interrupted = jobs.iter().find(|summary| summary.job == job).unwrap();
    assert_eq!(interrupted.state, JobState::Interrupted);
    let from_seq = interrupted.last_seq;
    send(&mut client, &ClientMessage::Resume { job });
    send(&mut client, &ClientMessage::Attach { job, from_seq });
    let mut seqs = Vec::new();
    assert_eq!(until_done(&mut client, job, &mut seqs), JobState::Finished);
    let (first_seq, first) = &seqs[0];
    assert_eq!(*first_seq, from_seq + 1);
    let resumed_from = first.step - eval_every;
    assert!(
        resumed_from <= interrupted.step,
        "resumed past the last logged step"
    );
    let lost = interrupted.step - resumed_from;
    println!(
        "killed at step {killed_at} (last logged {}), resumed from checkpoint step {resumed_from}: {lost} steps run again",
        interrupted.step
    );
    assert!(
        lost <= checkpoint_every,
        "{lost} steps run again with checkpoints every {checkpoint_every}"
    );
    let last = &seqs.last().unwrap().1;
    assert_eq!(last.step, steps);
    assert!(last.accuracy.unwrap() >= 0.9);
}

#[test]
fn a_job_whose_worker_fails_ends_with_its_error_and_the_runner_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let runner = start(dir.path(), 500);
    let mut client = paired(&runner);
    let mut broken = spiral(1000, 100);
    broken.data = ml_intro_engine::DataSpec::Table {
        path: dir.path().join("missing.csv").display().to_string(),
        label_column: None,
        task: Default::default(),
        train_share: 0.8,
        seed: 1,
    };
    send(&mut client, &ClientMessage::Submit { spec: broken });
    let RunnerMessage::Submitted { job, .. } = receive(&mut client) else {
        panic!("not submitted");
    };
    match receive(&mut client) {
        RunnerMessage::Done {
            job: ended,
            state,
            error,
            ..
        } => {
            assert_eq!((ended, state), (job, JobState::Failed));
            let error = error.unwrap();
            assert!(error.contains("missing.csv"), "{error}");
        }
        other => panic!("unexpected message: {other:?}"),
    }
    send(
        &mut client,
        &ClientMessage::Submit {
            spec: spiral(500, 100),
        },
    );
    let RunnerMessage::Submitted { job, .. } = receive(&mut client) else {
        panic!("not submitted");
    };
    let mut seqs = Vec::new();
    assert_eq!(until_done(&mut client, job, &mut seqs), JobState::Finished);
}

#[test]
fn a_second_runner_on_the_same_data_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _first = start(dir.path(), 500);
    let mut second = Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(["runner", "--port", "0", "--device", "cpu", "--site", SITE])
        .arg("--data-dir")
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = second.kill();
            panic!("a second runner started on the same data folder");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success());
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut second.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("another runner uses"), "{stderr}");
}
