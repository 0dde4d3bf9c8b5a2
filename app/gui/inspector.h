#pragma once

#include "scenarios/study.h"

#include <QStringList>

#include <optional>
#include <QTabWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;
class QPushButton;

namespace scalelab::gui {

class AnalyticPanel;
class Document;
class RateProfileView;
class ValueForm;

/// The inspector: the selected component's parameters (every key its kind
/// takes, from the field descriptions, so new keys appear without code here),
/// the routes of the variant, the workload with its rate profile, the faults
/// on a timeline, and the study's run settings and SLOs. Values are edited as
/// the file writes them, with units; defaults show as placeholders, help,
/// units and ranges as tips, an enum's names in a drop-down.
class Inspector : public QTabWidget
{
    Q_OBJECT
public:
    explicit Inspector(Document* document, QWidget* parent = nullptr);

    /// The variant shown and the selected components in it.
    void setSelection(const QString& variant, const QStringList& components);
    /// The selected arrow (no component selected): its calls' policy in the
    /// first tab, titled Connection; empty `from` clears it.
    void setConnection(const QString& from, const QString& to);
    ValueForm* connectionForm() const { return m_connectionForm; }
    ValueForm* componentForm() const { return m_componentForm; }
    ValueForm* routesForm() const { return m_routesForm; }
    ValueForm* workloadForm() const { return m_workloadForm; }
    RateProfileView* timeline() const { return m_timeline; }
    RateProfileView* faultsTimeline() const { return m_faultsTimeline; }
    /// The analytic model's figures for the selection (the Component tab).
    AnalyticPanel* analytic() const { return m_analytic; }

    /// The default of a component key for a kind, for a placeholder: the value
    /// the reader applies, or what leaving the key out means where that is no
    /// value ("the first zone"): scenarios::defaultText.
    static QString componentDefault(scenarios::ComponentKind kind, const QString& key);

    /// Where Add spike puts a new spike of `length` seconds in a run of
    /// `duration` seconds: the first start, from a third of the run on (then
    /// from its beginning), at which [start, start + length) ends within the
    /// run and overlaps no spike of `workload` (a spike takes [at, at + for);
    /// touching is not overlapping). Candidates are a third of the run, the
    /// run's start and each spike's end. nullopt: no such time.
    static std::optional<double> freeSpikeStart(const scenarios::Workload& workload, double duration, double length);

signals:
    void message(const QString& text);
    /// The user asked to import a CSV trace (the window picks the file).
    void importTraceRequested();

public slots:
    /// Workload > Add spike: a spike of a sixth of the run, factor 3, at freeSpikeStart().
    void addSpike();
    /// Imports a CSV trace (time_s,rps) as the workload: replaces the rate points.
    void importTrace(const QString& path);

private:
    void refresh();
    void rebuildComponent();
    void rebuildRoutes();
    void addPhase();
    void addFault();
    void rebuildParity();
    void rebuildConnection();

    Document* m_doc;
    QString m_variant;
    QStringList m_selection;
    QString m_shownComponent; // the component whose rows are built
    QString m_shownKind;
    QLabel* m_title;
    QLineEdit* m_name;
    ValueForm* m_componentForm;
    AnalyticPanel* m_analytic;
    ValueForm* m_routesForm;
    ValueForm* m_workloadForm;
    ValueForm* m_faultsForm;
    ValueForm* m_studyForm;
    RateProfileView* m_timeline;
    RateProfileView* m_faultsTimeline;
    QLabel* m_parityTitle;
    QTableWidget* m_parity; // what each fault hits in each variant (cli/parityreport.h)
    QStringList m_routeOps;
    QWidget* m_componentBox;
    QWidget* m_connectionBox;
    QLabel* m_connectionTitle;
    QComboBox* m_placement;
    QCheckBox* m_retries;
    QCheckBox* m_breaker;
    QCheckBox* m_bulkhead;
    ValueForm* m_connectionForm;
    QString m_from, m_to;
    QString m_shownPolicies; // the policies whose rows are built
};

} // namespace scalelab::gui
