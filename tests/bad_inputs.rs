//! Hostile and unusual inputs (`testdata/bad-inputs/`, see its README), run through the
//! real binary with 200 MiB of address space (`ulimit -v`) and killed after a generous
//! timeout. Inputs Helm refuses, and inputs that would make it loop or allocate
//! without end, must fail cleanly: exit status 1, nothing on standard output, no
//! panic, and a message naming the file or flag. Inputs Helm accepts (a UTF-8 BOM,
//! CRLF line ends, duplicate keys, numbers beyond float64) must render as Helm does.
//!
//! The tests assert on exit status and messages, not on measured time; the timeout
//! only turns a hang into a failure.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The address space the binary gets (`ulimit -v`, KiB): 200 MiB.
const MEMORY_KIB: u64 = 200 * 1024;

/// Kill the binary after this long: far above the 2 s the cases take in a release
/// build, so that slow debug builds on a busy machine do not fail, while a hang does.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The user the unwritable-folder cases run as when the tests run as root (who can
/// write anywhere): `nobody`.
const NOBODY: u32 = 65534;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_permify-render"))
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/bad-inputs")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// What a run printed and how it ended.
struct Run {
    /// The exit status; `None` when killed by a signal (a crash or the timeout).
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// How to run the binary.
#[derive(Default)]
struct Opts {
    stdin: Option<Vec<u8>>,
    /// Run as this user and group (the tests must be root to use it).
    user: Option<u32>,
}

/// Runs `permify-render ARGS` under the memory limit and the timeout.
fn run_with<S: Into<OsString> + Clone>(args: &[S], opts: Opts) -> Run {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$@\""))
        .arg("sh")
        .arg(bin())
        .args(args.iter().cloned().map(Into::into))
        .stdin(if opts.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(uid) = opts.user {
        cmd.uid(uid).gid(uid);
    }
    let mut child = cmd.spawn().expect("sh runs");
    let feeder = opts.stdin.map(|data| {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        // The binary may stop reading early (over the size limit): a broken pipe is fine.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&data);
        })
    });
    let mut out_pipe = child.stdout.take().expect("stdout pipe");
    let mut err_pipe = child.stderr.take().expect("stderr pipe");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("permify-render did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    if let Some(f) = feeder {
        let _ = f.join();
    }
    Run {
        code: status.code(),
        stdout: out_reader.join().expect("stdout"),
        stderr: String::from_utf8_lossy(&err_reader.join().expect("stderr")).into_owned(),
    }
}

fn run<S: Into<OsString> + Clone>(args: &[S]) -> Run {
    run_with(args, Opts::default())
}

/// A clean failure: exit 1, nothing on stdout, no panic or abort, and every
/// `expected` text in the message. Returns stderr.
fn fails(r: &Run, expected: &[&str]) -> String {
    let head: String = r.stderr.chars().take(2000).collect();
    assert_eq!(r.code, Some(1), "exit status; stderr:\n{head}");
    assert!(
        r.stdout.is_empty(),
        "stdout must stay empty, got {} bytes",
        r.stdout.len()
    );
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "memory allocation",
        "overflowed its stack",
    ] {
        assert!(!r.stderr.contains(bad), "{bad:?} in stderr:\n{head}");
    }
    assert!(r.stderr.contains("Error: "), "no error message:\n{head}");
    for e in expected {
        assert!(r.stderr.contains(e), "{e:?} not in stderr:\n{head}");
    }
    r.stderr.clone()
}

/// Exit 0; returns stdout.
fn renders(r: &Run) -> String {
    let head: String = r.stderr.chars().take(2000).collect();
    assert_eq!(r.code, Some(0), "exit status; stderr:\n{head}");
    String::from_utf8(r.stdout.clone()).expect("UTF-8 output")
}

fn template_file(name: &str) -> Run {
    run(&["--quiet", "template", "-f", &corpus(name)])
}

// ---- values files ----

#[test]
fn alias_bombs_are_refused() {
    fails(
        &template_file("alias-bomb.yaml"),
        &[
            "alias-bomb.yaml:3:22: document contains excessive aliasing",
            "a1: &a1 [*a0",
        ],
    );
    fails(
        &template_file("alias-bomb-maps.yaml"),
        &["alias-bomb-maps.yaml:3:", "excessive aliasing"],
    );
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    for (file, at) in [
        ("deep-flow-seq.yaml", "deep-flow-seq.yaml:2:1003:"),
        ("deep-flow-map.yaml", "deep-flow-map.yaml:2:4000:"),
        ("deep-block-seq.yaml", "deep-block-seq.yaml:3:1999:"),
    ] {
        fails(
            &template_file(file),
            &[at, "exceeded max depth of 1000 nested maps and lists"],
        );
    }
}

#[test]
fn deep_indented_block_maps_are_refused() {
    // 2,000 levels of `k:` each indented one more space (2 MB; 10,000 levels would be
    // 50 MB, over the size limit).
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deep-block-map.yaml");
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(&" ".repeat(i));
        text.push_str("k:\n");
    }
    fs::write(&path, text).expect("write");
    fails(
        &run(&["--quiet", "template", "-f", path.to_str().expect("path")]),
        &[
            "deep-block-map.yaml:1001:1001:",
            "exceeded max depth of 1000",
        ],
    );
}

/// 100 MB of ordinary-looking values.
fn hundred_megabytes() -> Vec<u8> {
    let mut data = b"podAnnotations:\n".to_vec();
    let mut i = 0u64;
    while data.len() < 100_000_000 {
        data.extend_from_slice(
            format!("  key{i:08}: value-{i:08}-abcdefghijklmnopqrstuvwxyz\n").as_bytes(),
        );
        i += 1;
    }
    data
}

#[test]
fn a_hundred_megabyte_values_file_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.yaml");
    let data = hundred_megabytes();
    fs::write(&path, &data).expect("write");
    let shown = path.to_str().expect("path");
    fails(
        &run(&["--quiet", "template", "-f", shown]),
        &[
            &format!("cannot read values file {shown}"),
            "the file is larger than 8 MiB, the limit for input files",
        ],
    );
    // The same bytes on standard input.
    fails(
        &run_with(
            &["--quiet", "template", "-f", "-"],
            Opts {
                stdin: Some(data),
                ..Opts::default()
            },
        ),
        &["cannot read values file - (-f -): the file is larger than 8 MiB"],
    );
    // And through --set-file.
    fails(
        &run(&[
            "--quiet".to_string(),
            "template".into(),
            "--set-file".into(),
            format!("podAnnotations.x={shown}"),
        ]),
        &["the file is larger than 8 MiB"],
    );
}

#[test]
fn bytes_that_are_not_utf8_are_refused() {
    fails(
        &template_file("non-utf8.yaml"),
        &["non-utf8.yaml:3:11: invalid UTF-8 (byte 0xe9): values files must be UTF-8 text"],
    );
}

#[test]
fn nul_bytes_are_refused() {
    fails(
        &template_file("nul.yaml"),
        &["nul.yaml:3:10: control characters are not allowed (found U+0000)"],
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_just_work() {
    let plain = renders(&template_file("plain.yaml"));
    assert!(plain.contains("replicas: 2"), "the values were read");
    assert!(plain.contains("note: \"two\\r\\nlines\""), "{plain}");
    for f in ["bom.yaml", "crlf.yaml", "bom-crlf.yaml"] {
        assert_eq!(renders(&template_file(f)), plain, "{f} renders differently");
    }
    // The same through standard input.
    let bom_crlf = fs::read(corpus("bom-crlf.yaml")).expect("read");
    let r = run_with(
        &["--quiet", "template", "-f", "-"],
        Opts {
            stdin: Some(bom_crlf),
            ..Opts::default()
        },
    );
    assert_eq!(renders(&r), plain);
}

#[test]
fn duplicate_keys_keep_the_last_value_like_helm() {
    let last = renders(&template_file("duplicate-keys-last.yaml"));
    assert!(last.contains("replicas: 4"));
    assert_eq!(renders(&template_file("duplicate-keys.yaml")), last);
}

#[test]
fn numbers_beyond_float64_stay_strings_like_helm() {
    let out = renders(&template_file("beyond-float64.yaml"));
    assert!(out.contains("        big: 1e400\n"), "{out}");
    assert!(out.contains("        negative: -1e400\n"), "{out}");
    // 30 digits still fit a float64 (rounded), as in Helm.
    assert!(
        out.contains("        long: 1.2345678901234568e+29\n"),
        "{out}"
    );
    let json = renders(&run(&[
        "--quiet",
        "values",
        "-o",
        "json",
        "-f",
        &corpus("beyond-float64.yaml"),
    ]));
    assert!(json.contains("\"big\":\"1e400\""), "{json}");
    fails(
        &template_file("beyond-float64-replicas.yaml"),
        &["replicaCount: got string, want integer"],
    );
    // --set-json refuses them, as Go's JSON decoder does.
    fails(
        &run(&[
            "--quiet",
            "template",
            "--set-json",
            "podAnnotations.x=1e400",
        ]),
        &["--set-json podAnnotations.x=1e400"],
    );
}

// ---- --set flags ----

#[test]
fn huge_list_indexes_are_refused() {
    for flag in ["--set", "--set-string", "--set-json", "--set-literal"] {
        fails(
            &run(&["--quiet", "template", flag, "a[99999999]=1"]),
            &[
                &format!("{flag} a[99999999]=1"),
                "index 99999999 of key \"a\" is greater than the maximum supported index of 65536",
            ],
        );
    }
    let hostname = corpus("plain.yaml");
    fails(
        &run(&[
            "--quiet".to_string(),
            "template".into(),
            "--set-file".into(),
            format!("a[99999999]={hostname}"),
        ]),
        &["greater than the maximum supported index of 65536"],
    );
    fails(
        &run(&["--quiet", "template", "--set", "a[18446744073709551616]=1"]),
        &["index \"18446744073709551616\" of key \"a\" is out of range"],
    );
    fails(
        &run(&["--quiet", "template", "--set", "a[-1]=1"]),
        &["negative index -1 of key \"a\" is not allowed"],
    );
    fails(
        &run(&["--quiet", "template", "--set", "a[0][0][65537]=1"]),
        &["greater than the maximum supported index of 65536"],
    );
    // Helm's largest index works.
    renders(&run(&[
        "--quiet",
        "template",
        "--set",
        "a[65536]=1,b[0][65536]=x",
    ]));
}

#[test]
fn a_huge_integer_to_range_over_is_refused() {
    // Go would print 100 million host lines; this used to abort allocating 2.4 GB.
    fails(
        &run(&[
            "--quiet",
            "template",
            "--set",
            "ingress.enabled=true",
            "--set",
            "ingress.tls[0].hosts=100000000",
        ]),
        &[
            "rendering permify/templates/ingress.yaml",
            "range over the integer 100000000: more than 65536 iterations",
        ],
    );
    // From a file the number is a float64, which Go cannot range over.
    fails(
        &template_file("range-huge-integer.yaml"),
        &["range can't iterate over 1e+08"],
    );
}

/// The longest single argument Linux passes to a program is 128 KiB, terminating NUL
/// included (`MAX_ARG_STRLEN`).
const LONGEST_ARG: usize = 128 * 1024 - 1;

#[test]
fn very_long_set_arguments() {
    // A 128 KiB value: rendered whole.
    let value = "v".repeat(LONGEST_ARG - "podAnnotations.x=".len());
    let out = renders(&run(&[
        "--quiet".to_string(),
        "template".into(),
        "--set".into(),
        format!("podAnnotations.x={value}"),
    ]));
    assert!(out.contains(&format!("x: {value}\n")));
    // A 128 KiB key: an unknown key (a warning, shortened), rendered as without it.
    let key = "k".repeat(LONGEST_ARG - 2);
    let r = run(&["template".to_string(), "--set".into(), format!("{key}=1")]);
    let plain = renders(&run(&["--quiet", "template"]));
    assert_eq!(renders(&r), plain);
    assert!(r.stderr.contains("warning[W001]: unknown key `kkk"));
    assert!(
        r.stderr.len() < 16 * 1024,
        "stderr {} bytes",
        r.stderr.len()
    );
    // A 128 KiB argument without `=`: an error that does not echo it whole.
    let stderr = fails(
        &run(&[
            "--quiet".to_string(),
            "template".into(),
            "--set".into(),
            key,
        ]),
        &["has no value", "(131069 bytes in all)"],
    );
    assert!(stderr.len() < 2048, "stderr {} bytes", stderr.len());
    // 1 MB in eight arguments.
    let mut args = vec!["--quiet".to_string(), "template".into()];
    let chunk = "w".repeat(LONGEST_ARG - "podAnnotations.kN=".len());
    for i in 0..8 {
        args.push("--set".into());
        args.push(format!("podAnnotations.k{i}={chunk}"));
    }
    let out = renders(&run(&args));
    assert!(out.len() > 1_000_000);
    // 65,000 list items in one argument.
    let items = vec!["x"; 65_000].join(",");
    renders(&run(&[
        "--quiet".to_string(),
        "template".into(),
        "--set".into(),
        format!("tolerations={{{items}}}"),
        "--skip-schema-validation".into(),
    ]));
    // JSON nested 60,000 deep in one argument.
    let json = format!("a={}{}", "[".repeat(60_000), "]".repeat(60_000));
    fails(
        &run(&[
            "--quiet".to_string(),
            "template".into(),
            "--set-json".into(),
            json,
        ]),
        &["JSON nested more than 500 levels deep"],
    );
}

// ---- tpl ----

#[test]
fn tpl_values_that_render_themselves_are_refused() {
    for f in ["tpl-self.yaml", "tpl-self-field.yaml"] {
        fails(
            &template_file(f),
            &[
                "rendering permify/templates/deployment.yaml",
                "tpl: too deeply nested (a tpl string calls tpl more than 20 times)",
            ],
        );
    }
}

#[test]
fn runaway_tpl_values_are_stopped() {
    fails(
        &template_file("tpl-exponential.yaml"),
        &["tpl: more than 1000000 steps"],
    );
    fails(
        &template_file("tpl-loop.yaml"),
        &["tpl: more than 1000000 steps"],
    );
    fails(
        &template_file("tpl-huge-string.yaml"),
        &["error calling indent: the result would be larger than 4 MiB"],
    );
}

// ---- --output-dir ----

/// Every entry under `root` (symlinks not followed): path → kind and content.
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).expect("readable").flatten() {
            let p = e.path();
            let rel = p
                .strip_prefix(root)
                .expect("below")
                .to_string_lossy()
                .into_owned();
            let meta = fs::symlink_metadata(&p).expect("stat");
            let what = if meta.file_type().is_symlink() {
                format!("link -> {}", fs::read_link(&p).expect("link").display())
            } else if meta.is_dir() {
                stack.push(p.clone());
                format!("dir {:o}", meta.mode() & 0o777)
            } else {
                format!(
                    "file {}",
                    String::from_utf8_lossy(&fs::read(&p).expect("read"))
                )
            };
            out.insert(rel, what);
        }
    }
    out
}

/// A scratch folder other users can enter (for the runs as `nobody`).
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    dir
}

fn template_to(dir: &Path, opts: Opts) -> Run {
    run_with(
        &[
            "--quiet".to_string(),
            "template".into(),
            "--output-dir".into(),
            dir.to_string_lossy().into_owned(),
        ],
        opts,
    )
}

#[test]
fn output_dir_that_is_a_file_is_refused() {
    let dir = scratch();
    let file = dir.path().join("out");
    fs::write(&file, "keep me").expect("write");
    fails(
        &template_to(&file, Opts::default()),
        &["out: exists and is not a folder"],
    );
    assert_eq!(fs::read_to_string(&file).expect("read"), "keep me");
}

/// Whether this process runs as root (a file it creates is owned by uid 0).
fn running_as_root(dir: &Path) -> bool {
    let probe = dir.join(".owner");
    fs::write(&probe, "").expect("write");
    let root = fs::metadata(&probe).expect("stat").uid() == 0;
    fs::remove_file(&probe).expect("remove");
    root
}

/// How to run so that a 0555 folder is not writable: as `nobody` when root (root
/// writes anywhere), as we are otherwise. `None` (skip) when neither works.
fn unprivileged(dir: &Path) -> Option<Opts> {
    let opts = if running_as_root(dir) {
        Opts {
            user: Some(NOBODY),
            ..Opts::default()
        }
    } else {
        Opts::default()
    };
    // Check the chosen user really cannot write to a read-only folder.
    let ro = dir.join("probe-ro");
    fs::create_dir(&ro).expect("mkdir");
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).expect("chmod");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("touch \"$1/x\" 2>/dev/null")
        .arg("sh")
        .arg(&ro);
    if let Some(uid) = opts.user {
        cmd.uid(uid).gid(uid);
    }
    let could_write = cmd.status().map(|s| s.success()).unwrap_or(true);
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).expect("chmod");
    fs::remove_dir_all(&ro).expect("cleanup");
    if could_write {
        eprintln!(
            "skipped: cannot get a user who is refused writes to a read-only folder \
             (root without an unprivileged user to switch to?)"
        );
        return None;
    }
    Some(Opts {
        user: opts.user,
        ..Opts::default()
    })
}

#[test]
fn output_dir_that_is_not_writable_is_refused_and_left_alone() {
    let dir = scratch();
    let Some(opts) = unprivileged(dir.path()) else {
        return;
    };
    let out = dir.path().join("ro");
    fs::create_dir(&out).expect("mkdir");
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).expect("chmod");
    let before = snapshot(dir.path());
    fails(
        &template_to(&out, opts),
        &[
            "ro/permify/templates: cannot create folder",
            "ermission denied",
        ],
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn output_dir_is_never_left_half_written() {
    // permify/templates is writable, permify/templates/tests is not: the manifests
    // are written (to temporary files) before the test hook fails.
    let dir = scratch();
    let Some(opts) = unprivileged(dir.path()) else {
        return;
    };
    let out = dir.path().join("out");
    let templates = out.join("permify/templates");
    fs::create_dir_all(templates.join("tests")).expect("mkdir");
    fs::write(templates.join("service.yaml"), "old service").expect("write");
    if let Some(uid) = opts.user {
        for p in [out.clone(), out.join("permify"), templates.clone()] {
            std::os::unix::fs::chown(&p, Some(uid), Some(uid)).expect("chown");
        }
    }
    fs::set_permissions(templates.join("tests"), fs::Permissions::from_mode(0o555)).expect("chmod");
    let before = snapshot(dir.path());
    fails(
        &template_to(&out, opts),
        &["permify/templates/tests: cannot write", "ermission denied"],
    );
    assert_eq!(snapshot(dir.path()), before, "the tree changed");
}

#[test]
fn a_failed_output_dir_write_removes_the_folders_it_created() {
    // An output folder whose path is so long (Linux allows 4095 bytes) that the
    // manifests' temporary files fit but those of the test hook do not: by then
    // permify/, templates/ and tests/ have been created, and must go again.
    let dir = scratch();
    let base = dir.path().to_string_lossy().into_owned();
    let want = 4050; // templates/<22-byte temp name> fits, tests/<temp name> does not
    let mut out = PathBuf::from(&base);
    let mut len = base.len();
    while len < want {
        let part = "d".repeat((want - len - 1).min(200));
        len += 1 + part.len();
        out.push(part);
    }
    assert_eq!(out.to_string_lossy().len(), want);
    fs::create_dir_all(&out).expect("mkdir");
    let before = snapshot(dir.path());
    fails(
        &template_to(&out, Opts::default()),
        &["permify/templates/tests: cannot write", "too long"],
    );
    assert_eq!(snapshot(dir.path()), before, "folders were left behind");
}

#[test]
fn output_dir_symlinks_are_never_written_through() {
    let dir = scratch();
    let root = dir.path();
    let outside = root.join("outside");
    fs::create_dir(&outside).expect("mkdir");
    let victim = root.join("victim.txt");
    fs::write(&victim, "keep me").expect("write");

    // The chart folder is a symlink out of the output folder.
    let a = root.join("a");
    fs::create_dir(&a).expect("mkdir");
    symlink(&outside, a.join("permify")).expect("symlink");
    // The templates folder is.
    let b = root.join("b");
    fs::create_dir_all(b.join("permify")).expect("mkdir");
    symlink(&outside, b.join("permify/templates")).expect("symlink");
    // A manifest is a symlink to a file outside.
    let c = root.join("c");
    fs::create_dir_all(c.join("permify/templates")).expect("mkdir");
    symlink(&victim, c.join("permify/templates/deployment.yaml")).expect("symlink");

    let before = snapshot(root);
    for (out, link) in [
        (&a, "a/permify"),
        (&b, "b/permify/templates"),
        (&c, "c/permify/templates/deployment.yaml"),
    ] {
        fails(
            &template_to(out, Opts::default()),
            &[link, "is a symlink; refusing to write through it"],
        );
        assert_eq!(snapshot(root), before, "{link}: the tree changed");
    }
    assert_eq!(fs::read_to_string(&victim).expect("read"), "keep me");

    // A symlink beside the files written is left alone.
    let d = root.join("d");
    fs::create_dir_all(d.join("permify/templates")).expect("mkdir");
    symlink(&victim, d.join("permify/templates/other.yaml")).expect("symlink");
    let r = template_to(&d, Opts::default());
    assert!(renders(&r).contains("permify/templates/deployment.yaml"));
    assert!(
        fs::symlink_metadata(d.join("permify/templates/other.yaml"))
            .expect("stat")
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&victim).expect("read"), "keep me");

    // The output folder itself may be a symlink: it is the folder the user named.
    let e = root.join("e");
    symlink(&outside, &e).expect("symlink");
    renders(&template_to(&e, Opts::default()));
    assert!(outside.join("permify/templates/deployment.yaml").is_file());
}

#[test]
fn the_harness_catches_what_it_should() {
    // The memory limit is real: a normal render fits, and the limit is in force.
    renders(&run(&["--quiet", "template"]));
    let limit = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && ulimit -v"))
        .output()
        .expect("sh");
    assert_eq!(
        String::from_utf8_lossy(&limit.stdout).trim(),
        MEMORY_KIB.to_string()
    );
}
