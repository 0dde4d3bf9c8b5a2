#include "sweeppanel.h"

#include "sweeprun.h"

#include "exportdialog.h"

#include "charts/chartexport.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace scalelab::gui {

namespace {

constexpr const char* kPaceKey = "sweep/pace";

/// "1:05", "1:02:05": a wall time.
QString clock(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    return s >= 3600 ? QString("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'))
                     : QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

/// A plot with nothing drawn yet: a line of text where the chart will be.
void showEmpty(QCustomPlot& plot, const QString& text)
{
    plot.clearGraphs();
    plot.clearItems();
    plot.legend->setVisible(false);
    auto* note = new QCPItemText(&plot);
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(0.5, 0.5);
    note->setText(text);
    note->setColor(QColor(0x66, 0x66, 0x66));
    plot.replot();
}

} // namespace

SweepPanel::SweepPanel(QWidget* parent) : QWidget(parent), m_run(new SweepRun(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    m_runButton = new QPushButton(tr("Run sweep"), this);
    m_runButton->setObjectName("runSweep");
    m_runButton->setToolTip(tr("Every point of the study's sweep: section x every variant x the replications, as "
                               "scalelab-cli sweep (one simulation per core); a stopped sweep resumes"));
    m_stopButton = new QPushButton(tr("Stop"), this);
    m_stopButton->setObjectName("stopSweep");
    m_stopButton->setToolTip(tr("Stop the sweep; the points done are kept, and Run sweep resumes from them"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName("sweepProgress");
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setMaximumWidth(220);
    m_status = new QLabel(this);
    m_status->setObjectName("sweepStatus");
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // elided, never widening the dock
    m_status->setMinimumWidth(80);
    m_metric = new QComboBox(this);
    m_metric->setObjectName("sweepMetric");
    m_metric->setToolTip(tr("The figure drawn against the parameter (the sweep's metrics)"));
    m_metric->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_atLabel = new QLabel(tr("at"), this);
    m_at = new QComboBox(this);
    m_at->setObjectName("sweepAt");
    m_at->setToolTip(tr("The values of the other parameters the lines are drawn at"));
    m_at->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_export = new QToolButton(this);
    m_export->setObjectName("exportSweep");
    m_export->setText(tr("Export plot…"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(m_export);
    exportMenu->addAction(tr("Metric against the parameter…"), this, [this] { exportAsked(Plot::Lines); });
    exportMenu->addAction(tr("Cost against p99…"), this, [this] { exportAsked(Plot::CostScatter); });
    m_export->setMenu(exportMenu);
    auto* folder = new QPushButton(tr("Open folder"), this);
    folder->setToolTip(tr("The sweep's results folder: points/, results.csv, aggregate.csv"));
    bar->addWidget(m_runButton);
    bar->addWidget(m_stopButton);
    bar->addWidget(m_progress);
    bar->addWidget(m_status, 1);
    bar->addWidget(new QLabel(tr("Metric"), this));
    bar->addWidget(m_metric);
    bar->addWidget(m_atLabel);
    bar->addWidget(m_at);
    bar->addWidget(m_export);
    bar->addWidget(folder);
    layout->addLayout(bar);

    auto* split = new QSplitter(Qt::Horizontal, this);
    m_lines = new QCustomPlot(split);
    m_lines->setObjectName("sweepLines");
    m_scatter = new QCustomPlot(split);
    m_scatter->setObjectName("sweepCost");
    for (QCustomPlot* p : {m_lines, m_scatter})
        p->setMinimumSize(320, 180);
    split->addWidget(m_lines);
    split->addWidget(m_scatter);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_runButton, &QPushButton::clicked, this, &SweepPanel::run);
    connect(m_stopButton, &QPushButton::clicked, this, &SweepPanel::stop);
    connect(folder, &QPushButton::clicked, this, [this] {
        QDir().mkpath(m_outDir);
        QDesktopServices::openUrl(QUrl::fromLocalFile(m_outDir));
    });
    connect(m_metric, &QComboBox::currentTextChanged, this, [this] { redraw(); });
    connect(m_at, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_run, &SweepRun::planned, this, [this] {
        fillSelectors();
        redraw();
        updateStatus();
    });
    connect(m_run, &SweepRun::pointArrived, this, [this] {
        fillSelectors();
        redraw();
        updateStatus();
        emit pointArrived();
    });
    connect(m_run, &SweepRun::progressed, this, &SweepPanel::updateStatus);
    connect(m_run, &SweepRun::finished, this, &SweepPanel::finished);
    redraw();
    updateStatus();
    updateControls();
}

SweepPanel::~SweepPanel()
{
    if (!m_studyCopy.isEmpty())
        QFile::remove(m_studyCopy);
}

void SweepPanel::setStudyProvider(std::function<QString(QString*)> provider) { m_provider = std::move(provider); }

void SweepPanel::setCliProvider(std::function<QString()> cli) { m_cli = std::move(cli); }

void SweepPanel::setOutputDir(const QString& dir) { m_outDir = dir; }

void SweepPanel::setSweepSummary(const QString& summary)
{
    m_summary = summary;
    updateControls();
    if (!isRunning())
        updateStatus();
}

bool SweepPanel::isRunning() const { return m_run->isRunning(); }

QString SweepPanel::statusText() const { return m_status->text(); }

const std::optional<charts::SweepTable>& SweepPanel::table() const { return m_run->stream().table(); }

int SweepPanel::pointsTotal() const { return m_run->stream().points(); }

int SweepPanel::pointsIn() const { return m_run->stream().pointsIn(); }

int SweepPanel::pointsDoneBefore() const { return m_run->stream().doneBefore(); }

QCustomPlot* SweepPanel::plot(Plot which) const { return which == Plot::Lines ? m_lines : m_scatter; }

std::optional<double> SweepPanel::measuredPace()
{
    const double pace = QSettings().value(kPaceKey, 0.0).toDouble();
    return pace > 0.0 ? std::optional<double>(pace) : std::nullopt;
}

void SweepPanel::run()
{
    if (isRunning())
        return;
    if (m_summary.isEmpty()) {
        m_lastMessage = tr("The study has no sweep: right-click a field in the inspector and choose Sweep this…");
        updateStatus();
        emit sweepFinished(false, m_lastMessage);
        return;
    }
    QString why;
    const QString study = m_provider ? m_provider(&why) : QString();
    if (study.isEmpty()) {
        m_lastMessage = tr("Cannot run the sweep: %1").arg(why.isEmpty() ? tr("no study") : why);
        updateStatus();
        emit sweepFinished(false, m_lastMessage);
        return;
    }
    if (!m_studyCopy.isEmpty())
        QFile::remove(m_studyCopy);
    m_studyCopy = study;
    m_lastMessage.clear();
    m_run->start(m_cli ? m_cli() : QString("scalelab-cli"), study, m_outDir);
    updateControls();
    updateStatus();
    redraw();
    emit sweepStarted();
}

void SweepPanel::stop() { m_run->cancel(); }

void SweepPanel::finished(bool ok, const QString& message)
{
    const SweepStream& s = m_run->stream();
    if (ok && s.elapsed() > 0.0 && s.done() > 0.0)
        QSettings().setValue(kPaceKey, s.done() / s.elapsed());
    if (!m_studyCopy.isEmpty()) {
        QFile::remove(m_studyCopy);
        m_studyCopy.clear();
    }
    m_lastMessage = ok ? tr("Sweep done: %1 points (Open folder: its tables)").arg(s.points())
                    : message == "stopped"
                        ? tr("Stopped: %1 of %2 points kept; Run sweep resumes").arg(s.pointsIn()).arg(s.points())
                        : tr("Sweep failed: %1").arg(message);
    if (ok)
        m_progress->setValue(m_progress->maximum());
    updateControls();
    updateStatus();
    emit sweepFinished(ok, message);
}

void SweepPanel::updateControls()
{
    const bool busy = isRunning();
    m_runButton->setEnabled(!busy && !m_summary.isEmpty());
    m_stopButton->setEnabled(busy);
    const bool drawn = table().has_value() && !table()->rows.empty();
    m_export->setEnabled(drawn);
}

void SweepPanel::updateStatus()
{
    const SweepStream& s = m_run->stream();
    if (!isRunning()) {
        m_status->setText(!m_lastMessage.isEmpty() ? m_lastMessage
                          : m_summary.isEmpty()    ? tr("No sweep: right-click a field in the inspector, Sweep this…")
                                                   : m_summary);
        return;
    }
    if (!s.table()) {
        m_status->setText(tr("Starting the sweep…"));
        return;
    }
    const int in = s.pointsIn();
    // Progress in simulated time: the points done before, then this run's share.
    const double share = s.total() > 0.0 ? std::clamp(s.done() / s.total(), 0.0, 1.0) : 0.0;
    const double fraction =
        s.points() > 0 ? (double(s.doneBefore()) + share * double(s.toRun())) / double(s.points()) : 0.0;
    m_progress->setValue(int(std::lround(fraction * m_progress->maximum())));
    QString text = tr("%1 of %2 points").arg(in).arg(s.points());
    if (s.doneBefore() > 0)
        text += tr(" (%1 from an earlier run)").arg(s.doneBefore());
    if (const auto eta = s.eta())
        text += tr(" · %1 left").arg(clock(*eta));
    m_status->setText(text);
}

void SweepPanel::fillSelectors()
{
    const auto& t = table();
    if (!t)
        return;
    QStringList metrics;
    for (const std::string& m : t->metrics)
        metrics << QString::fromStdString(m);
    QStringList shown;
    for (int i = 0; i < m_metric->count(); ++i)
        shown << m_metric->itemText(i);
    if (metrics != shown) {
        const QString current = m_metric->currentText();
        const QSignalBlocker block(m_metric);
        m_metric->clear();
        m_metric->addItems(metrics);
        m_metric->setCurrentText(metrics.contains(current) ? current : metrics.contains("p99") ? "p99" : metrics.value(0));
    }
    QStringList at;
    for (const charts::SweepLines& l : charts::sweepLines(*t, m_metric->currentText().toStdString())) {
        QStringList fixed;
        for (const std::string& f : l.fixed)
            fixed << QString::fromStdString(f);
        at << fixed.join(", ");
    }
    shown.clear();
    for (int i = 0; i < m_at->count(); ++i)
        shown << m_at->itemText(i);
    if (at != shown) {
        const QString current = m_at->currentText();
        const QSignalBlocker block(m_at);
        m_at->clear();
        m_at->addItems(at);
        if (at.contains(current))
            m_at->setCurrentText(current);
    }
    const bool several = t->parameters.size() > 1;
    m_at->setVisible(several);
    m_atLabel->setVisible(several);
}

void SweepPanel::redraw()
{
    const auto& t = table();
    if (!t || t->rows.empty()) {
        const QString text = isRunning() ? tr("The points appear here as they are done")
                                         : tr("Run the sweep to see each metric against the parameter");
        showEmpty(*m_lines, text);
        showEmpty(*m_scatter, tr("Cost per million requests against p99, with the Pareto front"));
        updateControls();
        return;
    }
    const auto lines = charts::sweepLines(*t, m_metric->currentText().toStdString());
    const int at = std::max(0, m_at->currentIndex());
    if (std::size_t(at) < lines.size())
        charts::drawSweepLines(*m_lines, *t, lines[std::size_t(at)]);
    if (!charts::drawCostScatter(*m_scatter, *t))
        showEmpty(*m_scatter, tr("Add p99 and cost_per_million to the sweep's metrics for the cost scatter"));
    updateControls();
}

bool SweepPanel::exportPlot(Plot which, const QString& path, const QString& format, QSize size, QString* error)
{
    const auto f = charts::exportFormatFromName(format);
    if (!f) {
        if (error)
            *error = tr("unknown format '%1' (png, pdf or svg)").arg(format);
        return false;
    }
    return charts::exportChart(*plot(which), path, *f, size.width(), size.height(), error);
}

void SweepPanel::exportAsked(Plot which)
{
    const QString stem = which == Plot::Lines ? m_metric->currentText() : QString("cost-vs-p99");
    const auto options = ExportDialog::ask(this, tr("Export the sweep plot"), stem + ".png", {"png", "pdf", "svg"}, true);
    if (!options)
        return;
    QString error;
    if (!exportPlot(which, options->path, options->format, options->size, &error))
        QMessageBox::warning(this, tr("Export the sweep plot"), error);
}

} // namespace scalelab::gui
