#include "runpanel.h"

#include "comparerun.h"
#include "resultstable.h"

#include "exportdialog.h"
#include "flowlayout.h"

#include "charts/chartbuilder.h"
#include "charts/chartexport.h"
#include "charts/chartview.h"
#include "charts/runseries.h"

#include "cli/assumptions.h"
#include "scenarios/studyreader.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QScrollBar>
#include <QHBoxLayout>
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <deque>
#include <memory>
#include <vector>

namespace scalelab::gui {

/// One `scalelab-cli run --stream` child and what it has sent so far.
struct RunChild
{
    QString variant;
    QProcess* process = nullptr;
    QByteArray partial;    ///< stdout after the last newline
    QByteArray stderrTail; ///< the last few KB of stderr
    charts::RunSeries series;
    bool finished = false;
    bool ok = false;
    QString failure;
    bool stateDirty = false;
};

class RunPanelPrivate
{
public:
    explicit RunPanelPrivate(RunPanel* panel) : q(panel) {}

    RunPanel* q;
    std::function<QString(QString*)> provider;
    QStringList variants;
    QString current;
    QString cliPath;
    double speed = 0.0;
    bool paused = false;
    bool stopping = false;
    QString studyPath;

    std::vector<std::unique_ptr<RunChild>> children; ///< every child of the current run, in variant order
    std::deque<RunChild*> pending;                   ///< compare: waiting for a free slot
    static constexpr int kParallel = 2;

    QPushButton *runButton = nullptr, *compareLiveButton = nullptr, *compareButton = nullptr, *pauseButton = nullptr,
                *resumeButton = nullptr, *stopButton = nullptr, *exportChartButton = nullptr,
                *exportTableButton = nullptr;
    int replications = 0;

    // The replicated comparison and what the results page shows of it.
    CompareRun* compareRun = nullptr;
    QWidget* resultsPage = nullptr;
    QLabel* headingLabel = nullptr;
    QTableWidget* progressTable = nullptr;
    QLabel* parityLabel = nullptr;
    QTableWidget* parityTable = nullptr;
    QLabel* assumptionsLabel = nullptr;
    QTableWidget* assumptionsTable = nullptr;
    QComboBox* speedBox = nullptr;
    QLabel* clockLabel = nullptr;
    QLabel* statusLabel = nullptr;
    QTabWidget* tabs = nullptr;
    std::vector<std::pair<charts::ChartKind, charts::ChartView*>> views;
    ResultsTable* table = nullptr;
    QTimer refresh;
    bool chartsDirty = false;
    charts::ChartAnnotations annotations; ///< the study's SLO and workload bands

    QString cli() const
    {
        return cliPath.isEmpty() ? QDir(QCoreApplication::applicationDirPath()).filePath("scalelab-cli") : cliPath;
    }
    bool running() const
    {
        if (compareRun->isRunning())
            return true;
        for (const auto& c : children)
            if (!c->finished)
                return true;
        return false;
    }
    std::vector<const charts::RunSeries*> series() const
    {
        std::vector<const charts::RunSeries*> out;
        for (const auto& c : children)
            out.push_back(&c->series);
        return out;
    }

    /// Gets the study to run and forgets the last run; false (said why) when there is none.
    bool prepare();
    void start(const QStringList& runVariants);
    void startCompare();
    void compareJobsKnown();
    void compareProgressed();
    void compareFinished(bool ok, const QString& message);
    void clearCompare();
    /// The defaults the figures rest on that the study leaves as they are
    /// (cli::assumptions), for these variants (all when empty).
    void showAssumptions(const QStringList& variants);
    void updateCompareLabel();
    void launch(RunChild* child);
    void readOutput(RunChild* child);
    void handleLine(RunChild* child, const QByteArray& line);
    void childEnded(RunChild* child, bool ok, const QString& failure);
    void send(const QByteArray& command);
    void redraw(bool all);
    void updateControls();
    void exportChart();
    void exportTable();
};

bool RunPanelPrivate::prepare()
{
    QString error;
    studyPath = provider ? provider(&error) : QString();
    if (studyPath.isEmpty()) {
        const QString message = error.isEmpty() ? QString("no study to run") : error;
        statusLabel->setText("Not started: " + message);
        emit q->runFinished(false, message);
        return false;
    }
    children.clear();
    pending.clear();
    clearCompare();
    paused = false;
    stopping = false;
    return true;
}

void RunPanelPrivate::start(const QStringList& runVariants)
{
    if (running() || runVariants.isEmpty() || !prepare())
        return;
    for (const QString& v : runVariants) {
        auto child = std::make_unique<RunChild>();
        child->variant = v;
        child->series.setVariant(v);
        pending.push_back(child.get());
        children.push_back(std::move(child));
    }
    statusLabel->setText(runVariants.size() > 1
                             ? QString("Comparing %1 variants live, one replication each").arg(runVariants.size())
                             : "Running " + runVariants.front() + " live, one replication");
    table->setSummaries({});
    emit q->runStarted();
    while (!pending.empty() && int(children.size() - pending.size()) < kParallel) {
        RunChild* next = pending.front();
        pending.pop_front();
        launch(next);
    }
    for (auto& [kind, view] : views)
        view->setLive(true);
    redraw(true);
    updateControls();
    refresh.start();
}

void RunPanelPrivate::launch(RunChild* child)
{
    auto* p = new QProcess(q);
    child->process = p;
    QObject::connect(p, &QProcess::readyReadStandardOutput, q, [this, child] { readOutput(child); });
    QObject::connect(p, &QProcess::readyReadStandardError, q, [child] {
        child->stderrTail += child->process->readAllStandardError();
        if (child->stderrTail.size() > 4096)
            child->stderrTail = child->stderrTail.right(4096);
    });
    QObject::connect(p, &QProcess::finished, q, [this, child](int code, QProcess::ExitStatus status) {
        readOutput(child);
        if (!child->partial.isEmpty()) // a last line without its newline
            handleLine(child, std::exchange(child->partial, {}));
        QString failure;
        if (!child->series.problem().isEmpty()) // a version mismatch, or a bug: never a silent gap
            failure = "a line of scalelab-cli's output could not be read: " + child->series.problem();
        else if (status == QProcess::CrashExit)
            failure = QString("scalelab-cli stopped abnormally (%1)").arg(child->process->errorString());
        else if (code != 0)
            failure = QString("scalelab-cli exited with code %1").arg(code);
        else if (!child->series.hasSummary())
            failure = "scalelab-cli ended without a summary";
        if (!failure.isEmpty()) {
            if (!child->series.errorMessage().isEmpty())
                failure = child->series.errorMessage() + " (" + failure + ")";
            else if (!child->stderrTail.trimmed().isEmpty())
                failure += ": " + QString::fromUtf8(child->stderrTail).trimmed();
        }
        childEnded(child, failure.isEmpty(), failure);
    });
    QObject::connect(p, &QProcess::errorOccurred, q, [this, child](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            childEnded(child, false, "cannot start " + cli() + ": " + child->process->errorString());
    });
    p->start(cli(), {"run", studyPath, "--stream", "--variant", child->variant});
    // Commands given before the child existed: speed, then pause.
    if (speed > 0)
        p->write(QByteArray("speed ") + QByteArray::number(speed) + "\n");
    if (paused)
        p->write("pause\n");
}

void RunPanelPrivate::readOutput(RunChild* child)
{
    child->partial += child->process->readAllStandardOutput();
    qsizetype from = 0;
    for (qsizetype nl = child->partial.indexOf('\n'); nl >= 0; nl = child->partial.indexOf('\n', from)) {
        handleLine(child, child->partial.mid(from, nl - from));
        from = nl + 1;
    }
    child->partial.remove(0, from);
}

void RunPanelPrivate::handleLine(RunChild* child, const QByteArray& line)
{
    if (line.trimmed().isEmpty() || !child->series.problem().isEmpty())
        return;
    using Type = charts::RunSeries::LineType;
    const Type type = child->series.addLine(std::string_view(line.constData(), std::size_t(line.size())));
    if (type == Type::Malformed) {
        // Nothing after a line that cannot be read can be trusted: end the
        // child now; its finished() reports the line's problem.
        if (child->process && child->process->state() != QProcess::NotRunning)
            child->process->kill();
        return;
    }
    if (type == Type::Frame) {
        child->stateDirty = true;
        chartsDirty = true;
    } else if (type == Type::Event) {
        const charts::EventMarker& e = child->series.events().back();
        chartsDirty = true;
        emit q->faultEvent(child->variant, e.time, e.kind, e.subject);
    }
}

void RunPanelPrivate::childEnded(RunChild* child, bool ok, const QString& failure)
{
    if (child->finished)
        return;
    child->finished = true;
    child->ok = ok;
    child->failure = failure;
    if (child->process)
        child->process->deleteLater();
    child->process = nullptr;
    if (!ok || stopping) {
        // A failed comparison ends: the other variants alone would compare nothing.
        for (RunChild* c : pending)
            c->finished = true;
        pending.clear();
        if (!ok)
            for (const auto& c : children)
                if (c->process && !c->finished)
                    c->process->write("stop\n");
    } else if (!pending.empty()) {
        RunChild* next = pending.front();
        pending.pop_front();
        launch(next);
    }
    if (running() || !pending.empty())
        return;

    refresh.stop();
    std::vector<std::string> summaries;
    QString reason;
    bool allOk = true;
    for (const auto& c : children) {
        if (c->series.hasSummary())
            summaries.push_back(c->series.summaryJson());
        if (!c->ok && !c->failure.isEmpty()) {
            allOk = false;
            if (reason.isEmpty())
                reason = c->variant + ": " + c->failure;
        }
    }
    table->setSummaries(summaries);
    QStringList ran;
    for (const auto& c : children)
        ran << c->variant;
    showAssumptions(ran);
    for (auto& [kind, view] : views)
        view->setLive(false);
    redraw(true);
    updateControls();
    QString message = reason;
    if (allOk) {
        bool stopped = false;
        for (const auto& c : children)
            stopped = stopped || c->series.stopped();
        message = stopped ? "stopped" : "finished";
    }
    statusLabel->setText(allOk ? "Run " + message : "Run failed: " + reason);
    emit q->runFinished(allOk, message);
}

void RunPanelPrivate::showAssumptions(const QStringList& names)
{
    assumptionsTable->setRowCount(0);
    const scenarios::LoadResult loaded = scenarios::readStudy(studyPath.toStdString());
    if (!loaded.study) {
        assumptionsLabel->hide();
        assumptionsTable->hide();
        return;
    }
    std::vector<const scenarios::Variant*> shown;
    for (const scenarios::Variant& v : loaded.study->variants)
        if (names.isEmpty() || names.contains(QString::fromStdString(v.name)))
            shown.push_back(&v);
    const std::vector<cli::AssumptionRow> rows = cli::assumptions(*loaded.study, shown);
    assumptionsTable->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        const cli::AssumptionRow& r = rows[std::size_t(i)];
        int column = 0;
        for (const std::string& text : {r.key, r.value, r.applies}) {
            auto* item = new QTableWidgetItem(QString::fromStdString(text));
            item->setToolTip(QString::fromStdString(r.help));
            assumptionsTable->setItem(i, column++, item);
        }
    }
    assumptionsTable->resizeColumnsToContents();
    assumptionsLabel->setVisible(!rows.empty());
    assumptionsTable->setVisible(!rows.empty());
}

void RunPanelPrivate::clearCompare()
{
    assumptionsLabel->hide();
    assumptionsTable->setRowCount(0);
    assumptionsTable->hide();
    headingLabel->clear();
    headingLabel->hide();
    progressTable->setRowCount(0);
    progressTable->hide();
    parityLabel->hide();
    parityTable->clear();
    parityTable->setRowCount(0);
    parityTable->hide();
    table->show();
}

void RunPanelPrivate::startCompare()
{
    // The live charts are cleared: the comparison sends figures, not frames.
    if (running() || variants.size() < 2 || !prepare())
        return;
    table->setSummaries({});
    statusLabel->setText(QString("Comparing %1 variants: starting").arg(variants.size()));
    clockLabel->setText("");
    tabs->setCurrentWidget(resultsPage);
    emit q->runStarted();
    compareRun->start(cli(), studyPath, variants);
    redraw(true);
    updateControls();
}

void RunPanelPrivate::compareJobsKnown()
{
    const auto& jobs = compareRun->stream().jobs();
    progressTable->setRowCount(int(jobs.size()));
    for (int i = 0; i < int(jobs.size()); ++i) {
        const CompareStream::Job& job = jobs[std::size_t(i)];
        progressTable->setItem(i, 0, new QTableWidgetItem(job.variant));
        auto* replication = new QTableWidgetItem(QString::number(job.replication + 1));
        replication->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        progressTable->setItem(i, 1, replication);
        auto* bar = new QProgressBar(progressTable);
        bar->setRange(0, 1000);
        bar->setValue(0);
        bar->setFormat("%p%");
        progressTable->setCellWidget(i, 2, bar);
    }
    progressTable->resizeColumnsToContents();
    progressTable->horizontalHeader()->setStretchLastSection(true);
    progressTable->show();
    table->hide(); // until there are figures to show
    compareProgressed();
}

void RunPanelPrivate::compareProgressed()
{
    const CompareStream& stream = compareRun->stream();
    const auto& jobs = stream.jobs();
    for (int i = 0; i < int(jobs.size()) && i < progressTable->rowCount(); ++i)
        if (auto* bar = qobject_cast<QProgressBar*>(progressTable->cellWidget(i, 2)))
            bar->setValue(stream.duration() > 0 ? int(std::lround(1000.0 * jobs[std::size_t(i)].seconds /
                                                                   stream.duration()))
                                                : 0);
    statusLabel->setText(QString("Comparing %1 variants: %2 of %3 replications done")
                             .arg(variants.size())
                             .arg(stream.jobsDone())
                             .arg(jobs.size()));
}

void RunPanelPrivate::compareFinished(bool ok, const QString& message)
{
    const CompareStream& stream = compareRun->stream();
    const bool cancelled = message == "cancelled";
    if (ok) {
        showAssumptions({});
        table->setCompareTable(stream.table());
        table->show();
        headingLabel->setText(stream.heading().join('\n'));
        headingLabel->show();
        progressTable->hide();
        if (!stream.parity().columns.isEmpty()) {
            const CompareStream::Table& parity = stream.parity();
            parityTable->setColumnCount(int(parity.columns.size()));
            parityTable->setHorizontalHeaderLabels(parity.columns);
            parityTable->setRowCount(int(parity.rows.size()));
            for (int r = 0; r < int(parity.rows.size()); ++r)
                for (int c = 0; c < int(parity.columns.size()) && c < parity.rows[std::size_t(r)].size(); ++c)
                    parityTable->setItem(r, c, new QTableWidgetItem(parity.rows[std::size_t(r)][c]));
            parityTable->resizeColumnsToContents();
            // As tall as its rows (and a scroll bar), no taller: the results
            // table above takes the rest of the page.
            int height = parityTable->horizontalHeader()->sizeHint().height() + 2 * parityTable->frameWidth() +
                         parityTable->horizontalScrollBar()->sizeHint().height();
            for (int r = 0; r < parityTable->rowCount(); ++r)
                height += parityTable->rowHeight(r);
            parityTable->setMaximumHeight(height);
            parityLabel->show();
            parityTable->show();
        }
    }
    statusLabel->setText(ok          ? "Compare finished"
                         : cancelled ? "Compare stopped"
                                     : "Compare failed: " + message);
    updateControls();
    emit q->runFinished(ok || cancelled, ok ? "finished" : cancelled ? "stopped" : message);
}

void RunPanelPrivate::updateCompareLabel()
{
    compareButton->setText(replications > 0
                               ? QString("Compare (%1 replication%2)").arg(replications).arg(replications == 1 ? "" : "s")
                               : QString("Compare"));
}

void RunPanelPrivate::send(const QByteArray& command)
{
    for (const auto& c : children)
        if (c->process && !c->finished && c->process->state() != QProcess::NotRunning)
            c->process->write(command);
}

void RunPanelPrivate::redraw(bool all)
{
    double clock = -1.0, duration = 0.0;
    for (const auto& c : children) {
        if (c->stateDirty) {
            c->stateDirty = false;
            QHash<QString, ComponentLiveState> states;
            for (const charts::ComponentState& s : c->series.latestState())
                states.insert(s.name, ComponentLiveState{s.utilization, s.queue, s.instances, s.down, s.failed,
                                                         s.moduleCores});
            emit q->liveState(c->variant, states);
            QHash<QString, ConnectionLiveState> traffic;
            for (const charts::ConnectionState& e : c->series.latestConnections())
                traffic.insert(e.caller + "->" + e.target, ConnectionLiveState{e.calls, e.retries, e.failed, e.shortCircuited});
            emit q->liveTraffic(c->variant, traffic);
        }
        // The clock of a comparison: the run furthest behind among those started.
        if (c->process || c->finished) {
            clock = clock < 0 ? c->series.clock() : std::min(clock, c->series.clock());
            duration = std::max(duration, c->series.duration());
        }
    }
    if (clock >= 0) {
        clockLabel->setText(QString("t = %1 / %2 s").arg(clock, 0, 'f', 0).arg(duration, 0, 'f', 0));
        emit q->clockChanged(clock, duration);
    }
    if (!chartsDirty && !all)
        return;
    chartsDirty = false;
    const auto runs = series();
    charts::ChartBuilder builder;
    builder.setAnnotations(annotations);
    for (auto& [kind, view] : views) {
        if (!all && view != tabs->currentWidget())
            continue;
        builder.draw(*view, kind, runs);
        view->placeLegend(); // the plot keeps its height: the legend below, beside or hidden
        view->replot(QCustomPlot::rpQueuedReplot);
    }
}

void RunPanelPrivate::updateControls()
{
    const bool busy = running();
    const bool live = busy && !compareRun->isRunning(); // a replicated comparison runs at full speed
    runButton->setEnabled(!busy);
    compareLiveButton->setEnabled(!busy && variants.size() > 1);
    compareButton->setEnabled(!busy && variants.size() > 1);
    pauseButton->setEnabled(live && !paused);
    resumeButton->setEnabled(live && paused);
    stopButton->setEnabled(busy);
    exportTableButton->setEnabled(table->rowCount() > 0);
}

void RunPanelPrivate::exportChart()
{
    auto* view = qobject_cast<charts::ChartView*>(tabs->currentWidget());
    if (!view)
        return;
    QString kindId;
    for (const auto& [kind, v] : views)
        if (v == view)
            kindId = charts::chartId(kind);
    const auto options = ExportDialog::ask(q, "Export chart", kindId + ".png", {"png", "pdf", "svg"}, true);
    if (!options)
        return;
    QString error;
    charts::exportChart(*view, options->path, *charts::exportFormatFromName(options->format), options->size.width(),
                        options->size.height(), &error);
    if (!error.isEmpty())
        QMessageBox::warning(q, "Export chart", error);
}

void RunPanelPrivate::exportTable()
{
    const auto options = ExportDialog::ask(q, "Export results", "results.csv", {"csv"}, false);
    if (!options)
        return;
    QFile file(options->path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(table->toCsv().toUtf8()) < 0)
        QMessageBox::warning(q, "Export results", "cannot write " + options->path + ": " + file.errorString());
}

RunPanel::RunPanel(QWidget* parent) : QWidget(parent), d(std::make_unique<RunPanelPrivate>(this))
{
    auto* layout = new QVBoxLayout(this);
    // A row that wraps (short labels, the tooltips say more; a status that
    // elides): the Results dock, between the side docks, never sets their
    // width nor the window's.
    auto* bar = new FlowLayout;
    d->runButton = new QPushButton("Run live", this);
    d->runButton->setToolTip("A quick look: one replication of the current variant, charts as it runs; "
                             "no intervals");
    d->compareLiveButton = new QPushButton("Compare live", this);
    d->compareLiveButton->setToolTip("A quick look: one replication of every variant, overlaid on the charts as "
                                     "they run; no intervals, no paired differences");
    d->compareButton = new QPushButton("Compare", this);
    d->compareButton->setToolTip("Every variant over the study's replications, in parallel: the table of "
                                 "scalelab-cli compare, with 95% intervals and paired differences against the "
                                 "first variant");
    d->pauseButton = new QPushButton("Pause", this);
    d->resumeButton = new QPushButton("Resume", this);
    d->stopButton = new QPushButton("Stop", this);
    d->speedBox = new QComboBox(this);
    d->speedBox->setToolTip("Simulated time per wall-clock second");
    d->speedBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    d->speedBox->setMinimumContentsLength(8); // "100x" whole; "as fast as possible" elided in the box
    for (const auto& [label, value] : {std::pair<const char*, double>{"1x real time", 1.0},
                                       {"10x", 10.0},
                                       {"100x", 100.0},
                                       {"as fast as possible", 0.0}})
        d->speedBox->addItem(label, value);
    d->speedBox->setCurrentIndex(3);
    d->clockLabel = new QLabel("t = 0 s", this);
    d->statusLabel = new QLabel(this);
    d->statusLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    d->statusLabel->setMinimumWidth(80);
    d->exportChartButton = new QPushButton("Export chart…", this);
    d->exportTableButton = new QPushButton("Export table…", this);
    for (QWidget* w : std::initializer_list<QWidget*>{d->runButton, d->compareLiveButton, d->compareButton, d->pauseButton,
                                                      d->resumeButton, d->stopButton, d->speedBox, d->clockLabel})
        bar->addWidget(w);
    bar->addWidget(d->statusLabel);
    bar->setStretchItem(bar->count() - 1);
    layout->addLayout(bar);

    d->tabs = new QTabWidget(this);
    // The exports beside the tabs they export, not on the run's bar.
    auto* exports = new QWidget(d->tabs);
    auto* exportsLayout = new QHBoxLayout(exports);
    exportsLayout->setContentsMargins(0, 0, 0, 2);
    exportsLayout->addWidget(d->exportChartButton);
    exportsLayout->addWidget(d->exportTableButton);
    d->tabs->setCornerWidget(exports, Qt::TopRightCorner);
    for (charts::ChartKind kind : charts::allChartKinds()) {
        auto* view = new charts::ChartView(d->tabs);
        view->setObjectName("chart-" + charts::chartId(kind));
        d->views.emplace_back(kind, view);
        QString label = charts::chartTitle(kind).section(' ', 0, 0);
        d->tabs->addTab(view, kind == charts::ChartKind::Utilization ? "Utilization"
                              : kind == charts::ChartKind::Queue     ? "Queues"
                                                                     : label);
    }
    // Results: a comparison's heading and progress per replication, the
    // table, and the fault parity when the comparison has one.
    d->resultsPage = new QWidget(d->tabs);
    auto* results = new QVBoxLayout(d->resultsPage);
    results->setContentsMargins(0, 0, 0, 0);
    d->headingLabel = new QLabel(d->resultsPage);
    d->headingLabel->setObjectName("compareHeading");
    d->headingLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    d->headingLabel->setContentsMargins(4, 4, 4, 4);
    results->addWidget(d->headingLabel);
    d->progressTable = new QTableWidget(0, 3, d->resultsPage);
    d->progressTable->setObjectName("replications");
    d->progressTable->setHorizontalHeaderLabels({"variant", "replication", "simulated"});
    d->progressTable->verticalHeader()->setVisible(false);
    d->progressTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    d->progressTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    d->progressTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    results->addWidget(d->progressTable);
    d->table = new ResultsTable(d->resultsPage);
    d->table->setObjectName("results");
    results->addWidget(d->table, 1);
    d->parityLabel = new QLabel("What each fault hit in each variant", d->resultsPage);
    results->addWidget(d->parityLabel);
    d->parityTable = new QTableWidget(d->resultsPage);
    d->parityTable->setObjectName("parity");
    d->parityTable->verticalHeader()->setVisible(false);
    d->parityTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    d->parityTable->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    results->addWidget(d->parityTable);
    d->assumptionsLabel =
        new QLabel("Assumptions: defaults the study leaves as they are (docs/format.md)", d->resultsPage);
    results->addWidget(d->assumptionsLabel);
    d->assumptionsTable = new QTableWidget(0, 3, d->resultsPage);
    d->assumptionsTable->setObjectName("assumptions");
    d->assumptionsTable->setHorizontalHeaderLabels({"key", "default", "applies to"});
    d->assumptionsTable->verticalHeader()->setVisible(false);
    d->assumptionsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    d->assumptionsTable->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    results->addWidget(d->assumptionsTable);
    d->tabs->addTab(d->resultsPage, "Results");
    d->compareRun = new CompareRun(this);
    connect(d->compareRun, &CompareRun::jobsKnown, this, [this] { d->compareJobsKnown(); });
    connect(d->compareRun, &CompareRun::progressed, this, [this] { d->compareProgressed(); });
    connect(d->compareRun, &CompareRun::finished, this,
            [this](bool ok, const QString& message) { d->compareFinished(ok, message); });
    d->clearCompare();
    layout->addWidget(d->tabs, 1);

    connect(d->runButton, &QPushButton::clicked, this, &RunPanel::run);
    connect(d->compareLiveButton, &QPushButton::clicked, this, &RunPanel::compareLive);
    connect(d->compareButton, &QPushButton::clicked, this, &RunPanel::compare);
    connect(d->pauseButton, &QPushButton::clicked, this, &RunPanel::pause);
    connect(d->resumeButton, &QPushButton::clicked, this, &RunPanel::resume);
    connect(d->stopButton, &QPushButton::clicked, this, &RunPanel::stop);
    connect(d->speedBox, &QComboBox::activated, this,
            [this](int index) { setSpeed(d->speedBox->itemData(index).toDouble()); });
    connect(d->exportChartButton, &QPushButton::clicked, this, [this] { d->exportChart(); });
    connect(d->exportTableButton, &QPushButton::clicked, this, [this] { d->exportTable(); });
    connect(d->tabs, &QTabWidget::currentChanged, this, [this] { d->redraw(true); });
    // Charts and the canvas follow the frames at most ten times a second.
    d->refresh.setInterval(100);
    connect(&d->refresh, &QTimer::timeout, this, [this] { d->redraw(false); });
    d->redraw(true);
    d->updateControls();
}

RunPanel::~RunPanel()
{
    // Children die with the panel: nothing else would read their output.
    for (const auto& c : d->children)
        if (c->process) {
            c->process->disconnect();
            c->process->kill();
            c->process->waitForFinished(1000);
        }
}

void RunPanel::setStudyProvider(std::function<QString(QString*)> provider) { d->provider = std::move(provider); }

void RunPanel::setVariants(const QStringList& variants, const QString& current)
{
    d->variants = variants;
    d->current = current.isEmpty() && !variants.isEmpty() ? variants.front() : current;
    d->updateControls();
}

void RunPanel::setReplications(int replications)
{
    d->replications = replications;
    d->updateCompareLabel();
}

void RunPanel::setChartAnnotations(const charts::ChartAnnotations& annotations)
{
    d->annotations = annotations;
    d->chartsDirty = true;
}

void RunPanel::setCliPath(const QString& path) { d->cliPath = path; }

QString RunPanel::cliPath() const { return d->cli(); }

bool RunPanel::isRunning() const { return d->running(); }

QString RunPanel::statusText() const { return d->statusLabel->text(); }

void RunPanel::run()
{
    const QString v = d->current.isEmpty() && !d->variants.isEmpty() ? d->variants.front() : d->current;
    d->start(v.isEmpty() ? QStringList{} : QStringList{v});
    if (v.isEmpty())
        emit runFinished(false, "the study has no variant to run");
}

void RunPanel::compareLive() { d->start(d->variants); }

void RunPanel::compare() { d->startCompare(); }

void RunPanel::pause()
{
    if (!d->running() || d->paused || d->compareRun->isRunning()) // a comparison is not paced
        return;
    d->paused = true;
    d->send("pause\n");
    d->statusLabel->setText("Paused");
    d->updateControls();
}

void RunPanel::resume()
{
    if (!d->paused)
        return;
    d->paused = false;
    d->send("resume\n");
    d->statusLabel->setText("Running");
    d->updateControls();
}

void RunPanel::stop()
{
    if (d->compareRun->isRunning()) {
        d->compareRun->cancel();
        return;
    }
    if (!d->running())
        return;
    d->stopping = true;
    d->send("stop\n");
    // A child that does not answer (stuck, or paused without reading) is ended.
    QTimer::singleShot(5000, this, [this] {
        for (const auto& c : d->children)
            if (c->process && !c->finished)
                c->process->kill();
    });
}

void RunPanel::setSpeed(double simSecondsPerSecond)
{
    d->speed = simSecondsPerSecond > 0 ? simSecondsPerSecond : 0.0;
    d->send(d->speed > 0 ? QByteArray("speed ") + QByteArray::number(d->speed) + "\n" : QByteArray("speed max\n"));
    // The box shows the speed set from code too: a value not in the list gets its own entry.
    int index = d->speedBox->findData(d->speed);
    if (index < 0) {
        d->speedBox->addItem(QString("%1x").arg(d->speed, 0, 'g', 6), d->speed);
        index = d->speedBox->count() - 1;
    }
    d->speedBox->setCurrentIndex(index);
}

} // namespace scalelab::gui
