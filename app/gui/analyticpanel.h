#pragma once

#include "models/analytic/estimate.h"

#include <QString>
#include <QTimer>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;

namespace scalelab::gui {

class Document;

/// The analytic model's figures (scenarios::analyzeVariant, docs/analytic.md)
/// at the workload's peak rate, in the inspector: for the selected component
/// its calls, utilization (a saturated one reads "saturated: offered 1.5x
/// capacity", its wait "infinite: the queue grows without end"),
/// waits and saturation rate; with nothing selected the variant's predicted
/// latency, saturation rate and bottleneck. Recomputed after each edit of the
/// document, debounced (a 500-component variant takes ~20 ms).
class AnalyticPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AnalyticPanel(Document* document, QWidget* parent = nullptr);

    /// The variant shown and the component selected in it (empty: the variant summary).
    void setSelection(const QString& variant, const QString& component);
    /// The text shown for a figure ("utilization", "p99", "saturation", ...), empty when not shown.
    QString figure(const QString& key) const;
    /// The estimate the figures come from (none when the model cannot run: no rate, a missing route).
    const std::optional<models::analytic::Estimate>& estimate() const { return m_estimate; }
    /// The rate the model ran at, requests/s.
    double rate() const { return m_rate; }

    /// Milliseconds between the last edit and the recomputation.
    static constexpr int kDebounceMs = 120;

signals:
    /// A new estimate (or none) after a recomputation.
    void estimated();

public slots:
    /// Recomputes now (the debounce timer calls it).
    void recompute();

protected:
    void changeEvent(QEvent* event) override;

private:
    /// The box's colours, from the palette (light or dark).
    void applyColours();
    void schedule();
    void display();
    void addRow(const QString& key, const QString& label, const QString& text, const QString& tip = {},
                bool alarm = false);

    Document* m_doc;
    QString m_variant;
    QString m_component;
    QTimer m_debounce;
    std::optional<models::analytic::Estimate> m_estimate;
    double m_rate = 0.0;
    QString m_problem;
    QString m_scaling; ///< the autoscaled components, at the instances the model assumes
    QLabel* m_heading;
    QFormLayout* m_form;
    bool m_dark = false; // the scheme the colours were set for
};

} // namespace scalelab::gui
