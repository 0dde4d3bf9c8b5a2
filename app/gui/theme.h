#pragma once

#include <QColor>
#include <QPalette>

namespace scalelab::gui {

/// The colours the editor's own drawing takes from the desktop's palette:
/// dark when the window colour is dark (Qt 6.4 has no colour-scheme hint), so
/// the panels, marks and messages stay legible in both schemes. The canvas and
/// the charts keep their light paper in both: they are what exports show.
namespace theme {

/// Whether `palette`'s window colour is dark (lightness below one half).
bool isDark(const QPalette& palette);
/// isDark() of the application's palette.
bool isDark();

/// Text of an error, a warning, a good state, readable on the window colour.
QColor errorInk();
QColor warningInk();
QColor okInk();
/// The background of a line with an error in the text editor.
QColor errorTint();
/// The analytic model's box: background and border.
QColor panelBackground();
QColor panelBorder();

/// The palettes `scalelab --color-scheme dark|light` applies (Fusion colours).
QPalette darkPalette();
QPalette lightPalette();

} // namespace theme

} // namespace scalelab::gui
