#include "analyticpanel.h"

#include "document.h"
#include "theme.h"

#include "models/kinds/kind.h"
#include "scenarios/analysis.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <cmath>
#include <exception>

namespace scalelab::gui {

namespace {

QString percent(double fraction)
{
    return QStringLiteral("%1 %").arg(fraction * 100.0, 0, 'f', 1);
}

QString perSecond(double rate)
{
    if (!std::isfinite(rate))
        return QObject::tr("unbounded");
    return QStringLiteral("%1 req/s").arg(rate >= 100 ? QString::number(std::round(rate), 'f', 0)
                                                      : QString::number(rate, 'g', 3));
}

QString duration(double seconds)
{
    if (!std::isfinite(seconds))
        return QObject::tr("infinite: a component on the way is saturated");
    if (seconds >= 1.0)
        return QStringLiteral("%1 s").arg(seconds, 0, 'g', 3);
    return QStringLiteral("%1 ms").arg(seconds * 1e3, 0, 'g', 3);
}

/// A multiple of capacity as people say it: "1.5", "3", "12.4", "250".
QString times(double x)
{
    return x >= 100 ? QString::number(std::round(x), 'f', 0) : QString::number(x, 'g', 3);
}

/// "75.0 %", or for a load at or past capacity "saturated: offered 1.5x
/// capacity"; a load that has no end (workers held by a saturated call)
/// "saturated: workers held by a saturated call".
QString load(double utilization)
{
    if (!std::isfinite(utilization))
        return QObject::tr("saturated: workers held by a saturated call");
    if (utilization >= 1.0)
        return QObject::tr("saturated: offered %1x capacity").arg(times(utilization));
    return percent(utilization);
}

/// The load offered to a component's busiest part, as a multiple of its
/// capacity: its utilization, or where that has no end (workers held by a
/// saturated call) the largest finite part (rate / saturation) when that is
/// past capacity.
double offeredLoad(const models::analytic::ComponentEstimate& c, double rate)
{
    if (std::isfinite(c.utilization) || !std::isfinite(c.saturation) || !(c.saturation > 0))
        return c.utilization;
    const double offered = rate / c.saturation;
    return offered >= 1.0 ? offered : c.utilization;
}

/// The share of calls a full backlog refuses, in plain words at the ends.
QString rejectedText(double blocking)
{
    if (std::isnan(blocking))
        return QObject::tr("unknown: the model has no steady state here");
    if (blocking <= 0.0)
        return QObject::tr("none");
    if (blocking < 1e-6)
        return QObject::tr("almost none (below 0.0001 %)");
    if (blocking >= 0.9995)
        return QObject::tr("nearly all: the backlog stays full");
    if (blocking < 0.001)
        return QStringLiteral("%1 %").arg(blocking * 100.0, 0, 'g', 2);
    return percent(blocking);
}

/// A saturated component has no steady state: its queue grows until the
/// backlog (always finite) is full, and from then on it refuses what exceeds
/// its capacity, 1 - 1/offered of the calls.
QString saturatedRejected(double offered, double blocking)
{
    if (std::isfinite(offered) && offered >= 1.0)
        return QObject::tr("about %1: what exceeds capacity, once the backlog is full")
            .arg(percent(1.0 - 1.0 / offered));
    return rejectedText(blocking);
}

} // namespace

AnalyticPanel::AnalyticPanel(Document* document, QWidget* parent) : QWidget(parent), m_doc(document)
{
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(8, 6, 8, 6);
    m_heading = new QLabel;
    m_heading->setWordWrap(true);
    m_heading->setObjectName("analyticHeading");
    m_heading->setToolTip(tr("Steady-state means of the analytic model (docs/analytic.md): no timeouts, retries, "
                             "failures or transients. Run the variant for the simulated figures."));
    m_form = new QFormLayout;
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setVerticalSpacing(2);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    v->addWidget(m_heading);
    v->addLayout(m_form);
    setObjectName("analytic");
    setAttribute(Qt::WA_StyledBackground);
    applyColours();
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &AnalyticPanel::recompute);
    connect(m_doc, &Document::changed, this, &AnalyticPanel::schedule);
    schedule();
}

void AnalyticPanel::applyColours()
{
    m_dark = theme::isDark();
    setStyleSheet(QStringLiteral("#analytic { background: %1; border: 1px solid %2; border-radius: 4px; }")
                      .arg(theme::panelBackground().name(), theme::panelBorder().name()));
}

void AnalyticPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // A palette change (the desktop turned dark) recolours the box and the alarms.
    if (event->type() == QEvent::PaletteChange && theme::isDark() != m_dark) {
        applyColours();
        display();
    }
}

void AnalyticPanel::setSelection(const QString& variant, const QString& component)
{
    if (variant == m_variant && component == m_component)
        return;
    const bool sameVariant = variant == m_variant;
    m_variant = variant;
    m_component = component;
    if (sameVariant)
        display(); // the estimate covers every component of the variant
    else
        schedule();
}

void AnalyticPanel::schedule()
{
    m_debounce.start();
}

void AnalyticPanel::recompute()
{
    m_debounce.stop();
    m_estimate.reset();
    m_problem.clear();
    const scenarios::Study& study = m_doc->study();
    const scenarios::Variant* variant = m_doc->variant(m_variant);
    m_rate = scenarios::peakRate(study);
    // The model takes the file's instance counts: an autoscaler's later
    // instances are not in it, and the reader should know.
    QStringList scaled;
    if (variant)
        for (const auto& c : variant->components)
            if (c.autoscale)
                scaled << tr("%1 at %2 (autoscales to %3)")
                              .arg(QString::fromStdString(c.name))
                              .arg(models::kindOf(c.kind).scaledCount(c))
                              .arg(c.autoscale->max);
    m_scaling = scaled.isEmpty() ? QString()
                                 : tr("Instances as in the file: %1. The model does not autoscale.").arg(scaled.join(", "));
    if (!variant) {
        m_problem = tr("No variant.");
    } else if (!(m_rate > 0)) {
        m_problem = tr("No rate to analyze at: the workload replays a trace, or its rate is 0.");
    } else {
        bool errors = false;
        for (const auto& d : m_doc->diagnostics())
            errors = errors || d.severity == scenarios::Diagnostic::Severity::Error;
        try {
            if (errors)
                m_problem = tr("Fix the study's problems first (listed under Problems).");
            else
                m_estimate = scenarios::analyzeVariant(study, *variant, m_rate);
        } catch (const std::exception& e) {
            m_problem = tr("The analytic model cannot run: %1").arg(QString::fromUtf8(e.what()));
        }
    }
    display();
    emit estimated();
}

void AnalyticPanel::addRow(const QString& key, const QString& label, const QString& text, const QString& tip,
                           bool alarm)
{
    auto* value = new QLabel(text);
    value->setObjectName("analytic-" + key);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    if (alarm)
        value->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(theme::errorInk().name()));
    auto* name = new QLabel(label);
    name->setToolTip(tip);
    value->setToolTip(tip);
    m_form->addRow(name, value);
}

QString AnalyticPanel::figure(const QString& key) const
{
    const auto* label = findChild<QLabel*>("analytic-" + key);
    return label ? label->text() : QString();
}

void AnalyticPanel::display()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    if (!m_estimate) {
        m_heading->setText(tr("<b>Analytic model</b><br>%1").arg(m_problem.toHtmlEscaped()));
        return;
    }
    const auto& e = *m_estimate;
    const QString at = perSecond(m_rate);
    if (m_component.isEmpty()) {
        m_heading->setText(tr("<b>Analytic model</b> of %1 at %2 (the workload's peak)")
                               .arg(m_variant.toHtmlEscaped(), at) +
                           (m_scaling.isEmpty() ? QString() : "<br><i>" + m_scaling.toHtmlEscaped() + "</i>"));
        // Past capacity there is no steady state: the model's latencies would mislead.
        const QString endless =
            e.bottleneck >= 0 && !e.stable
                ? tr("infinite: %1 is saturated").arg(QString::fromStdString(e.components[std::size_t(e.bottleneck)].name))
                : QString();
        addRow("latencyMean", tr("latency mean"), endless.isEmpty() ? duration(e.meanResponse) : endless,
               tr("over the operation mix"), !endless.isEmpty() || !std::isfinite(e.meanResponse));
        addRow("p99", tr("latency p99"), endless.isEmpty() ? duration(e.p99) : endless,
               tr("gamma fit of the mean and variance: an approximation"), !endless.isEmpty() || !std::isfinite(e.p99));
        addRow("availability", tr("availability"), QStringLiteral("%1 %").arg(e.availability * 100.0, 0, 'f', 3));
        QString bottleneck = tr("none (nothing loaded)");
        const bool saturated = !e.stable;
        if (e.bottleneck >= 0) {
            const auto& b = e.components[std::size_t(e.bottleneck)];
            bottleneck = QStringLiteral("%1: %2").arg(QString::fromStdString(b.name), load(offeredLoad(b, m_rate)));
        }
        addRow("saturation", tr("saturates at"), perSecond(e.saturation),
               tr("the rate of this mix at which the first component reaches utilization 1"), saturated);
        addRow("bottleneck", tr("bottleneck"), bottleneck, tr("the busiest component at this rate"), saturated);
        addRow("headroom", tr("headroom"),
               saturated ? tr("none: %1 over capacity").arg(percent(-e.headroom)) : percent(e.headroom),
               tr("1 - rate / saturation"), saturated);
        return;
    }
    const models::analytic::ComponentEstimate* c = nullptr;
    for (const auto& x : e.components)
        if (QString::fromStdString(x.name) == m_component)
            c = &x;
    m_heading->setText(tr("<b>Analytic model</b> at %1 (the workload's peak)").arg(at));
    if (!c) {
        m_heading->setText(m_heading->text() + "<br>" + tr("Not in the model (on no route)."));
        return;
    }
    addRow("calls", tr("calls"), perSecond(c->arrivalRate), tr("calls/s to the component, all instances"));
    if (!c->hasStation) {
        addRow("utilization", tr("utilization"), tr("none: no machines of ours (a pure delay)"));
        return;
    }
    const double offered = offeredLoad(*c, m_rate);
    const bool saturated = offered >= 1.0;
    addRow("utilization", tr("utilization"), load(offered),
           tr("the busiest instance: the highest of CPU, workers and disk"), c->utilization >= 1.0);
    QString parts = tr("cpu %1, workers %2").arg(load(c->cpuUtilization), load(c->workerOccupancy));
    if (models::kindOf(c->kind).hasDisk())
        parts += tr(", disk %1").arg(load(c->diskUtilization));
    addRow("parts", tr(" of which"), parts);
    const bool endless = saturated || !std::isfinite(c->wait);
    addRow("wait", tr("wait"),
           endless ? tr("infinite: the queue grows until the backlog is full") : duration(c->wait),
           tr("mean time queued for a core or a worker, per call"), endless);
    addRow("rejected", tr("rejected"), saturated ? saturatedRejected(offered, c->blocking) : rejectedText(c->blocking),
           tr("calls refused by a full backlog"), saturated || c->blocking > 0.001);
    if (c->hitRatio >= 0)
        addRow("hitRatio", tr("hit ratio"), percent(c->hitRatio));
    for (const auto& g : c->groups) {
        const QString name = QString::fromStdString(g.name);
        addRow("group:" + name, tr(" group %1").arg(name),
               tr("%1 of the calls, cpu %2, workers %3").arg(percent(g.share), load(g.cpuUtilization),
                                                             load(g.workerOccupancy)),
               tr("its busiest instance"), g.cpuUtilization >= 1.0 || g.workerOccupancy >= 1.0);
    }
    addRow("saturatesAt", tr("saturates at"), perSecond(c->saturation),
           tr("the rate of the whole mix at which this component alone would reach utilization 1"));
    if (e.bottleneck >= 0 && e.components[std::size_t(e.bottleneck)].name == c->name)
        addRow("bottleneck", tr("bottleneck"), tr("yes: the first to saturate"), {}, c->utilization >= 1.0);
}

} // namespace scalelab::gui
