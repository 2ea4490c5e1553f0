//! The room's address as a QR code, for the terminal to draw.
//!
//! The text form uses half blocks, two modules to a cell: the glyphs' ink is the dark
//! modules, so the terminal must paint them black on a white ground, whatever its theme
//! (an inverted code does not scan on many phones).

use qrcode::{Color, EcLevel, QrCode};

use super::RoomError;

/// Light modules around the code, on every side, as the standard asks.
pub const QUIET_ZONE: usize = 4;

/// A QR code's modules, row by row, without the quiet zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Modules on a side.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at column `x`, row `y` is dark; outside the code, light.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }
}

/// The QR code of `text` (medium error correction: a projected code meets glare and
/// distance). Uppercase letters, digits and `/:.` encode densely, so an address with an
/// uppercase token makes a smaller code than one in lowercase.
pub fn qr_matrix(text: &str) -> Result<QrMatrix, RoomError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| RoomError::Qr(e.to_string()))?;
    let width = code.width();
    let dark = code.into_colors().into_iter().map(|c| c == Color::Dark).collect();
    Ok(QrMatrix { width, dark })
}

/// The code as lines of half blocks (`▀`, `▄`, `█`, space), quiet zone included: each line
/// is two rows of modules, each character one column. All lines have the same width,
/// `width + 2 * QUIET_ZONE` characters.
pub fn qr_lines(matrix: &QrMatrix) -> Vec<String> {
    let side = matrix.width + 2 * QUIET_ZONE;
    // Outside the code (the quiet zone) every module is light.
    let dark = |x: usize, y: usize| {
        x >= QUIET_ZONE && y >= QUIET_ZONE && matrix.is_dark(x - QUIET_ZONE, y - QUIET_ZONE)
    };
    (0..side)
        .step_by(2)
        .map(|y| {
            (0..side)
                .map(|x| match (dark(x, y), y + 1 < side && dark(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_hold_the_quiet_zone_and_the_finder_patterns() {
        let matrix = qr_matrix("http://127.0.0.1:8123/0123456789ABCDEF0123456789ABCDEF/").unwrap();
        let lines = qr_lines(&matrix);
        let side = matrix.width() + 2 * QUIET_ZONE;
        assert_eq!(lines.len(), side.div_ceil(2));
        assert!(lines.iter().all(|l| l.chars().count() == side));
        assert!(lines[0].chars().all(|c| c == ' '), "quiet zone above");
        assert!(lines[1].chars().all(|c| c == ' '), "quiet zone above");
        // The top-left finder's first row of seven dark modules starts after the quiet zone.
        let row: String = lines[2].chars().skip(QUIET_ZONE).take(7).collect();
        assert_eq!(row, "█▀▀▀▀▀█");
    }
}
