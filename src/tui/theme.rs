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
            },
            ThemeName::HighContrast => Theme {
                name,
                color,
                bg: Color::Black,
                fg: Color::White,
                dim: Color::White,
                heading: Color::Yellow,
                strong: Color::White,
                code_fg: Color::Cyan,
                code_bg: Color::Black,
                quote: Color::White,
                marker: Color::Yellow,
                selected_fg: Color::Black,
                selected_bg: Color::Yellow,
                good: Color::LightGreen,
                warn: Color::Yellow,
                bad: Color::LightRed,
                bar_fg: Color::Black,
                bar_bg: Color::White,
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

    /// A sector's colour, for the bar beside its notes: the Okabe–Ito palette, which people
    /// with the common kinds of colour blindness can tell apart. The sector's label is always
    /// printed too; without colour, the bar is plain.
    pub fn sector(&self, index: usize) -> Style {
        const PALETTE: [Color; 8] = [
            Color::Rgb(0, 114, 178),   // blue
            Color::Rgb(230, 159, 0),   // orange
            Color::Rgb(0, 158, 115),   // bluish green
            Color::Rgb(204, 121, 167), // reddish purple
            Color::Rgb(86, 180, 233),  // sky blue
            Color::Rgb(213, 94, 0),    // vermillion
            Color::Rgb(240, 228, 66),  // yellow
            Color::Rgb(153, 153, 153), // grey
        ];
        if !self.color {
            return Style::default().add_modifier(Modifier::BOLD);
        }
        Style::default()
            .fg(PALETTE[index % PALETTE.len()])
            .bg(self.bg)
            .add_modifier(Modifier::BOLD)
    }

    /// The style of the whole screen's background.
    pub fn base(&self) -> Style {
        self.style(Role::Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: [Role; 12] = [
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
}
