//! The one real-browser test: headless Chromium, driven through
//! chromedriver (WebDriver) by fantoccini, on a running `sagasu serve`.
//!
//! It types a query, sees the highlighted results arrive (the script's
//! search as you type), opens a snippet's document view, moves to the next
//! match with the keyboard, and checks that a hostile document's script
//! never runs. In CI (`CI` set, as `.ci/run` does) a missing browser is a
//! failure; elsewhere the test says loudly that it did not run.
//!
//! A second test checks that Hangul, kana and Han characters are drawn
//! with a real font, not as the missing-glyph box (in CI a missing CJK
//! font is a failure too).
//!
//! `SAGASU_SCREENSHOT=FILE` saves a PNG of the results page there.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use super::security::HOSTILE;
use super::Served;
use crate::util::Fixture;

/// chromedriver and the Chromium it drives, if both are installed.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let find = |names: &[&str]| {
        names.iter().find_map(|n| {
            let out = Command::new("which").arg(n).output().ok()?;
            let path = String::from_utf8(out.stdout).ok()?;
            (out.status.success() && !path.trim().is_empty()).then(|| PathBuf::from(path.trim()))
        })
    };
    let found = find(&["chromedriver"]).zip(find(&["chromium", "chromium-browser", "google-chrome"]));
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium or chromedriver is missing in CI: .ci/run installs chromium and chromium-driver"
        );
        // Past the test harness's capture (which hides what passing tests print).
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED: chromium and chromium-driver are not installed; the browser test did not run ***\n"
        );
    }
    found
}

/// A running chromedriver, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    /// Starts chromedriver on a free port and waits for its "started" line.
    fn start(chromedriver: &PathBuf) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn chromedriver");
        let out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut said = Vec::new();
        for line in out.lines() {
            let line = line.expect("chromedriver's output");
            if line.contains("started successfully") {
                return Driver {
                    child,
                    url: format!("http://127.0.0.1:{port}"),
                };
            }
            said.push(line);
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("chromedriver did not start: {said:?}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebDriver session with headless Chromium in a fresh profile. The flags
/// keep it off the network (closed here: it would hang on connections).
async fn session(driver: &Driver, chromium: &std::path::Path, profile: &std::path::Path) -> Client {
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1100,900",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let caps = json!({
        "goog:chromeOptions": { "binary": chromium, "args": args }
    });
    let Value::Object(caps) = caps else { unreachable!() };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session with headless Chromium")
}

/// The texts of every element `css` selects.
async fn texts(c: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await.expect(css) {
        out.push(e.text().await.expect("text"));
    }
    out
}

#[test]
fn a_person_searches_reads_and_moves_through_hits_in_chromium() {
    let Some((chromedriver, chromium)) = browser() else {
        return;
    };
    let f = Fixture::default_corpus();
    f.write("hostile.txt", format!("Zanzibarite notes.\n{HOSTILE}"));
    f.write("kim.txt", "김대중 대통령은 도쿄를 방문했다.\n");
    f.index(&[]);
    let s = Served::start(&f, &[]);
    let driver = Driver::start(&chromedriver);
    let profile = tempfile::tempdir().expect("a browser profile");
    let base = format!("http://{}", s.addr);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let c = session(&driver, &chromium, profile.path()).await;
        let outcome = drive(&c, &base).await;
        let _ = c.close().await;
        outcome
    });
}

/// Whether fontconfig lists a font for each of Korean, Japanese and
/// Chinese; in CI it must (`.ci/run` installs fonts-noto-cjk).
fn cjk_fonts() -> bool {
    let has = |lang: &str| {
        Command::new("fc-list")
            .arg(format!(":lang={lang}"))
            .arg("family")
            .output()
            .is_ok_and(|o| o.stdout.iter().any(|b| !b.is_ascii_whitespace()))
    };
    let all = ["ko", "ja", "zh-cn"].into_iter().all(has);
    if !all {
        assert!(
            std::env::var_os("CI").is_none(),
            "no CJK font in CI (fc-list :lang=ko, ja, zh-cn): .ci/run installs fonts-noto-cjk"
        );
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED: no CJK font (fonts-noto-cjk); Hangul, kana and Han rendering was not checked ***\n"
        );
    }
    all
}

/// Draws `ch` in the font of the element `css` selects, and the
/// missing-glyph box (U+10FFFD, private use: no font has it) beside it, on
/// canvases in the page: whether `ch` left ink, and whether it drew
/// anything but the box.
const GLYPH_CHECK: &str = r##"
const [css, ch] = arguments;
const el = document.querySelector(css);
if (!el) return ["no element", css];
if (!el.textContent.includes(ch)) return ["not in the text", el.textContent];
const style = getComputedStyle(el);
const draw = (c) => {
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 64;
  canvas.lang = el.closest("[lang]").lang;
  document.body.appendChild(canvas);
  const ctx = canvas.getContext("2d");
  ctx.font = style.fontStyle + " " + style.fontWeight + " 48px " + style.fontFamily;
  ctx.textBaseline = "top";
  ctx.fillStyle = "#000";
  ctx.fillText(c, 4, 4);
  const data = ctx.getImageData(0, 0, 64, 64).data;
  canvas.remove();
  return data;
};
const glyph = draw(ch), box = draw("\u{10FFFD}");
let ink = 0, differ = 0;
for (let i = 3; i < glyph.length; i += 4) {
  if (glyph[i] > 0) ink++;
  if (glyph[i] !== box[i]) differ++;
}
return [ink, differ];
"##;

#[test]
fn hangul_kana_and_han_render_with_a_real_font_in_chromium() {
    let Some((chromedriver, chromium)) = browser() else {
        return;
    };
    if !cjk_fonts() {
        return;
    }
    let f = Fixture::empty();
    f.write("ko.txt", "김대중 대통령은 Nordpolitik 을 말했다.\n");
    f.write("ja.txt", "東京の会議で Nordpolitik について話した。\n");
    f.write("zh.txt", "北京會議討論了 Nordpolitik 問題。\n");
    f.index(&[]);
    let s = Served::start(&f, &["--no-watch"]);
    let driver = Driver::start(&chromedriver);
    let profile = tempfile::tempdir().expect("a browser profile");
    let base = format!("http://{}", s.addr);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let c = session(&driver, &chromium, profile.path()).await;
        c.goto(&format!("{base}/?q=Nordpolitik")).await.expect("the results");
        let checks = [
            (".brand .kanji", "探"),
            ("#results .frag[lang=ko]", "대"),
            ("#results .frag[lang=ja]", "の"),
            ("#results .frag[lang=ja]", "東"),
            ("#results .frag[lang=zh]", "會"),
        ];
        let mut drawn = Vec::new();
        for (css, ch) in checks {
            let got = c
                .execute(GLYPH_CHECK, vec![json!(css), json!(ch)])
                .await
                .expect("draw a glyph in the page");
            drawn.push((css, ch, got));
        }
        let _ = c.close().await;
        for (css, ch, got) in drawn {
            let (ink, differ) = (got[0].as_u64(), got[1].as_u64());
            assert!(
                ink.is_some_and(|n| n > 20) && differ.is_some_and(|n| n > 20),
                "{ch} in {css} is drawn as the missing-glyph box or not at all: {got}"
            );
        }
    });
}

async fn drive(c: &Client, base: &str) {
    c.goto(&format!("{base}/")).await.expect("the home page");
    // Type, without submitting: the script fetches the results as you type.
    let input = c.find(Locator::Css("input#q")).await.expect("the search box");
    input.send_keys("Nordpolitik").await.expect("typing");
    c.wait()
        .for_element(Locator::Css("#results ol.results mark"))
        .await
        .expect("highlighted results as you type");
    assert!(
        c.current_url().await.expect("url").as_str().contains("q=Nordpolitik"),
        "the address follows the query"
    );
    let marks = texts(c, "#results .snippets mark").await;
    assert!(!marks.is_empty(), "snippets with highlights");
    assert!(
        marks.iter().all(|m| m.to_lowercase().starts_with("nordpolitik")),
        "{marks:?}"
    );
    let summary = texts(c, "#results p.summary").await;
    assert!(summary[0].contains("match"), "{summary:?}");
    if let Ok(path) = std::env::var("SAGASU_SCREENSHOT") {
        let png = c.screenshot().await.expect("a screenshot");
        std::fs::write(&path, png).expect("write the screenshot");
    }

    // A click on a snippet opens the document view at its line, every
    // query word highlighted.
    let snippet = c.find(Locator::Css("#results a.snippet")).await.expect("a snippet");
    let loc = snippet.find(Locator::Css(".loc")).await.unwrap().text().await.unwrap();
    snippet.click().await.expect("open the document");
    c.wait()
        .for_element(Locator::Css("article#document"))
        .await
        .expect("the document view");
    let line = loc.rsplit(':').next().unwrap().trim().to_string();
    let target = texts(c, ".line.target").await;
    assert_eq!(target.len(), 1, "one target line");
    assert!(
        target[0].starts_with(&line),
        "the view stands at line {line}: {target:?}"
    );
    let marks = texts(c, "article#document mark").await;
    assert!(!marks.is_empty() && marks.iter().all(|m| m.to_lowercase().starts_with("nordpolitik")));

    // n follows the link to the next match: the keyboard alone. (Both
    // documents the query finds have it more than once.)
    let next = c
        .find(Locator::Css("a[data-key=next]"))
        .await
        .expect("a link to the next match");
    let href = next.prop("href").await.unwrap().expect("the next match's URL");
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("n")
        .await
        .unwrap();
    let mut polls = 0;
    while c.current_url().await.unwrap().as_str() != href {
        polls += 1;
        assert!(polls < 5000, "n did not follow {href}");
    }
    c.wait()
        .for_element(Locator::Css("article#document .line.target"))
        .await
        .unwrap();

    // A hostile document: its markup is text, its script never runs.
    c.goto(&format!("{base}/?q=Zanzibarite")).await.unwrap();
    c.find(Locator::Css("#results a.snippet"))
        .await
        .expect("the hostile document")
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Css("article#document")).await.unwrap();
    let ran = c
        .execute("return [typeof window.pwned, document.scripts.length, document.querySelectorAll('iframe,img,style').length];", vec![])
        .await
        .expect("run a check in the page");
    assert_eq!(ran, json!(["undefined", 1, 0]), "the document's markup stayed text");
    let text = texts(c, "article#document").await.join("\n");
    assert!(
        text.contains("<script>window.pwned = 1; alert('xss')</script>"),
        "{text}"
    );

    // issue 29, item 3: a name the text writes without spaces, found as
    // two words, is one mark (never 김 and 대중 apart, read "김 대중").
    c.goto(&format!("{base}/?q=%EA%B9%80%20%EB%8C%80%EC%A4%91%20path%3Akim.txt"))
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("#results .snippets mark"))
        .await
        .expect("the name highlighted");
    let marks = texts(c, "#results .snippets mark").await;
    assert_eq!(marks, ["김대중"], "one mark");
}
