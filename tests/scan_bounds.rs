//! The scanner's work is bounded, and counted: finder-pattern sheets, empty
//! frames and blotted photos end within a small multiple of the work of a
//! camera frame with a code, measured in the scanner's own deterministic
//! work units ([`ScanOptions::work_limit`]), and the budget ends a scan with
//! [`ScanError::BudgetExhausted`].
#![cfg(all(feature = "render", feature = "scan"))]
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout
)]

mod images;

use emvqr::render::{QrCode, RenderOptions, Validated};
use emvqr::scan::{load_luma, read_luma, scan_image, scan_luma, ScanError, ScanOptions};
use images::{
    blotted_photo, camera_frame, camera_frame_sized, finder_grid, finder_sheet, progressive_jpeg,
    Grey,
};

/// The payment code of the camera frame: a 150-odd character KHQR.
fn frame_payload() -> &'static str {
    include_str!("vectors/render-vectors.tsv")
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .find(|p| p.starts_with("0002010102122") && p.len() > 140 && p.is_ascii())
        .unwrap()
}

fn frame_with_code() -> Grey {
    frame_with_code_at(1920, 1080, 4)
}

/// A camera frame with the payment code at `scale` pixels per module.
fn frame_with_code_at(w: usize, h: usize, scale: usize) -> Grey {
    let opts = RenderOptions::new().scale(scale);
    let png = QrCode::encode(Validated::emv(frame_payload()).unwrap(), &opts)
        .unwrap()
        .to_png(&opts)
        .unwrap();
    let code = load_luma(&png, &ScanOptions::new()).unwrap();
    camera_frame_sized(
        w,
        h,
        Some(&Grey {
            width: code.width as usize,
            height: code.height as usize,
            pixels: code.pixels,
        }),
    )
}

fn scan(img: &Grey, limit: u64) -> Result<Vec<String>, ScanError> {
    let (w, h) = img.dims();
    read_luma(w, h, &img.pixels, &ScanOptions::new().work_limit(limit))
        .map(|codes| codes.into_iter().map(|c| c.text).collect())
}

/// The least work limit with which the scan of `img` ends (with or without
/// codes) rather than running out: the scan's cost, to within `1 / precision`
/// of it. The cost is deterministic and more budget never changes the
/// outcome, so a bisection finds it.
fn cost_within(img: &Grey, precision: u64) -> u64 {
    let (mut lo, mut hi) = (0u64, ScanOptions::DEFAULT_WORK_LIMIT);
    assert!(scan(img, hi).is_ok(), "not done within the default limit");
    while hi - lo > (hi / precision).max(1) {
        let mid = lo + (hi - lo) / 2;
        match scan(img, mid) {
            Ok(_) => hi = mid,
            Err(ScanError::BudgetExhausted { limit }) => {
                assert_eq!(limit, mid);
                lo = mid;
            }
            Err(e) => panic!("{e}"),
        }
    }
    hi
}

fn cost(img: &Grey) -> u64 {
    cost_within(img, u64::MAX)
}

/// Within 2 %, rounded up.
fn about(img: &Grey) -> u64 {
    cost_within(img, 50)
}

#[test]
fn the_budget_ends_a_scan_and_says_so() {
    let opts = RenderOptions::new().scale(3);
    let png = QrCode::encode(Validated::emv(frame_payload()).unwrap(), &opts)
        .unwrap()
        .to_png(&opts)
        .unwrap();
    let code = load_luma(&png, &ScanOptions::new()).unwrap();
    let code = Grey {
        width: code.width as usize,
        height: code.height as usize,
        pixels: code.pixels,
    };
    let c = cost(&code);
    assert_eq!(scan(&code, c).unwrap(), vec![frame_payload()]);
    let e = scan(&code, c - 1).unwrap_err();
    assert_eq!(e, ScanError::BudgetExhausted { limit: c - 1 });
    assert!(e.to_string().contains(&format!("{}", c - 1)), "{e}");
    // the same image costs the same every time
    assert_eq!(cost(&code), c);
    // the whole-file entry point reports it too
    assert_eq!(
        scan_image(&png, &ScanOptions::new().work_limit(c - 1)),
        Err(ScanError::BudgetExhausted { limit: c - 1 })
    );
    assert_eq!(
        scan_image(&png, &ScanOptions::new().work_limit(c)).unwrap()[0].text(),
        frame_payload()
    );
}

/// The figures in work units, one image at a time: a frame without a
/// code costs at most twice the frame with one, and sheets of finder patterns
/// of 400, 800 and 1280 pixels at most ten times.
#[test]
fn hostile_and_empty_frames_cost_a_small_multiple_of_a_frame_with_a_code() {
    let frame = frame_with_code();
    assert_eq!(scan(&frame, u64::MAX).unwrap(), vec![frame_payload()]);
    let with_code = about(&frame);
    let empty = about(&camera_frame(None));
    assert!(
        empty <= 2 * with_code,
        "empty {empty}, with a code {with_code}"
    );
    let mut costs = Vec::new();
    for side in [400, 800, 1280] {
        let sheet = finder_sheet(side);
        assert_eq!(scan(&sheet, u64::MAX).unwrap(), Vec::<String>::new());
        costs.push(about(&sheet));
    }
    // denser and sparser sheets, down to 1-pixel modules
    for (side, module, pitch) in [(1280, 1, 8), (800, 1, 8), (1280, 2, 14), (1280, 4, 30)] {
        costs.push(about(&finder_grid(side, module, pitch)));
    }
    println!(
        "work units: frame with a code {with_code}, without {empty}, sheets and grids {costs:?}"
    );
    for c in &costs {
        assert!(*c <= 10 * with_code, "{c} against {with_code}: {costs:?}");
    }
}

/// The early exit (a half-size level without any finder pattern ends the
/// scan) keeps the small codes that show at half size: 2 and 3 pixels a
/// module in a 1080p frame, 3 in a 1440p one. Without it, a 1440p frame is
/// read at full size too, where 2-pixel modules are read, at a higher cost
/// for frames without a code.
#[test]
fn small_codes_in_large_frames() {
    let read = |img: &Grey, opts: &ScanOptions| {
        let (w, h) = img.dims();
        read_luma(w, h, &img.pixels, opts)
            .unwrap()
            .into_iter()
            .map(|c| c.text)
            .collect::<Vec<_>>()
    };
    let quick = ScanOptions::new();
    let full = ScanOptions::new().early_exit(false);
    for (w, h, scale) in [(1920, 1080, 2), (1920, 1080, 3), (2560, 1440, 3)] {
        let frame = frame_with_code_at(w, h, scale);
        assert_eq!(
            read(&frame, &quick),
            vec![frame_payload()],
            "{w}x{h}, {scale} px"
        );
    }
    let frame = frame_with_code_at(2560, 1440, 2);
    assert_eq!(read(&frame, &full), vec![frame_payload()]);
    let empty = camera_frame_sized(2560, 1440, None);
    assert_eq!(read(&empty, &full), Vec::<String>::new());
    let costs = |opts: ScanOptions| {
        let mut lo_hi = (0u64, ScanOptions::DEFAULT_WORK_LIMIT);
        while lo_hi.1 - lo_hi.0 > lo_hi.1 / 50 {
            let mid = lo_hi.0 + (lo_hi.1 - lo_hi.0) / 2;
            let (w, h) = empty.dims();
            match read_luma(w, h, &empty.pixels, &opts.clone().work_limit(mid)) {
                Ok(_) => lo_hi.1 = mid,
                Err(_) => lo_hi.0 = mid,
            }
        }
        lo_hi.1
    };
    let (with_exit, without) = (costs(quick), costs(full));
    println!("empty 1440p frame: {with_exit} units with the early exit, {without} without");
    assert!(with_exit * 2 < without, "{with_exit} against {without}");
}

/// rqrr 0.11 asserts on this photo once rxing cannot read it; the scanner
/// no longer runs rqrr, and returns.
#[test]
fn the_blotted_photo_ends_normally() {
    let img = blotted_photo();
    let (w, h) = img.dims();
    // it is hostile for rqrr: its assertion fires (caught here, in a test
    // built with panic = "unwind")
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let rqrr = std::panic::catch_unwind(|| {
        let mut p = rqrr::PreparedImage::prepare_from_greyscale(img.width, img.height, |x, y| {
            img.pixels[y * img.width + x]
        });
        p.detect_grids().len()
    });
    std::panic::set_hook(hook);
    assert!(rqrr.is_err(), "rqrr no longer panics on it");
    assert_eq!(
        scan_luma(w, h, &img.pixels, &ScanOptions::new()).unwrap(),
        vec![]
    );
}

#[test]
fn the_generated_progressive_jpeg_is_a_white_image() {
    let jpeg = progressive_jpeg(100, 60);
    let via_image = image::load_from_memory(&jpeg).unwrap().into_luma8();
    assert_eq!((via_image.width(), via_image.height()), (100, 60));
    assert!(via_image.pixels().all(|p| p.0[0] >= 254), "image crate");
    let ours = load_luma(&jpeg, &ScanOptions::new()).unwrap();
    assert_eq!((ours.width, ours.height), (100, 60));
    assert!(ours.pixels.iter().all(|p| *p >= 254), "scanner");
}

#[test]
fn large_progressive_jpegs_are_refused_at_their_real_cost() {
    // 4000 x 4000: a 16 MB grey image, but 48 MB of coefficients on the way
    let jpeg = progressive_jpeg(4000, 4000);
    let opts = ScanOptions::new().max_alloc(40 << 20);
    match load_luma(&jpeg, &opts) {
        Err(ScanError::TooLarge(m)) => assert!(m.contains("progressive"), "{m}"),
        other => panic!("{:?}", other.map(|i| (i.width, i.height))),
    }
    // the same pixels within a cap that holds them
    let img = load_luma(&jpeg, &ScanOptions::new().max_alloc(80 << 20)).unwrap();
    assert_eq!((img.width, img.height), (4000, 4000));
}
