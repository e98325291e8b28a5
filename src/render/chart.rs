//! The summary chart: one horizontal stacked bar per theme, as inline SVG.
//!
//! Each bar is a `<g class="bar">`; each of its segments a `<rect>` with a
//! `<title>`, filled with a colour and a pattern (hatched red, dotted amber,
//! solid green, striped blue, outlined not rated, cross-hatched closed) and
//! labelled with its count and letter ("3 R"), so it reads in black and white.

use std::fmt::Write as _;

use super::Segment;
use super::html::escape_html;
use crate::reports::Pack;

const WIDTH: f64 = 960.0;
const LABEL_WIDTH: f64 = 280.0;
const BAR_AREA: f64 = 600.0;
const ROW: f64 = 32.0;
const BAR: f64 = 22.0;
const TOP: f64 = 8.0;
const LEGEND: f64 = 40.0;
/// Theme names longer than this are cut on the chart (the full name is in
/// the bar's tooltip and the table beside it).
const LONGEST_LABEL: usize = 40;

/// The chart of a pack's summary as an `<svg>` element.
pub(crate) fn summary_chart(pack: &Pack) -> String {
    let shown = Segment::shown(pack);
    let most = pack
        .summary
        .iter()
        .map(|theme| theme.rag.total)
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = BAR_AREA / most as f64;
    let height = TOP + ROW * pack.summary.len() as f64 + LEGEND;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-title\">\n\
         <title id=\"chart-title\">Milestones per theme by RAG</title>\n"
    );
    svg.push_str(PATTERNS);
    for (index, theme) in pack.summary.iter().enumerate() {
        let y = TOP + ROW * index as f64;
        let name = escape_html(theme.theme());
        let parts: Vec<String> = shown
            .iter()
            .map(|segment| format!("{} {}", segment.count(theme), segment.words()))
            .collect();
        let _ = write!(
            svg,
            "<g class=\"bar\">\n<title>{name}: {}</title>\n\
             <text class=\"theme\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            escape_html(&parts.join(", ")),
            LABEL_WIDTH - 8.0,
            y + BAR / 2.0 + 5.0,
            escape_html(&cut(theme.theme()))
        );
        let mut x = LABEL_WIDTH;
        for segment in &shown {
            let count = segment.count(theme);
            if count == 0 {
                continue;
            }
            let width = count as f64 * scale;
            let _ = write!(
                svg,
                "<g class=\"segment seg-{key}\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{BAR}\" \
                 fill=\"url(#pattern-{key})\" stroke=\"#222\" stroke-width=\"1\">\
                 <title>{name}: {count} {words}</title></rect>",
                key = segment.key(),
                words = segment.words(),
            );
            let label = format!("{count} {}", segment.letter());
            if width >= 8.0 * label.chars().count() as f64 + 4.0 {
                let _ = write!(
                    svg,
                    "<text class=\"count\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{label}</text>",
                    x + width / 2.0,
                    y + BAR / 2.0 + 4.5
                );
            }
            svg.push_str("</g>\n");
            x += width;
        }
        let _ = writeln!(
            svg,
            "<text class=\"total\" x=\"{:.1}\" y=\"{:.1}\">{}</text>\n</g>",
            x + 6.0,
            y + BAR / 2.0 + 5.0,
            theme.rag.total
        );
    }
    let legend_y = TOP + ROW * pack.summary.len() as f64 + 12.0;
    let _ = writeln!(svg, "<g class=\"legend\">");
    let mut x = LABEL_WIDTH;
    for segment in &shown {
        let _ = writeln!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{legend_y:.1}\" width=\"28\" height=\"16\" fill=\"url(#pattern-{})\" stroke=\"#222\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{} {}</text>",
            segment.key(),
            x + 34.0,
            legend_y + 12.5,
            segment.letter(),
            segment.words()
        );
        x += 40.0 + 7.5 * (segment.words().len() + 2) as f64;
    }
    svg.push_str("</g>\n</svg>");
    svg
}

/// A theme name short enough for the chart's label column.
fn cut(theme: &str) -> String {
    if theme.chars().count() <= LONGEST_LABEL {
        return theme.to_string();
    }
    let kept: String = theme.chars().take(LONGEST_LABEL - 1).collect();
    format!("{}…", kept.trim_end())
}

/// The fills: a colour with a pattern over it, so a black-and-white print
/// still tells the segments apart (the letters on them say which is which).
const PATTERNS: &str = r##"<defs>
<pattern id="pattern-R" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#c9302c"/><rect width="3" height="8" fill="#7a1512"/></pattern>
<pattern id="pattern-A" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#f0ad4e"/><circle cx="4" cy="4" r="1.6" fill="#7a4a00"/></pattern>
<pattern id="pattern-G" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#5cb85c"/></pattern>
<pattern id="pattern-B" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#3a78c2"/><rect width="2" height="8" fill="#173a66"/></pattern>
<pattern id="pattern-N" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#ffffff"/></pattern>
<pattern id="pattern-X" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#bbbbbb"/><path d="M0 0L8 8M8 0L0 8" stroke="#444" stroke-width="1"/></pattern>
</defs>
"##;
