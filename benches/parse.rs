//! Parse + validate throughput against a bare CRC pass over the same bytes (the floor) and the
//! `promptparse` crate's strict parser (a peer), plus build; and EMV consumer-presented decode
//! and build against a bare base64 decode of the same text (the floor of any CPM decoder); and
//! the verdict (`check`) on the same KHQR and four other codes, described and not, and `verify`.
//!
//! Run: `cargo bench --bench parse`. After criterion's groups, a summary prints the ratios the
//! performance budget is stated in, measured in the same run: see [`summary`]. To print only the
//! summary, give criterion a filter that matches nothing: `cargo bench --bench parse -- none`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Instant;

/// The ACLEDA merchant KHQR from the shared vectors (202 characters, official verdict: valid).
const KHQR: &str = "00020101021130640009khqr@aclb0111855124649060215ACLEDA Bank Plc051385500000019425204593153038405802KH5912KHQR TESTING6010Phnom Penh6102126213020901753577164360002KM0112KHQR TESTING0210Phnom Penh6304AC1C";
/// The SGQR specification sample (over 900 characters, 20+ merchant accounts).
const SGQR: &str = "00020101021102164761360000000*1704155123456789123451110123456789012153123456789012341531250003440001034450003445311000126330015SG.COM.DASH.WWW0110000005550127670014A00000076200010120COM.LQDPALLIANCE.WWW021512345678901234503020028660011SG.COM.OCBC0147OCBCP2P629A358D-ECE7-4554-AD56-EBD12D84CA7E4F7329500006SG.EZI013603600006-76bb-4a5a-aa1a-fbcb64d6ecf530850013SG.COM.EZLINK01201234567890123456-1230204SGQR0324A123456,B123456,C12345670404A23X31260008COM.GRAB0110A93FO3230Q32390007COM.DBS011012345678900210123456789033900011SG.COM.NETS01230201401832831128823590002150001118703240000308885872010901199084E5DC3D834430017COM.QQ.WEIXIN.PAY011012345678900204123435660010SG.COM.UOB014845D233507F5E8C306E3871A4E9FACA601A80C114B5645E5D36840009SG.PAYNOW010120216+621234567890123030100408209912310525123456789012345678901234537270009SG.AIRPAY0110A11BC0000X51860007SG.SGQR0112180307510317020701.0003030608100604020205031380609Counter010708201804075204581453037025802SG5916FOOD XYZ PTE LTD6009SINGAPORE6106081006626001081234567R0607876543050330015SG.COM.DASH.WWW0110000005550263045E8D";
/// The EMVCo specification sample, with a Chinese language template (non-ASCII).
const CHINESE: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

/// The parse inputs: name, payload, whether `promptparse` can take it (it panics on non-ASCII).
const INPUTS: [(&str, &str, bool); 3] = [
    ("khqr", KHQR, true),
    ("sgqr", SGQR, true),
    ("chinese", CHINESE, false),
];

fn crc(s: &str) -> u16 {
    emvqr::crc16(black_box(s.as_bytes()))
}

fn parse_emvqr(s: &str) -> bool {
    emvqr::Payload::parse(black_box(s)).is_ok()
}

fn parse_peer(s: &str) -> bool {
    promptparse::parse(black_box(s), true, true).is_some()
}

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    for (name, s, ascii) in INPUTS {
        assert!(emvqr::Payload::parse(s).is_ok());
        g.throughput(Throughput::Bytes(s.len() as u64));
        g.bench_with_input(BenchmarkId::new("crc16_baseline", name), s, |b, s| {
            b.iter(|| crc(s));
        });
        g.bench_with_input(BenchmarkId::new("emvqr", name), s, |b, s| {
            b.iter(|| parse_emvqr(s));
        });
        if ascii {
            assert!(promptparse::parse(s, true, true).is_some());
            g.bench_with_input(BenchmarkId::new("promptparse", name), s, |b, s| {
                b.iter(|| parse_peer(s));
            });
        }
    }
    g.finish();
}

/// A builder holding the parsed payload, and the payload it must encode to.
fn builder(s: &str) -> (emvqr::PayloadBuilder<'_>, String) {
    let p = emvqr::Payload::parse(s).unwrap();
    let builder = emvqr::PayloadBuilder::from(&p).static_code();
    let expected = builder.build().unwrap();
    (builder, expected)
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    for (name, s) in [("khqr", KHQR), ("chinese", CHINESE)] {
        let (builder, expected) = builder(s);
        g.throughput(Throughput::Bytes(s.len() as u64));
        g.bench_with_input(
            BenchmarkId::new("build_validated", name),
            &builder,
            |b, builder| {
                b.iter(|| black_box(builder).build().unwrap());
            },
        );
        let mut out = String::with_capacity(expected.len());
        g.bench_with_input(
            BenchmarkId::new("encode_only", name),
            &builder,
            |b, builder| {
                b.iter(|| {
                    out.clear();
                    black_box(builder).write_to(&mut out).unwrap();
                });
            },
        );
    }
    g.finish();
}

/// The UnionPay consumer-presented sample (credit; 128 base64 characters, 95 bytes).
const CPM_UNIONPAY: &str = "hQVDUFYwMWFWTwigAAADMwEBAlcRYmNgAQBxNnLSMSIBAAABiAFfNAEAYzOfJghWite85mtxi58nAYCfEBEHAAEDoAAAAQgwMDAwMDAwMZ82AhEiggIAAJ83BCJgSI4=";

/// Standard base64 values by byte (0xFF: not base64), computed at compile time.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const BASE64_VALUES: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut t = [0xFF; 256];
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// A bare base64 decode into a fresh `Vec` (no checks at all): the baseline.
#[allow(clippy::indexing_slicing)]
fn base64_floor(s: &str) -> Vec<u8> {
    let body = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= u32::from(BASE64_VALUES[usize::from(*c)]) << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

fn cpm(c: &mut Criterion) {
    let mut g = c.benchmark_group("cpm");
    let s = CPM_UNIONPAY;
    let decoded = emvqr::cpm::decode(s).unwrap();
    assert_eq!(base64_floor(s), decoded.bytes());
    g.throughput(Throughput::Bytes(s.len() as u64));
    g.bench_with_input(
        BenchmarkId::new("base64_baseline", "unionpay"),
        s,
        |b, s| {
            b.iter(|| base64_floor(black_box(s)));
        },
    );
    g.bench_with_input(BenchmarkId::new("decode", "unionpay"), s, |b, s| {
        b.iter(|| emvqr::cpm::decode(black_box(s)).is_ok());
    });
    let bytes = decoded.bytes().to_vec();
    let strict = emvqr::cpm::CpmOptions::new();
    g.bench_with_input(
        BenchmarkId::new("validate_bytes", "unionpay"),
        &bytes,
        |b, bytes| {
            b.iter(|| strict.validate_bytes(black_box(bytes)).is_ok());
        },
    );
    g.bench_with_input(BenchmarkId::new("decode_fields", "unionpay"), s, |b, s| {
        b.iter(|| emvqr::cpm::decode(black_box(s)).unwrap().fields());
    });
    let fields = decoded.fields();
    let builder =
        emvqr::cpm::CpmBuilder::from_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(builder.build().unwrap(), s);
    g.bench_with_input(
        BenchmarkId::new("build", "unionpay"),
        &builder,
        |b, builder| {
            b.iter(|| black_box(builder).build().unwrap());
        },
    );
    g.finish();
}

/// Rounds of the summary, and how long each contender runs in one round.
const ROUNDS: usize = 400;
const BURST_NS: f64 = 50_000.0;

/// Nanoseconds per call of `f`, over `iters` calls.
fn burst<R>(iters: usize, mut f: impl FnMut() -> R) -> f64 {
    let t = Instant::now();
    for _ in 0..iters {
        black_box(f());
    }
    t.elapsed().as_secs_f64() * 1e9 / iters as f64
}

/// How many calls of `f` fill a burst.
fn iterations<R>(mut f: impl FnMut() -> R) -> usize {
    let ns = burst(1000, &mut f).max(1.0);
    ((BURST_NS / ns) as usize).max(10)
}

/// Per-call times of each contender over interleaved rounds: every round runs each one for a
/// short burst, so that the contenders of a round share the same moment of a busy machine.
fn rounds(contenders: &mut [&mut dyn FnMut() -> f64]) -> Vec<Vec<f64>> {
    (0..ROUNDS)
        .map(|_| contenders.iter_mut().map(|f| f()).collect())
        .collect()
}

/// The fastest time of contender `i`.
fn fastest(r: &[Vec<f64>], i: usize) -> f64 {
    r.iter().map(|t| t[i]).fold(f64::MAX, f64::min)
}

/// The median over rounds of contender `a`'s time over contender `b`'s, each pair measured
/// side by side.
fn ratio(r: &[Vec<f64>], a: usize, b: usize) -> f64 {
    let mut q: Vec<f64> = r.iter().map(|t| t[a] / t[b]).collect();
    q.sort_by(f64::total_cmp);
    q[q.len() / 2]
}

/// The ratios of the performance budget, from measurements taken in this run (see
/// [`rounds`]): per input, the strict parse in CRC passes (a bare `crc16` over the same bytes)
/// and `promptparse`'s time over ours; the build in parses, validated and as `write_to` (encode
/// and checksum).
fn summary() {
    println!(
        "\nsummary: {ROUNDS} rounds of side-by-side bursts; fastest time of each, and the \
         median of the per-round ratios"
    );
    for (name, s, ascii) in INPUTS {
        let (ni, ne) = (iterations(|| crc(s)), iterations(|| parse_emvqr(s)));
        let mut t_crc = || burst(ni, || crc(s));
        let mut t_emv = || burst(ne, || parse_emvqr(s));
        let r = if ascii {
            let np = iterations(|| parse_peer(s));
            let mut t_peer = || burst(np, || parse_peer(s));
            rounds(&mut [&mut t_crc, &mut t_emv, &mut t_peer])
        } else {
            rounds(&mut [&mut t_crc, &mut t_emv])
        };
        print!(
            "  parse {name:8} {:8.1} ns = {:5.2} CRC passes (CRC {:.1} ns)",
            fastest(&r, 1),
            ratio(&r, 1, 0),
            fastest(&r, 0),
        );
        if ascii {
            println!(
                "; promptparse {:8.1} ns = {:5.2}x emvqr",
                fastest(&r, 2),
                ratio(&r, 2, 1)
            );
        } else {
            println!("; promptparse cannot take it");
        }
    }
    for (name, s) in [("khqr", KHQR), ("chinese", CHINESE)] {
        let (builder, expected) = builder(s);
        let mut out = String::with_capacity(expected.len());
        let mut encode = || {
            out.clear();
            builder.write_to(&mut out).unwrap();
        };
        let (np, nb, nw) = (
            iterations(|| parse_emvqr(s)),
            iterations(|| builder.build().unwrap()),
            iterations(&mut encode),
        );
        let mut t_parse = || burst(np, || parse_emvqr(s));
        let mut t_build = || burst(nb, || black_box(&builder).build().unwrap());
        let mut t_encode = || burst(nw, &mut encode);
        let r = rounds(&mut [&mut t_parse, &mut t_build, &mut t_encode]);
        println!(
            "  build {name:8} {:8.1} ns = {:5.2} parses validated; write_to (encode + CRC) {:6.1} ns = {:5.2} parses",
            fastest(&r, 1),
            ratio(&r, 1, 0),
            fastest(&r, 2),
            ratio(&r, 2, 0)
        );
    }
}

/// A KHQR with Khmer names in its language template, valid at the verdict group's clock (from
/// the shared vectors, 169 characters): the official SDK's walk counts UTF-16 units.
const KHQR_KHMER: &str = "00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6009Siam Reap64280002km0108ចន ស្មីន0206សៀមរាប99170013168733740175863047488";
/// An ELQR payload from the shared vectors (124 characters): SHA-256 checksum, template 32.
const ELQR: &str = "00020101021132460011qr.bakai.kg010131016124207011832911213021233120008BAKAIAPP5204653853034175908Ilyas%20T.54051005363044F76";

/// The verdict (what a wallet, a package or the command line calls per code), with and without
/// its description (fields, re-encoding), and the judgement alone (`verify`), on the KHQR, the
/// Khmer KHQR, the SGQR sample, an ELQR code and the UnionPay consumer-presented code. Its
/// cost in instructions, stable under load: run the bench binary under callgrind with
/// `--bench verdict/ --profile-time 1`.
fn verdict(c: &mut Criterion) {
    let mut g = c.benchmark_group("verdict");
    let at = emvqr::CheckOptions::at(1_767_225_600_000);
    let judge = at.describe(false);
    for (name, s) in [
        ("khqr", KHQR),
        ("khqr_khmer", KHQR_KHMER),
        ("sgqr", SGQR),
        ("elqr", ELQR),
        ("cpm", CPM_UNIONPAY),
    ] {
        assert!(emvqr::check(s, &at).is_valid(), "{name}");
        g.bench_function(BenchmarkId::new("check", name), |b| {
            b.iter(|| emvqr::check(black_box(s), &at).is_valid());
        });
        g.bench_function(BenchmarkId::new("check_undescribed", name), |b| {
            b.iter(|| emvqr::check(black_box(s), &judge).is_valid());
        });
        assert_eq!(emvqr::verify(s, &at), Ok(()), "{name}");
        g.bench_function(BenchmarkId::new("verify", name), |b| {
            b.iter(|| emvqr::verify(black_box(s), &at).is_ok());
        });
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    parse(&mut c);
    build(&mut c);
    cpm(&mut c);
    verdict(&mut c);
    c.final_summary();
    summary();
}
