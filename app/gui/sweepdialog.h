#pragma once

#include "scenarios/study.h"
#include "scenarios/studyedit.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace scalelab::gui {

class Document;

/// "Sweep this...": the values a field takes in the study's sweep: section,
/// as the section gives them: a list, a range with a step, a range of N
/// points, or a log range of N points, with a unit for a range. It previews
/// the values, the points with the other parameters, the runs (points x
/// variants x replications) and, when a sweep has run on this machine, the
/// time at its pace. OK puts the parameter in the document (one undo step).
/// Its fields have object names (mode, values, from, to, step, points, unit,
/// name, keepOthers, preview, runs, estimate, problem) so that tests drive it.
class SweepDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { List, Step, Points, LogPoints };

    /// `current`: the field's text (its value or, unset, its default).
    SweepDialog(Document* document, const scenarios::DocPath& path, const QString& label, const QString& current,
                QWidget* parent = nullptr);

    /// The parameter as filled in (valid or not).
    scenarios::SweepParameter parameter() const;
    /// What is wrong with it (Document::sweepParameterProblem), empty when nothing.
    QString problem() const;
    /// Puts the parameter in the document; false, with the reason, when it cannot.
    bool apply(QString* error);
    /// Simulated seconds per wall second for the estimate (default: the last sweep's, SweepPanel::measuredPace).
    void setPace(std::optional<double> pace);

    void accept() override;

private:
    void modeChanged();
    void updatePreview();

    Document* m_doc;
    scenarios::DocPath m_path;
    std::optional<double> m_pace;
    QComboBox* m_mode;
    QLineEdit* m_values;
    QLineEdit* m_from;
    QLineEdit* m_to;
    QLineEdit* m_step;
    QSpinBox* m_points;
    QLineEdit* m_unit;
    QLineEdit* m_name;
    QCheckBox* m_keepOthers;
    QLabel* m_preview;
    QLabel* m_runs;
    QLabel* m_estimate;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
};

} // namespace scalelab::gui
