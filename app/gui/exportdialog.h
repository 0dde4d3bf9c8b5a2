#pragma once

#include <QDialog>
#include <QSet>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

class QCheckBox;
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
    QSet<QString> checked; ///< the object names of the dialog's extra check boxes that are ticked
};

/// An extra check box of the export dialog (unticked when it opens).
struct ExportFlag
{
    QString name; ///< its object name
    QString text;
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
                 QSize size = {1200, 700}, QWidget* parent = nullptr, const QList<ExportFlag>& flags = {});

    /// The options as filled in; the path gets the format's suffix when it has none.
    ExportOptions options() const;
    /// Shows the dialog; nullopt when cancelled or the path is empty.
    static std::optional<ExportOptions> ask(QWidget* parent, const QString& title, const QString& suggestedPath,
                                            const QStringList& formats, bool sized, QSize size = {1200, 700},
                                            const QList<ExportFlag>& flags = {});

private:
    void browse();
    void followSuffix();
    QLineEdit* m_path;
    QComboBox* m_format;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
    QList<QCheckBox*> m_flags;
};

} // namespace scalelab::gui
