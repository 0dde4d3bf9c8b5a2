#pragma once

#include <QDialog>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace scalelab::gui {

/// What an export writes: the file, its format ("png", "pdf", "svg", "csv")
/// and, for images and documents, the size (pixels; PDF points).
struct ExportOptions
{
    QString path;
    QString format;
    QSize size;
};

/// The export dialog of charts, the canvas and the results table: a file
/// (typed or browsed), a format among `formats` (following the file's suffix)
/// and a size when `sized`. Its fields have object names (path, format, width,
/// height) so that tests drive it.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(const QString& title, const QString& suggestedPath, const QStringList& formats, bool sized,
                 QSize size = {1200, 700}, QWidget* parent = nullptr);

    /// The options as filled in; the path gets the format's suffix when it has none.
    ExportOptions options() const;
    /// Shows the dialog; nullopt when cancelled or the path is empty.
    static std::optional<ExportOptions> ask(QWidget* parent, const QString& title, const QString& suggestedPath,
                                            const QStringList& formats, bool sized, QSize size = {1200, 700});

private:
    void browse();
    void followSuffix();
    QLineEdit* m_path;
    QComboBox* m_format;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
};

} // namespace scalelab::gui
