//! Colours for a projected room: dark (default), light and high-contrast, and none at all
//! under `NO_COLOR`. Meaning never rides on colour alone: every style that matters also has
//! a modifier (bold, underline, reverse) or words beside it.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    HighContrast,
}

/// What a piece of text is, so views ask for a role and the theme decides its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Ordinary text on the background.
    Text,
    /// Less important: footers, hints, the next thing.
    Dim,
    /// Slide titles and headings.
    Heading,
    /// Bold, italic and other emphasis inside text.
    Strong,
    /// Inline code and code blocks.
    Code,
    /// Block quotes.
    Quote,
    /// Bullets, numbers, table rules.
    Marker,
    /// The selected row, the current item.
    Selected,
    /// Going well: on time, done.
    Good,
    /// Getting close: running a little late, nearly out of time.
    Warn,
    /// Over: late, time is up, errors.
    Bad,
    /// Footer and status bars.
    Bar,
}

/// Sector colours: the Okabe–Ito palette's hues (blue, orange, bluish green, reddish purple,
/// sky blue, vermillion, yellow, grey), each moved in lightness and a little in hue until it
/// reads at 4.5:1 or more on the theme's background and stays apart from the others for
/// people with red–green colour blindness (the tests check both).
const DARK_SECTORS: [Color; 8] = [
    Color::Rgb(35, 135, 205),
    Color::Rgb(228, 149, 7),
    Color::Rgb(29, 158, 110),
    Color::Rgb(176, 106, 156),
    Color::Rgb(85, 187, 238),
    Color::Rgb(203, 100, 33),
    Color::Rgb(243, 230, 73),
    Color::Rgb(176, 176, 176),
];

/// On a light background every colour is dark, so lightness spreads less: the hues move more.
const LIGHT_SECTORS: [Color; 8] = [
    Color::Rgb(8, 114, 177),
    Color::Rgb(157, 102, 12),
    Color::Rgb(32, 107, 64),
    Color::Rgb(144, 91, 140),
    Color::Rgb(19, 72, 123),
    Color::Rgb(147, 29, 0),
    Color::Rgb(122, 115, 54),
    Color::Rgb(109, 109, 109),
];

/// At 7:1 or more on black.
const HIGH_CONTRAST_SECTORS: [Color; 8] = [
    Color::Rgb(34, 155, 246),
    Color::Rgb(243, 181, 103),
    Color::Rgb(59, 169, 114),
    Color::Rgb(205, 121, 190),
    Color::Rgb(105, 197, 251),
    Color::Rgb(237, 115, 34),
    Color::Rgb(237, 225, 67),
    Color::Rgb(182, 182, 182),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    /// False under `NO_COLOR`: every style is then the terminal's own colours plus modifiers.
    pub color: bool,
    bg: Color,
    fg: Color,
    dim: Color,
    heading: Color,
    strong: Color,
    code_fg: Color,
    code_bg: Color,
    quote: Color,
    marker: Color,
    selected_fg: Color,
    selected_bg: Color,
    good: Color,
    warn: Color,
    bad: Color,
    bar_fg: Color,
    bar_bg: Color,
    sectors: [Color; 8],
}

impl Theme {
    /// The theme asked for, honouring `NO_COLOR` (any non-empty value) from the environment.
    pub fn from_env(name: ThemeName) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(name, !no_color)
    }

    pub fn new(name: ThemeName, color: bool) -> Theme {
        match name {
            ThemeName::Dark => Theme {
                name,
                color,
                bg: Color::Rgb(16, 18, 24),
                fg: Color::Rgb(235, 235, 235),
                dim: Color::Rgb(160, 165, 175),
                heading: Color::Rgb(255, 210, 90),
                strong: Color::Rgb(255, 255, 255),
                code_fg: Color::Rgb(170, 220, 255),
                code_bg: Color::Rgb(36, 40, 52),
                quote: Color::Rgb(200, 200, 210),
                marker: Color::Rgb(120, 200, 255),
                selected_fg: Color::Rgb(16, 18, 24),
                selected_bg: Color::Rgb(255, 210, 90),
                good: Color::Rgb(110, 220, 140),
                warn: Color::Rgb(255, 176, 0),
                bad: Color::Rgb(255, 95, 95),
                bar_fg: Color::Rgb(220, 220, 225),
                bar_bg: Color::Rgb(40, 44, 58),
                sectors: DARK_SECTORS,
            },
            ThemeName::Light => Theme {
                name,
                color,
                bg: Color::Rgb(252, 252, 248),
                fg: Color::Rgb(20, 20, 24),
                dim: Color::Rgb(85, 90, 100),
                heading: Color::Rgb(0, 70, 140),
                strong: Color::Rgb(0, 0, 0),
                code_fg: Color::Rgb(120, 30, 90),
                code_bg: Color::Rgb(232, 232, 228),
                quote: Color::Rgb(60, 60, 70),
                marker: Color::Rgb(0, 100, 170),
                selected_fg: Color::Rgb(255, 255, 255),
                selected_bg: Color::Rgb(0, 70, 140),
                good: Color::Rgb(0, 120, 50),
                warn: Color::Rgb(170, 90, 0),
                bad: Color::Rgb(190, 0, 0),
                bar_fg: Color::Rgb(20, 20, 24),
                bar_bg: Color::Rgb(215, 220, 230),
                sectors: LIGHT_SECTORS,
            },
            // Exact colours, not the terminal's sixteen named ones: those differ from one
            // terminal to the next (ANSI yellow is 4.6:1 on black in one, 12:1 in another).
            ThemeName::HighContrast => Theme {
                name,
                color,
                bg: Color::Rgb(0, 0, 0),
                fg: Color::Rgb(255, 255, 255),
                dim: Color::Rgb(255, 255, 255),
                heading: Color::Rgb(255, 255, 0),
                strong: Color::Rgb(255, 255, 255),
                code_fg: Color::Rgb(0, 255, 255),
                code_bg: Color::Rgb(0, 0, 0),
                quote: Color::Rgb(255, 255, 255),
                marker: Color::Rgb(255, 255, 0),
                selected_fg: Color::Rgb(0, 0, 0),
                selected_bg: Color::Rgb(255, 255, 0),
                good: Color::Rgb(80, 255, 80),
                warn: Color::Rgb(255, 170, 0),
                bad: Color::Rgb(255, 110, 110),
                bar_fg: Color::Rgb(0, 0, 0),
                bar_bg: Color::Rgb(255, 255, 255),
                sectors: HIGH_CONTRAST_SECTORS,
            },
        }
    }

    /// The style for a role.
    pub fn style(&self, role: Role) -> Style {
        let base = Style::default();
        if !self.color {
            return match role {
                Role::Text | Role::Quote => base,
                Role::Dim => base.add_modifier(Modifier::DIM),
                Role::Heading | Role::Strong => base.add_modifier(Modifier::BOLD),
                Role::Code => base,
                Role::Marker => base.add_modifier(Modifier::BOLD),
                Role::Selected | Role::Bar => base.add_modifier(Modifier::REVERSED),
                Role::Good => base,
                Role::Warn => base.add_modifier(Modifier::BOLD),
                Role::Bad => base.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            };
        }
        let on = |fg: Color| base.fg(fg).bg(self.bg);
        match role {
            Role::Text => on(self.fg),
            Role::Dim => on(self.dim),
            Role::Heading => on(self.heading).add_modifier(Modifier::BOLD),
            Role::Strong => on(self.strong).add_modifier(Modifier::BOLD),
            Role::Code => base.fg(self.code_fg).bg(self.code_bg),
            Role::Quote => on(self.quote).add_modifier(Modifier::ITALIC),
            Role::Marker => on(self.marker).add_modifier(Modifier::BOLD),
            Role::Selected => base
                .fg(self.selected_fg)
                .bg(self.selected_bg)
                .add_modifier(Modifier::BOLD),
            Role::Good => on(self.good),
            Role::Warn => on(self.warn).add_modifier(Modifier::BOLD),
            Role::Bad => on(self.bad).add_modifier(Modifier::BOLD),
            Role::Bar => base.fg(self.bar_fg).bg(self.bar_bg),
        }
    }

    /// A sector's colour, for the bar and label beside its notes. The sector's label is
    /// always printed too; without colour, the bar is plain.
    pub fn sector(&self, index: usize) -> Style {
        if !self.color {
            return Style::default().add_modifier(Modifier::BOLD);
        }
        Style::default()
            .fg(self.sectors[index % self.sectors.len()])
            .bg(self.bg)
            .add_modifier(Modifier::BOLD)
    }

    /// The style of the whole screen's background.
    pub fn base(&self) -> Style {
        self.style(Role::Text)
    }

    /// Every background a cell may have: the screen's, and the code, selection and bar
    /// panels'.
    #[cfg(test)]
    pub(crate) fn backgrounds(&self) -> [Color; 4] {
        [self.bg, self.code_bg, self.selected_bg, self.bar_bg]
    }

    /// Every role's and sector's (foreground, background), as they are drawn.
    #[cfg(test)]
    pub(crate) fn pairs(&self) -> Vec<(String, Color, Color)> {
        let roles = tests::ROLES
            .iter()
            .map(|&role| (format!("{role:?}"), self.style(role)));
        let sectors = (0..self.sectors.len()).map(|i| (format!("sector {i}"), self.sector(i)));
        roles
            .chain(sectors)
            .map(|(name, s)| (name, s.fg.unwrap_or_default(), s.bg.unwrap_or_default()))
            .collect()
    }

    #[cfg(test)]
    pub(crate) fn sector_colours(&self) -> [Color; 8] {
        self.sectors
    }
}

/// Contrast and colour difference as people see them, for the tests.
#[cfg(test)]
pub(crate) mod measure {
    use ratatui::style::Color;

    /// Linear-light RGB of an exact colour; None for the terminal's own or named colours,
    /// whose look nobody can know.
    fn linear(c: Color) -> Option<[f64; 3]> {
        let Color::Rgb(r, g, b) = c else {
            return None;
        };
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        Some([lin(r), lin(g), lin(b)])
    }

    /// WCAG 2 relative luminance.
    fn luminance([r, g, b]: [f64; 3]) -> f64 {
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// The WCAG 2 contrast ratio of two exact colours (1 to 21); None when either is not exact.
    pub(crate) fn contrast(a: Color, b: Color) -> Option<f64> {
        let (la, lb) = (luminance(linear(a)?), luminance(linear(b)?));
        Some((la.max(lb) + 0.05) / (la.min(lb) + 0.05))
    }

    /// How colours look with deuteranopia and protanopia: Machado, Oliveira and Fernandes
    /// (2009), severity 1, on linear RGB.
    pub(crate) const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    pub(crate) const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    pub(crate) const TYPICAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

    /// CIELAB (D65) of an exact colour as seen through `vision`.
    fn lab(c: Color, vision: &[[f64; 3]; 3]) -> Option<[f64; 3]> {
        let l = linear(c)?;
        let seen: [f64; 3] =
            std::array::from_fn(|i| (0..3).map(|j| vision[i][j] * l[j]).sum::<f64>().clamp(0.0, 1.0));
        let [r, g, b] = seen;
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        Some([116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)])
    }

    /// CIE76 colour difference of two exact colours as seen through `vision`.
    pub(crate) fn delta_e(a: Color, b: Color, vision: &[[f64; 3]; 3]) -> Option<f64> {
        let (a, b) = (lab(a, vision)?, lab(b, vision)?);
        Some(a.iter().zip(b).map(|(p, q)| (p - q).powi(2)).sum::<f64>().sqrt())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::measure::{DEUTERANOPIA, PROTANOPIA, TYPICAL, contrast, delta_e};
    use super::*;

    pub(crate) const THEMES: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast];

    /// WCAG AA for ordinary text.
    pub(crate) const LEAST_CONTRAST: f64 = 4.5;

    pub(crate) const ROLES: [Role; 12] = [
        Role::Text,
        Role::Dim,
        Role::Heading,
        Role::Strong,
        Role::Code,
        Role::Quote,
        Role::Marker,
        Role::Selected,
        Role::Good,
        Role::Warn,
        Role::Bad,
        Role::Bar,
    ];

    #[test]
    fn no_color_means_no_colour_at_all() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
            let theme = Theme::new(name, false);
            for role in ROLES {
                let s = theme.style(role);
                assert_eq!((s.fg, s.bg), (None, None), "{name:?} {role:?}");
            }
            // What colour would say, a modifier says instead.
            for role in [Role::Heading, Role::Selected, Role::Warn, Role::Bad, Role::Bar] {
                assert!(!theme.style(role).add_modifier.is_empty(), "{role:?}");
            }
        }
    }

    #[test]
    fn warnings_differ_from_text_by_more_than_colour() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
            let theme = Theme::new(name, true);
            assert!(theme.style(Role::Warn).add_modifier.contains(Modifier::BOLD));
            assert!(theme.style(Role::Bad).add_modifier.contains(Modifier::BOLD));
        }
    }

    /// Every colour text or a sector is drawn in reads at 4.5:1 or more on the background
    /// it is drawn on, in every theme: text on the screen, code on its panel, the selected
    /// card, the footer bar, the amber and red countdown, each sector's label and bar.
    #[test]
    fn every_colour_reads_at_4_5_to_1() {
        let mut failures = Vec::new();
        for name in THEMES {
            let theme = Theme::new(name, true);
            for (what, fg, bg) in theme.pairs() {
                match contrast(fg, bg) {
                    Some(ratio) if ratio >= LEAST_CONTRAST => {}
                    Some(ratio) => {
                        failures.push(format!("{name:?} {what}: {fg:?} on {bg:?} is {ratio:.2}:1"))
                    }
                    None => failures.push(format!("{name:?} {what}: {fg:?} on {bg:?}: not exact colours")),
                }
            }
        }
        assert!(failures.is_empty(), "below 4.5:1:\n{}", failures.join("\n"));
    }

    /// Sector colours stay apart for people with red–green colour blindness (and everyone
    /// else): no two closer than ΔE 14 (CIE76) in typical vision, deuteranopia or
    /// protanopia, simulated with Machado et al.'s matrices. The label is printed beside
    /// the colour as well.
    #[test]
    fn sector_colours_stay_apart_for_colour_blind_eyes() {
        const LEAST: f64 = 14.0;
        let mut failures = Vec::new();
        for name in THEMES {
            let colours = Theme::new(name, true).sector_colours();
            for (vision_name, vision) in [
                ("typical", TYPICAL),
                ("deuteranopia", DEUTERANOPIA),
                ("protanopia", PROTANOPIA),
            ] {
                for i in 0..colours.len() {
                    for j in i + 1..colours.len() {
                        let d = delta_e(colours[i], colours[j], &vision).expect("exact colours");
                        if d < LEAST {
                            failures.push(format!(
                                "{name:?} {vision_name}: sectors {i} and {j} are ΔE {d:.1} apart"
                            ));
                        }
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn contrast_and_colour_difference_match_known_values() {
        let white = Color::Rgb(255, 255, 255);
        let black = Color::Rgb(0, 0, 0);
        assert!((contrast(white, black).unwrap() - 21.0).abs() < 1e-9);
        // WCAG's own example: #767676 is the lightest grey at 4.5:1 on white.
        assert!((contrast(Color::Rgb(118, 118, 118), white).unwrap() - 4.54).abs() < 0.01);
        assert_eq!(
            contrast(Color::Yellow, black),
            None,
            "a named colour has no known look"
        );
        assert!((delta_e(white, black, &TYPICAL).unwrap() - 100.0).abs() < 0.01);
        // Red and green, far apart to most eyes, nearly meet with deuteranopia.
        let (red, green) = (Color::Rgb(200, 60, 40), Color::Rgb(110, 110, 40));
        assert!(delta_e(red, green, &TYPICAL).unwrap() > 40.0);
        assert!(delta_e(red, green, &DEUTERANOPIA).unwrap() < 15.0);
    }
}
