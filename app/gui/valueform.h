#pragma once

#include "scenarios/studyedit.h"

#include <QWidget>

#include <vector>

class QFormLayout;
class QLabel;
class QLineEdit;

namespace scalelab::gui {

class Document;

/// One editable value: where it is in the document and how to show it.
struct ValueRow
{
    QString label;            ///< the key as the file writes it
    scenarios::DocPath path;
    QString placeholder;      ///< the default, shown when the key is not set
    QString tip;
    QStringList choices;      ///< an enum's names: offered in a drop-down
    bool sweepable = true;    ///< offers "Sweep this..." (a path --set can name)
};

/// The row of a described key (scenarios/studyfields.h): its default as the
/// placeholder, its help, unit and range as the tip, its choices if any.
ValueRow describedRow(const QString& label, const scenarios::DocPath& path, std::string_view part, std::string_view key,
                      scenarios::ComponentKind kind = scenarios::ComponentKind::Service);

/// A form of values edited as the text the file holds ("20ms", "60%",
/// "[eu-1a, eu-1b]"): each edit is read as the reader reads that key, then the
/// study is validated; the message appears under the field, and the document
/// is unchanged.
class ValueForm : public QWidget
{
    Q_OBJECT
public:
    ValueForm(Document* document, QWidget* parent = nullptr);
    void setRows(std::vector<ValueRow> rows);
    /// The field of the row whose label is `label` (for tests), or null; an
    /// enum's is the line edit of its drop-down.
    QLineEdit* field(const QString& label) const;
    /// The error shown under a field, empty when none.
    QString errorText(const QString& label) const;

public slots:
    /// Shows the document's values and its diagnostics at these paths.
    void refresh();

private:
    void commit(int row);
    /// "Sweep this...": the SweepDialog for the row's path.
    void sweepRow(int row);
    struct Row
    {
        ValueRow spec;
        QLineEdit* edit = nullptr;
        QLabel* error = nullptr;
        bool rejected = false;
    };
    Document* m_doc;
    QFormLayout* m_layout;
    std::vector<Row> m_rows;
};

} // namespace scalelab::gui
