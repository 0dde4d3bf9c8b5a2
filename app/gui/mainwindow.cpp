#include "mainwindow.h"

#include "analyticpanel.h"
#include "canvasexport.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "diagnosticspanel.h"
#include "document.h"
#include "exportdialog.h"
#include "inspector.h"
#include "palette.h"
#include "rateprofileview.h"
#include "shortcutsdialog.h"
#include "studytexteditor.h"
#include "studytextpane.h"
#include "theme.h"

#include "run/runpanel.h"
#include "run/sweeppanel.h"
#include "studyfiles.h"

#include "scenarios/studyreader.h"
#include "scenarios/sweep.h"
#include "scenarios/workloadbands.h"
#include "scenarios/studywriter.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStringDecoder>
#include <QStatusBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

// The icons and templates live in the static scalelab_gui library: register them.
static void initResources()
{
    Q_INIT_RESOURCE(scalelab);
}

namespace scalelab::gui {

namespace {

constexpr int kMaxRecent = 8;
constexpr int kDefaultAutosaveMs = 30000;

QString templateTitle(const QString& name)
{
    QString t = name;
    t.replace('_', ' ');
    t[0] = t[0].toUpper();
    return t;
}

/// A file as the status bar names it: relative to the folder the app started
/// in when it lies below it (as it was typed), else its full path.
QString shownPath(const QString& path)
{
    const QString relative = QDir::current().relativeFilePath(path);
    return QDir::toNativeSeparators(relative.startsWith("..") || QDir::isAbsolutePath(relative) ? path : relative);
}

} // namespace

QStringList MainWindow::templateNames()
{
    return {"monolith", "modular_monolith", "microservices"};
}

std::optional<scenarios::Study> MainWindow::loadTemplate(const QString& name)
{
    initResources();
    QFile f(QStringLiteral(":/templates/%1.yaml").arg(name));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    auto result = scenarios::parseStudy(f.readAll().toStdString(), (name + ".yaml").toStdString());
    if (!result.ok())
        return std::nullopt;
    result.study->path.clear();
    return result.study;
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    initResources();
    setObjectName("ScaleLab");
    setAcceptDrops(true);
    m_doc = new Document(this);
    m_scene = new CanvasScene(m_doc, this);
    m_view = new CanvasView(m_scene);
    m_tabs = new QTabBar;
    m_tabs->setExpanding(false);
    m_tabs->setDocumentMode(true);
    m_tabs->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_tabs);
    layout->addWidget(m_view);
    // In place of the canvas, the text of a study file that does not read.
    m_textPane = new StudyTextPane;
    m_textPane->hide();
    layout->addWidget(m_textPane);
    setCentralWidget(central);

    m_ask = [this](const QString& question) {
        return QMessageBox::question(this, tr("ScaleLab"), question) == QMessageBox::Yes;
    };
    m_chooseRecovery = [this](const QString& question) {
        QMessageBox box(QMessageBox::Question, tr("ScaleLab"), question, QMessageBox::NoButton, this);
        QPushButton* restore = box.addButton(tr("Restore"), QMessageBox::AcceptRole);
        QPushButton* discard = box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
        box.addButton(tr("Keep for later"), QMessageBox::RejectRole);
        box.setDefaultButton(restore);
        box.exec();
        return box.clickedButton() == restore   ? RecoveryChoice::Restore
               : box.clickedButton() == discard ? RecoveryChoice::Discard
                                                : RecoveryChoice::Keep;
    };
    m_askSavePath = [this](const QString& question) {
        return QFileDialog::getSaveFileName(this, question, {}, tr("Studies (*.yaml *.yml)"));
    };
    m_askName = [this](const QString& question, const QString& current) -> std::optional<QString> {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("ScaleLab"), question, QLineEdit::Normal, current, &ok);
        return ok ? std::optional<QString>(name) : std::nullopt;
    };
    m_runCopies = std::make_unique<RunCopies>();
    RunCopies::removeStale();
    buildDocks();
    buildActions();

    connect(m_doc, &Document::changed, this, [this] {
        syncTabs();
        syncOperations();
        m_problems->setDiagnostics(m_doc->diagnostics());
        m_inspector->setSelection(currentVariant(), m_scene->selectedComponents());
        syncRunPanel();
        syncSweepPanel();
    });
    connect(m_doc, &Document::filePathChanged, this, &MainWindow::syncSweepPanel);
    connect(m_doc, &Document::dirtyChanged, this, &MainWindow::updateTitle);
    connect(m_doc, &Document::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_tabs, &QTabBar::currentChanged, this, [this](int) {
        if (m_syncing)
            return;
        m_scene->setVariant(currentVariant());
        m_inspector->setSelection(currentVariant(), m_scene->selectedComponents());
        syncRunPanel();
    });
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        m_inspector->setSelection(currentVariant(), m_scene->selectedComponents());
        const auto edges = m_scene->selectedEdges();
        const bool oneArrow = edges.size() == 1 && m_scene->selectedComponents().isEmpty();
        m_inspector->setConnection(oneArrow ? edges.front().first : QString(), oneArrow ? edges.front().second : QString());
    });
    // The model's verdict on the canvas while editing: saturation and cache hit badges.
    connect(m_inspector->analytic(), &AnalyticPanel::estimated, this,
            [this] { m_scene->setEstimate(m_inspector->analytic()->estimate()); });
    connect(m_scene, &CanvasScene::message, this, &MainWindow::showMessage);
    connect(m_scene, &CanvasScene::zoneRenameRequested, this, [this](const QString& zone) {
        askToRename(tr("zone"), zone, [this](const QString& from, const QString& to, QString* why) {
            return m_doc->renameZone(from, to, why);
        });
    });
    connect(m_scene, &CanvasScene::fileDropped, this, [this](const QString& path) {
        if (maybeSave())
            openFile(path);
    });
    connect(m_inspector, &Inspector::message, this, &MainWindow::showMessage);
    connect(m_inspector, &Inspector::importTraceRequested, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import a rate trace"), {},
                                                          tr("CSV traces (time_s,rps) (*.csv);;All files (*)"));
        if (!path.isEmpty())
            m_inspector->importTrace(path);
    });
    connect(m_problems, &DiagnosticsPanel::subjectActivated, this, [this](const QString& v, const QString& c) {
        if (!isShowingText())
            selectSubject(v, c);
    });
    connect(m_problems, &DiagnosticsPanel::locationActivated, this, [this](int line, int column) {
        if (isShowingText())
            m_textPane->editor()->goTo(line, column);
    });
    connect(m_textPane, &StudyTextPane::diagnosticsChanged, this,
            [this](const std::vector<scenarios::Diagnostic>& diagnostics) {
                if (isShowingText())
                    m_problems->setDiagnostics(diagnostics);
            });
    connect(m_textPane, &StudyTextPane::modificationChanged, this, &MainWindow::updateTitle);
    connect(m_textPane, &StudyTextPane::readable, this,
            [this](const scenarios::Study& study, const std::vector<scenarios::Diagnostic>&) {
                if (!isShowingText())
                    return;
                // The text reads: the canvas takes over, with the text's content
                // (unsaved when the text was edited); the undo history starts here.
                const QString path = m_textPane->path();
                const bool edited = m_textPane->isModified();
                leaveText();
                m_doc->reset(study, path, edited);
                m_view->resetZoom();
                m_view->fitToWindow();
                addRecent(path);
                showMessage(edited ? tr("%1 reads now: the canvas shows it; save to keep the changes.")
                                         .arg(QFileInfo(path).fileName())
                                   : tr("Opened %1").arg(shownPath(path)));
            });
    connect(m_operation, &QComboBox::currentTextChanged, m_scene, &CanvasScene::setOperation);

    m_autosave = new QTimer(this);
    m_autosave->setInterval(kDefaultAutosaveMs);
    connect(m_autosave, &QTimer::timeout, this, &MainWindow::autosave);
    m_autosave->start();

    m_busy = new QProgressBar;
    m_busy->setObjectName("busy");
    m_busy->setRange(0, 0); // busy: the stage is in the status message
    m_busy->setMaximumWidth(160);
    m_busy->setToolTip(tr("Exporting the review"));
    m_busy->hide();
    statusBar()->addPermanentWidget(m_busy);
    m_cancelReview = new QPushButton(tr("Cancel"));
    m_cancelReview->setObjectName("cancelReview");
    m_cancelReview->setToolTip(tr("Stop exporting the review; nothing half-written is left"));
    m_cancelReview->hide();
    connect(m_cancelReview, &QPushButton::clicked, this, &MainWindow::cancelReview);
    statusBar()->addPermanentWidget(m_cancelReview);

    // Start with the monolith template, so the window is never empty.
    if (auto t = loadTemplate("monolith"))
        m_doc->reset(*t, {});
    updateTitle();
    resize(1500, 920);
}

MainWindow::~MainWindow()
{
    // The children go in creation order: keep the scene (clearing its selection)
    // and the document from signalling into widgets already gone.
    m_scene->blockSignals(true);
    m_doc->blockSignals(true);
    if (!m_runCopy.isEmpty())
        QFile::remove(m_runCopy);
    if (m_review) {
        m_review->disconnect(this);
        if (const qint64 pid = m_review->processId(); pid > 0)
            ::kill(-pid_t(pid), SIGKILL); // its process group: the report and what it started
        m_review->waitForFinished(2000);
    }
    if (!m_reviewCopy.isEmpty())
        QFile::remove(m_reviewCopy);
}

QAction* MainWindow::action(const QString& name) const
{
    return m_actions.value(name);
}

void MainWindow::buildDocks()
{
    // The side docks take the bottom corners: the Results dock sits under the
    // canvas only, and the inspector keeps the window's height.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    m_palette = new Palette;
    auto* paletteDock = new QDockWidget(tr("Components"), this);
    paletteDock->setObjectName("paletteDock");
    paletteDock->setWidget(m_palette);
    paletteDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, paletteDock);
    connect(m_palette, &Palette::kindActivated, this, [this](scenarios::ComponentKind kind) {
        const QPointF at = m_scene->snapped(m_view->mapToScene(m_view->viewport()->rect().center()));
        const QString name = m_doc->addComponent(currentVariant(), kind, at, m_scene->zoneAt(at));
        m_scene->selectComponents({name});
    });

    m_inspector = new Inspector(m_doc);
    auto* inspectorDock = new QDockWidget(tr("Inspector"), this);
    inspectorDock->setObjectName("inspectorDock");
    inspectorDock->setWidget(m_inspector);
    inspectorDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    inspectorDock->setMinimumWidth(320);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);

    m_problems = new DiagnosticsPanel;
    auto* problemsDock = new QDockWidget(tr("Problems"), this);
    problemsDock->setObjectName("problemsDock");
    problemsDock->setWidget(m_problems);
    addDockWidget(Qt::BottomDockWidgetArea, problemsDock);

    m_runPanel = new RunPanel;
    auto* runDock = new QDockWidget(tr("Results"), this);
    runDock->setObjectName("resultsDock");
    runDock->setWidget(m_runPanel);
    addDockWidget(Qt::BottomDockWidgetArea, runDock);
    tabifyDockWidget(problemsDock, runDock);

    m_sweepPanel = new SweepPanel;
    m_sweepDock = new QDockWidget(tr("Sweep"), this);
    m_sweepDock->setObjectName("sweepDock");
    m_sweepDock->setWidget(m_sweepPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_sweepDock);
    tabifyDockWidget(runDock, m_sweepDock);
    runDock->raise();
    wireRunPanel();
    wireSweepPanel();
    m_operation = new QComboBox;
    m_operation->setObjectName("operation");
    m_operation->setToolTip(tr("The operation whose route a new connection joins"));
    m_operation->setMinimumContentsLength(10);
}

void MainWindow::buildActions()
{
    auto add = [this](const QString& name, const QString& text, const QKeySequence& key, auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        m_actions.insert(name, a);
        return a;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(add("new", tr("&New"), QKeySequence::New, [this] {
        if (maybeSave())
            newEmpty();
    }));
    m_actions.value("new")->setToolTip(tr("An empty design: one variant, one operation, one zone"));
    QMenu* fromTemplate = file->addMenu(tr("New from &template"));
    for (const QString& t : templateNames())
        fromTemplate->addAction(templateTitle(t), this, [this, t] {
            if (maybeSave())
                newFromTemplate(t);
        });
    file->addAction(add("open", tr("&Open…"), QKeySequence::Open, [this] {
        if (!maybeSave())
            return;
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a study"), {},
                                                          tr("Studies (*.yaml *.yml);;All files (*)"));
        if (!path.isEmpty())
            openFile(path);
    }));
    m_recentMenu = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(add("save", tr("&Save"), QKeySequence::Save, [this] { save(); }));
    file->addAction(add("saveAs", tr("Save &as…"), QKeySequence::SaveAs, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the study"), m_doc->filePath(),
                                                          tr("Studies (*.yaml *.yml)"));
        if (!path.isEmpty())
            saveAs(path);
    }));
    file->addAction(add("exportCanvas", tr("&Export canvas…"), {}, [this] {
        const QString name = currentVariant().isEmpty() ? QString("canvas") : currentVariant();
        const auto options =
            ExportDialog::ask(this, tr("Export canvas"), name + ".png", {"png", "svg"}, true, QSize(1600, 1000),
                              {{"keepRunColours", tr("Keep the run's colours (load, faults, traffic)")},
                               {"legend", tr("Add a legend (kinds, calls, zones)")}});
        QString why;
        if (options && !exportCanvas(*m_scene, options->path, options->format, options->size, &why,
                                     {options->checked.contains("keepRunColours"), options->checked.contains("legend")}))
            QMessageBox::warning(this, tr("Export canvas"), why);
        else if (options)
            showMessage(tr("Exported the canvas to %1").arg(options->path));
    }));
    file->addAction(add("exportReview", tr("Export &review…"), {}, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Export review: the folder for index.html and report.pdf"),
            m_doc->filePath().isEmpty() ? QString() : QFileInfo(m_doc->filePath()).absolutePath());
        if (!folder.isEmpty())
            exportReview(folder);
    }));
    file->addSeparator();
    file->addAction(add("quit", tr("&Quit"), QKeySequence::Quit, [this] { close(); }));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_doc->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName("undo");
    QAction* redo = m_doc->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setObjectName("redo");
    m_actions.insert("undo", undo);
    m_actions.insert("redo", redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(add("cut", tr("Cu&t"), QKeySequence::Cut, &MainWindow::cut));
    edit->addAction(add("copy", tr("&Copy"), QKeySequence::Copy, &MainWindow::copy));
    edit->addAction(add("paste", tr("&Paste"), QKeySequence::Paste, &MainWindow::paste));
    edit->addAction(add("delete", tr("&Delete"), QKeySequence::Delete, &MainWindow::deleteSelection));
    edit->addAction(add("selectAll", tr("Select &all"), QKeySequence::SelectAll, [this] {
        for (auto* i : m_scene->items())
            i->setSelected(true);
    }));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_modes = new QActionGroup(this);
    auto mode = [&](const QString& name, const QString& text, const QKeySequence& key, CanvasScene::Mode m) {
        QAction* a = add(name, text, key, [this, m] { m_scene->setMode(m); });
        a->setCheckable(true);
        a->setChecked(m == CanvasScene::Mode::Select);
        m_modes->addAction(a);
        view->addAction(a);
        return a;
    };
    mode("selectMode", tr("&Select"), QKeySequence(Qt::Key_S), CanvasScene::Mode::Select);
    mode("connectMode", tr("&Connect"), QKeySequence(Qt::Key_C), CanvasScene::Mode::Connect);
    mode("panMode", tr("&Pan"), QKeySequence(Qt::Key_H), CanvasScene::Mode::Pan);
    connect(m_scene, &CanvasScene::modeChanged, this, [this](CanvasScene::Mode m) {
        const char* names[] = {"selectMode", "connectMode", "panMode"};
        m_actions.value(names[int(m)])->setChecked(true);
    });
    view->addSeparator();
    view->addAction(add("zoomIn", tr("Zoom &in"), QKeySequence::ZoomIn, [this] { m_view->zoomIn(); }));
    view->addAction(add("zoomOut", tr("Zoom &out"), QKeySequence::ZoomOut, [this] { m_view->zoomOut(); }));
    view->addAction(add("fit", tr("&Fit to window"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { m_view->fitToWindow(); }));
    QAction* snap = add("snap", tr("Snap to &grid"), {}, [this](bool on) {
        m_scene->setSnapToGrid(on);
        m_scene->update();
    });
    snap->setCheckable(true);
    snap->setChecked(true);
    view->addAction(snap);

    QMenu* variant = menuBar()->addMenu(tr("V&ariant"));
    variant->addAction(add("duplicateVariant", tr("&Duplicate variant"), QKeySequence(Qt::CTRL | Qt::Key_D), [this] {
        const QString name = m_doc->duplicateVariant(currentVariant());
        if (!name.isEmpty())
            setCurrentVariant(name);
    }));
    QMenu* variantTemplate = variant->addMenu(tr("Add variant from &template"));
    for (const QString& t : templateNames())
        variantTemplate->addAction(templateTitle(t), this, [this, t] { addVariantFromTemplate(t); });
    variant->addAction(add("removeVariant", tr("&Remove variant"), {}, [this] {
        QString why;
        if (!m_doc->removeVariant(currentVariant(), &why))
            showMessage(tr("Cannot remove the variant: %1").arg(why));
    }));
    variant->addAction(add("renameVariant", tr("Re&name variant…"), QKeySequence(Qt::Key_F2), [this] {
        askToRename(tr("variant"), currentVariant(), [this](const QString& from, const QString& to, QString* why) {
            return m_doc->renameVariant(from, to, why);
        });
    }));
    m_tabs->addAction(m_actions.value("duplicateVariant"));
    m_tabs->addAction(m_actions.value("renameVariant"));
    m_tabs->addAction(m_actions.value("removeVariant"));
    connect(m_tabs, &QTabBar::tabBarDoubleClicked, this, [this](int index) {
        if (index >= 0 && !isShowingText())
            m_actions.value("renameVariant")->trigger();
    });

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(add("run", tr("&Run one replication (live)"), QKeySequence(Qt::Key_F5),
                       [this] { m_runPanel->run(); }));
    m_actions.value("run")->setIconText(tr("Run live"));
    run->addAction(add("compareLive", tr("Compare one replication each (&live)"), QKeySequence(Qt::CTRL | Qt::Key_F5),
                       [this] { m_runPanel->compareLive(); }));
    run->addAction(add("compare", tr("&Compare variants (all replications)"), QKeySequence(Qt::SHIFT | Qt::Key_F5),
                       [this] { m_runPanel->compare(); }));
    m_actions.value("compare")->setIconText(tr("Compare"));
    run->addAction(add("pause", tr("&Pause"), QKeySequence(Qt::Key_F6), [this] { m_runPanel->pause(); }));
    run->addAction(add("resume", tr("Res&ume"), QKeySequence(Qt::Key_F7), [this] { m_runPanel->resume(); }));
    run->addAction(add("stop", tr("&Stop"), QKeySequence(Qt::Key_F8), [this] { m_runPanel->stop(); }));
    run->addSeparator();
    run->addAction(add("runSweep", tr("Run s&weep"), {}, [this] {
        m_sweepDock->show();
        m_sweepDock->raise();
        m_sweepPanel->run();
    }));
    run->addAction(add("stopSweep", tr("Stop swee&p"), {}, [this] { m_sweepPanel->stop(); }));
    m_actions.value("stopSweep")->setEnabled(false);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(add("shortcuts", tr("&Keyboard shortcuts"), QKeySequence(Qt::CTRL | Qt::Key_Slash), [this] {
        ShortcutsDialog dialog(menuBar(), this);
        dialog.exec();
    }));

    // The toolbar's labels stay short and fixed (the undo actions' text names
    // the edit), so the whole bar fits in a 1280-pixel window.
    undo->setIconText(tr("Undo"));
    redo->setIconText(tr("Redo"));
    QToolBar* tools = addToolBar(tr("Main"));
    tools->setObjectName("mainToolbar");
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addAction(m_actions.value("open"));
    tools->addAction(m_actions.value("save"));
    tools->addSeparator();
    tools->addAction(undo);
    tools->addAction(redo);
    tools->addSeparator();
    for (const char* n : {"selectMode", "connectMode", "panMode"})
        tools->addAction(m_actions.value(n));
    tools->addWidget(new QLabel(tr(" Route: ")));
    tools->addWidget(m_operation);
    tools->addSeparator();
    for (const char* n : {"zoomIn", "zoomOut", "fit", "snap"})
        tools->addAction(m_actions.value(n));
    tools->addSeparator();
    tools->addAction(m_actions.value("duplicateVariant"));
    tools->addSeparator();
    for (const char* n : {"run", "compare", "pause", "stop"})
        tools->addAction(m_actions.value(n));
}

void MainWindow::syncRunPanel()
{
    QStringList variants;
    for (const auto& v : m_doc->study().variants)
        variants << QString::fromStdString(v.name);
    m_runPanel->setVariants(variants, currentVariant());
    m_runPanel->setReplications(m_doc->study().run.replications);
    const scenarios::Study& study = m_doc->study();
    charts::ChartAnnotations annotations;
    annotations.sloP99 = study.slo.p99.value_or(0.0);
    for (const scenarios::WorkloadBand& b : scenarios::workloadBands(study.workload, study.run.duration))
        annotations.bands.push_back({b.from, b.to, QString::fromStdString(b.label), b.ramp});
    m_runPanel->setChartAnnotations(annotations);
}

void MainWindow::syncSweepPanel()
{
    m_sweepPanel->setOutputDir(sweepFolderFor(m_doc->filePath()));
    const scenarios::Study& study = m_doc->study();
    QString summary;
    if (study.sweep && !study.sweep->parameters.empty()) {
        QStringList names;
        for (const auto& p : study.sweep->parameters)
            names << QString::fromStdString(p.column());
        const std::size_t points = scenarios::expandSweep(*study.sweep).size();
        const int replications = study.run.until ? study.run.until->min : study.run.replications;
        summary = tr("Sweep of %1: %2 points x %3 variants x %4 replications = %5 runs")
                      .arg(names.join(", "))
                      .arg(points)
                      .arg(study.variants.size())
                      .arg(replications)
                      .arg(points * study.variants.size() * std::size_t(replications));
    }
    m_sweepPanel->setSweepSummary(summary);
    action("runSweep")->setEnabled(!summary.isEmpty());
}

QString MainWindow::currentVariant() const
{
    return m_tabs->currentIndex() < 0 ? QString() : m_tabs->tabText(m_tabs->currentIndex());
}

void MainWindow::setCurrentVariant(const QString& variant)
{
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->tabText(i) == variant)
            m_tabs->setCurrentIndex(i);
}

void MainWindow::syncTabs()
{
    QStringList names;
    for (const auto& v : m_doc->study().variants)
        names << QString::fromStdString(v.name);
    QStringList shown;
    for (int i = 0; i < m_tabs->count(); ++i)
        shown << m_tabs->tabText(i);
    QString current = currentVariant();
    if (names != shown) {
        m_syncing = true;
        while (m_tabs->count() > 0)
            m_tabs->removeTab(0);
        for (const auto& n : names)
            m_tabs->addTab(n);
        m_syncing = false;
        // A new variant (duplicate, template) becomes current; a removed one gives way to its neighbour.
        QStringList added = names;
        for (const auto& n : shown)
            added.removeAll(n);
        if (!shown.isEmpty() && added.size() == 1)
            current = added.front();
        else if (!names.contains(current))
            current = names.value(std::min(int(shown.indexOf(current)), int(names.size()) - 1), names.value(0));
        const int at = int(names.indexOf(current));
        m_tabs->setCurrentIndex(at < 0 ? 0 : at);
    }
    m_scene->setVariant(currentVariant());
}

void MainWindow::syncOperations()
{
    QStringList ops;
    for (const auto& o : m_doc->study().operations)
        ops << QString::fromStdString(o.name);
    QStringList shown;
    for (int i = 0; i < m_operation->count(); ++i)
        shown << m_operation->itemText(i);
    if (ops == shown)
        return;
    const QString current = m_operation->currentText();
    m_operation->clear();
    m_operation->addItems(ops);
    if (ops.contains(current))
        m_operation->setCurrentText(current);
    m_scene->setOperation(m_operation->currentText());
}

void MainWindow::updateTitle()
{
    if (isShowingText()) {
        setWindowTitle(tr("%1[*] (does not read) — ScaleLab").arg(QFileInfo(m_textPane->path()).fileName()));
        setWindowModified(m_textPane->isModified());
        return;
    }
    const QString file = m_doc->filePath().isEmpty() ? tr("untitled") : QFileInfo(m_doc->filePath()).fileName();
    const QString name = QString::fromStdString(m_doc->study().name);
    setWindowTitle((name.isEmpty() ? QString() : name + " — ") + file + "[*] — ScaleLab");
    setWindowModified(m_doc->isDirty());
}

void MainWindow::showMessage(const QString& text)
{
    m_lastMessage = text;
    statusBar()->showMessage(text, 8000);
}

bool MainWindow::openFile(const QString& path, const std::vector<scenarios::Override>& overrides)
{
    std::vector<scenarios::Diagnostic> problems;
    if (!m_doc->load(path, &problems, overrides)) {
        // A file that does not read opens as its text, to be fixed here, when
        // the text can be shown and saved back as it was (UTF-8, not too large).
        QFile f(path);
        const QFileInfo info(path);
        constexpr qint64 kLargestText = 16 * 1024 * 1024;
        if (overrides.empty() && info.isFile() && info.size() <= kLargestText && f.open(QIODevice::ReadOnly)) {
            const QByteArray bytes = f.readAll();
            QStringDecoder utf8(QStringDecoder::Utf8);
            const QString text = utf8.decode(bytes);
            if (!utf8.hasError() && !bytes.contains('\0')) {
                showText(info.absoluteFilePath(), text, false);
                int errors = 0;
                for (const auto& d : m_textPane->diagnostics())
                    errors += d.severity == scenarios::Diagnostic::Severity::Error;
                showMessage(tr("%1 does not read: %n problem(s), marked in the text and listed under Problems; "
                               "fix them and the canvas appears.",
                               nullptr, errors)
                                .arg(info.fileName()));
                offerRecovery(info.absoluteFilePath());
                return false;
            }
        }
        // Keep the current document; list what is wrong with the file.
        m_problems->setDiagnostics(problems);
        showMessage(tr("Cannot open %1: %n problem(s), listed under Problems; the current study is unchanged.",
                       nullptr, int(problems.size()))
                        .arg(QFileInfo(path).fileName()));
        return false;
    }
    leaveText();
    m_view->resetZoom();
    m_view->fitToWindow();
    addRecent(m_doc->filePath());
    RunCopies::removeStale(QFileInfo(m_doc->filePath()).absolutePath());
    showMessage(tr("Opened %1").arg(shownPath(m_doc->filePath())));
    offerRecovery(m_doc->filePath()); // its answer, if any, says more than "Opened"
    return true;
}

scenarios::Study MainWindow::emptyStudy()
{
    scenarios::Study s;
    s.name = "untitled";
    scenarios::Operation request;
    request.name = "request";
    s.operations.push_back(request);
    scenarios::RatePoint steady;
    steady.rps = 100.0;
    s.workload.rate.push_back(steady);
    scenarios::Zone zone;
    zone.name = "zone1";
    s.network.zones.push_back(zone);
    scenarios::Variant design;
    design.name = "design";
    s.variants.push_back(design);
    return s;
}

void MainWindow::newEmpty()
{
    removeRecovery();
    leaveText();
    m_doc->reset(emptyStudy(), {});
    m_view->resetZoom();
    m_view->fitToWindow();
    showMessage(tr("New empty design: drag components from the palette onto the canvas"));
}

bool MainWindow::newFromTemplate(const QString& name)
{
    auto t = loadTemplate(name);
    if (!t)
        return false;
    removeRecovery();
    leaveText();
    m_doc->reset(*t, {});
    m_view->resetZoom();
    m_view->fitToWindow();
    showMessage(tr("New study from the %1 template").arg(templateTitle(name).toLower()));
    return true;
}

void MainWindow::askToRename(const QString& what, const QString& from,
                             const std::function<bool(const QString&, const QString&, QString*)>& rename)
{
    QString question = tr("New name for the %1 '%2':").arg(what, from);
    // Asked again, with the reason, until the name is taken or the question cancelled.
    while (const auto to = m_askName(question, from)) {
        QString why;
        if (rename(from, *to, &why)) {
            if (to->trimmed() != from)
                showMessage(tr("Renamed the %1 %2 to %3").arg(what, from, to->trimmed()));
            return;
        }
        showMessage(tr("Cannot rename the %1: %2").arg(what, why));
        question = tr("Cannot rename the %1: %2.\nNew name for the %1 '%3':").arg(what, why, from);
    }
}

bool MainWindow::addVariantFromTemplate(const QString& name)
{
    auto t = loadTemplate(name);
    if (!t || t->variants.empty())
        return false;
    const QString added = m_doc->addVariant(t->variants.front());
    setCurrentVariant(added);
    m_view->resetZoom();
    m_view->fitToWindow(); // the new tab's drawing, whatever the view showed before
    return true;
}

bool MainWindow::save()
{
    if (isShowingText())
        return saveAs(m_textPane->path());
    if (m_doc->filePath().isEmpty()) {
        const QString path = m_askSavePath(tr("Save the study"));
        return !path.isEmpty() && saveAs(path);
    }
    return saveAs(m_doc->filePath());
}

bool MainWindow::saveAs(const QString& path)
{
    const QFileInfo target(path);
    if (target.exists() && isReadOnly(target)) {
        // A read-only study is someone's on purpose: write elsewhere, or not at all.
        const QString question = tr("%1 is read-only. Save the study under another name?").arg(target.fileName());
        if (!m_ask(question)) {
            showMessage(tr("Not saved: %1 is read-only").arg(shownPath(target.absoluteFilePath())));
            return false;
        }
        const QString other = m_askSavePath(tr("Save the study as"));
        if (other.isEmpty() || QFileInfo(other).absoluteFilePath() == target.absoluteFilePath()) {
            showMessage(tr("Not saved: %1 is read-only").arg(shownPath(target.absoluteFilePath())));
            return false;
        }
        return saveAs(other);
    }
    const QString before = recoveryPath();
    QString why;
    if (isShowingText()) {
        // The text as typed, written atomically; it is read again at once.
        const QString previous = m_textPane->path();
        m_textPane->setPath(QFileInfo(path).absoluteFilePath());
        if (!m_textPane->save(&why)) {
            m_textPane->setPath(previous);
            showMessage(why);
            QMessageBox::warning(this, tr("ScaleLab"), why);
            return false;
        }
        QFile::remove(before);
        removeRecovery();
        addRecent(m_textPane->path());
        updateTitle();
        showMessage(tr("Saved %1").arg(shownPath(m_textPane->path())));
        m_textPane->reread();
        return true;
    }
    if (!m_doc->saveAs(path, &why)) {
        showMessage(why);
        QMessageBox::warning(this, tr("ScaleLab"), why);
        return false;
    }
    QFile::remove(before);
    removeRecovery();
    addRecent(m_doc->filePath());
    showMessage(tr("Saved %1").arg(shownPath(m_doc->filePath())));
    return true;
}

QString MainWindow::recoveryPath() const
{
    return recoveryPathFor(editedPath());
}

QString MainWindow::editedPath() const
{
    return isShowingText() ? m_textPane->path() : m_doc->filePath();
}

bool MainWindow::isShowingText() const
{
    return m_showingText;
}

void MainWindow::showText(const QString& path, const QString& text, bool modified)
{
    m_showingText = true;
    m_tabs->hide();
    m_view->hide();
    m_textPane->show();
    // What acts on the canvas's study waits until the text reads.
    for (QAction* a : m_actions)
        if (!QStringList{"open", "save", "saveAs", "quit", "shortcuts"}.contains(a->objectName()))
            a->setEnabled(false);
    for (QWidget* w : std::initializer_list<QWidget*>{m_palette, m_inspector, m_runPanel, m_sweepPanel})
        w->setEnabled(false);
    if (auto* dock = findChild<QDockWidget*>("problemsDock"))
        dock->raise();
    m_textPane->open(path, text, modified); // leaves at once when the text reads
    if (!isShowingText())
        return;
    m_problems->setDiagnostics(m_textPane->diagnostics());
    m_textPane->editor()->setFocus();
    updateTitle();
}

void MainWindow::leaveText()
{
    if (!isShowingText())
        return;
    m_showingText = false;
    m_textPane->hide();
    m_tabs->show();
    m_view->show();
    for (QAction* a : m_actions)
        a->setEnabled(true);
    // Those whose state is their own to say.
    m_actions.value("undo")->setEnabled(m_doc->undoStack()->canUndo());
    m_actions.value("redo")->setEnabled(m_doc->undoStack()->canRedo());
    m_actions.value("stopSweep")->setEnabled(m_sweepPanel->isRunning());
    m_actions.value("exportReview")->setEnabled(m_review == nullptr);
    for (QWidget* w : std::initializer_list<QWidget*>{m_palette, m_inspector, m_runPanel, m_sweepPanel})
        w->setEnabled(true);
    syncSweepPanel();
    syncRunPanel();
    m_problems->setDiagnostics(m_doc->diagnostics());
    updateTitle();
}

void MainWindow::setAutosaveInterval(int milliseconds)
{
    m_autosave->setInterval(milliseconds);
}

void MainWindow::autosave()
{
    // The text of a study that does not read is autosaved as typed, like the document.
    if (isShowingText() ? !m_textPane->isModified() : !m_doc->isDirty())
        return;
    const QByteArray text = (isShowingText() ? m_textPane->text() : m_doc->text()).toUtf8();
    const auto write = [&](const QString& path) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size() && f.commit();
    };
    QString path = recoveryPath();
    bool ok = write(path);
    const QString fallback = dataRecoveryPath(editedPath());
    if (!ok && path != fallback) {
        path = fallback; // the study's folder refused it: the data folder
        ok = write(path);
    }
    if (!ok) {
        if (!m_autosaveFailed)
            showMessage(tr("Autosave failed: cannot write %1; save the study to keep your changes").arg(path));
        m_autosaveFailed = true;
        return;
    }
    if (path != m_lastRecovery && path == dataRecoveryPath(editedPath()) && !editedPath().isEmpty())
        showMessage(tr("The study's folder is read-only: autosaving to %1").arg(QDir::toNativeSeparators(path)));
    m_autosaveFailed = false;
    if (!m_lastRecovery.isEmpty() && m_lastRecovery != path)
        QFile::remove(m_lastRecovery);
    m_lastRecovery = path;
}

void MainWindow::removeRecovery()
{
    QFile::remove(recoveryPath());
    if (!m_lastRecovery.isEmpty())
        QFile::remove(m_lastRecovery);
    m_lastRecovery.clear();
}

void MainWindow::offerRecovery(const QString& studyPath)
{
    // The newest autosave of the study, beside it or in the data folder.
    QString recovery;
    for (const QString& candidate : {localRecoveryPath(studyPath), dataRecoveryPath(studyPath)}) {
        if (studyPath.isEmpty() && candidate != dataRecoveryPath(studyPath))
            continue;
        const QFileInfo c(candidate);
        if (c.isFile() && (recovery.isEmpty() || c.lastModified() > QFileInfo(recovery).lastModified()))
            recovery = candidate;
    }
    if (recovery.isEmpty())
        return;
    const QString name = studyPath.isEmpty() ? tr("an untitled study") : QFileInfo(studyPath).fileName();
    const bool studyNewer =
        !studyPath.isEmpty() && QFileInfo(recovery).lastModified() < QFileInfo(studyPath).lastModified();
    const QString question =
        studyNewer ? tr("ScaleLab closed with unsaved changes to %1, but the file has changed since they were "
                        "autosaved (a save, a checkout or a sync). Restore the autosave, discard it, or keep it for "
                        "later?")
                         .arg(name)
                   : tr("ScaleLab closed with unsaved changes to %1. Restore them, discard them, or keep them for "
                        "later?")
                         .arg(name);
    switch (m_chooseRecovery(question)) {
    case RecoveryChoice::Discard:
        QFile::remove(recovery);
        showMessage(tr("Discarded the autosave of %1").arg(name));
        return;
    case RecoveryChoice::Keep: {
        const QString kept = recovery + "." + QDateTime::currentDateTime().toString("yyyyMMdd-hhmmss") + ".yaml";
        if (QFile::rename(recovery, kept))
            showMessage(tr("Kept the autosave as %1").arg(QDir::toNativeSeparators(kept)));
        else
            showMessage(tr("Kept the autosave at %1").arg(QDir::toNativeSeparators(recovery)));
        return;
    }
    case RecoveryChoice::Restore:
        break;
    }
    QFile f(recovery);
    if (!f.open(QIODevice::ReadOnly)) {
        showMessage(tr("Cannot read the autosave %1: %2").arg(recovery, f.errorString()));
        return;
    }
    const QByteArray autosaved = f.readAll();
    auto result = scenarios::parseStudy(autosaved.toStdString(), QFileInfo(recovery).fileName().toStdString());
    if (!result.ok()) {
        // Text that did not read yet when it was autosaved: back in the text
        // pane, unsaved, to be fixed (an untitled study always read).
        QStringDecoder utf8(QStringDecoder::Utf8);
        const QString text = utf8.decode(autosaved);
        if (studyPath.isEmpty() || utf8.hasError()) {
            showMessage(tr("The recovery file is damaged; kept as %1").arg(recovery));
            return;
        }
        m_lastRecovery = recovery;
        showText(studyPath, text, true);
        if (isShowingText())
            showMessage(tr("Recovered unsaved changes to the text; save to keep them."));
        return;
    }
    result.study->path = studyPath.toStdString();
    leaveText();
    m_doc->reset(*result.study, studyPath, true);
    m_lastRecovery = recovery;
    showMessage(tr("Recovered unsaved changes; save to keep them."));
}

void MainWindow::addRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue("recentFiles", recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value("recentFiles").toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName() + "  —  " + QFileInfo(path).absolutePath(), this,
                                [this, path] {
                                    if (maybeSave())
                                        openFile(path);
                                });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

bool MainWindow::maybeSave()
{
    if (isShowingText() ? !m_textPane->isModified() : !m_doc->isDirty())
        return true;
    const auto answer = QMessageBox::warning(this, tr("ScaleLab"), tr("The study has unsaved changes. Save them?"),
                                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    if (answer == QMessageBox::Discard) {
        removeRecovery();
        return true;
    }
    return false;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_runPanel->stop();
    m_sweepPanel->stop(); // the points done stay in its folder
    removeRecovery();
    event->accept();
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!std::exchange(m_docksSized, true))
        sizeDocks();
}

void MainWindow::sizeDocks()
{
    // The canvas keeps most of the window: the side docks as narrow as their
    // content reads, the bottom ones (problems, results) a quarter of the height.
    auto* paletteDock = findChild<QDockWidget*>("paletteDock");
    auto* inspectorDock = findChild<QDockWidget*>("inspectorDock");
    auto* resultsDock = findChild<QDockWidget*>("resultsDock");
    if (!paletteDock || !inspectorDock || !resultsDock)
        return;
    int widest = 0;
    for (int i = 0; i < m_palette->count(); ++i)
        widest = std::max(widest, m_palette->fontMetrics().horizontalAdvance(m_palette->item(i)->text()));
    const int paletteWidth = widest + m_palette->iconSize().width() + 2 * m_palette->frameWidth() + 36;
    resizeDocks({paletteDock, inspectorDock},
                {std::max(paletteDock->minimumSizeHint().width(), paletteWidth),
                 std::max(inspectorDock->minimumWidth(), width() / 4)},
                Qt::Horizontal);
    resizeDocks({resultsDock}, {height() / 4}, Qt::Vertical);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) {
            event->acceptProposedAction();
            if (maybeSave())
                openFile(url.toLocalFile());
            return;
        }
}

void MainWindow::selectSubject(const QString& variant, const QString& component)
{
    setCurrentVariant(variant);
    if (component.isEmpty())
        return;
    m_scene->selectComponents({component});
    if (auto* item = m_scene->item(component))
        m_view->ensureVisible(item);
    m_inspector->setCurrentIndex(0);
}

void MainWindow::copy()
{
    const scenarios::Variant* v = m_doc->variant(currentVariant());
    const QStringList names = m_scene->selectedComponents();
    if (!v || names.isEmpty())
        return;
    m_clipboard.clear();
    m_clipboardPositions.clear();
    m_pasteCount = 0;
    // The text form, for other applications: the components as the file writes them.
    scenarios::Study s;
    scenarios::Variant part;
    part.name = v->name;
    for (const auto& c : v->components)
        if (names.contains(QString::fromStdString(c.name))) {
            m_clipboard.push_back(c);
            part.components.push_back(c);
            m_clipboardPositions.insert(QString::fromStdString(c.name),
                                        m_doc->position(currentVariant(), QString::fromStdString(c.name)));
        }
    s.variants.push_back(part);
    QApplication::clipboard()->setText(QString::fromStdString(scenarios::writeStudy(s)));
    showMessage(tr("Copied %n component(s)", nullptr, int(m_clipboard.size())));
}

void MainWindow::cut()
{
    copy();
    deleteSelection();
}

void MainWindow::paste()
{
    if (m_clipboard.empty())
        return;
    ++m_pasteCount;
    const double step = CanvasScene::kGrid * 2 * m_pasteCount;
    const QStringList added =
        m_doc->pasteComponents(currentVariant(), m_clipboard, m_clipboardPositions, QPointF(step, step));
    m_scene->selectComponents(added);
}

void MainWindow::deleteSelection()
{
    const auto edges = m_scene->selectedEdges();
    const QStringList names = m_scene->selectedComponents();
    if (!names.isEmpty()) {
        m_doc->removeComponents(currentVariant(), names);
        return;
    }
    for (const auto& [from, to] : edges)
        m_doc->disconnect(currentVariant(), from, to);
}

QString MainWindow::writeRunCopy(QString* error)
{
    const QString path = writeStudyCopy(error);
    if (!path.isEmpty())
        m_runCopy = path;
    return path;
}

bool MainWindow::exportReview(const QString& folder)
{
    if (m_review) {
        showMessage(tr("A review is already being exported"));
        return false;
    }
    // The study as the editor shows it: the saved file, or a copy with the unsaved edits.
    QString study = m_doc->filePath();
    if (study.isEmpty() || m_doc->isDirty()) {
        QString why;
        study = writeStudyCopy(&why);
        if (study.isEmpty()) {
            finishReview(false, why, folder);
            return false;
        }
        m_reviewCopy = study;
    }
    m_reviewFolder = folder;
    m_reviewFolderExisted = QFileInfo(folder).isDir();
    m_reviewEntriesBefore =
        m_reviewFolderExisted ? QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)
                              : QStringList();
    m_review = new QProcess(this);
    QProcess* p = m_review;
    p->setProgram(m_runPanel->cliPath());
    p->setArguments({"report", study, "--out", folder, "--progress"});
    p->setProcessChannelMode(QProcess::SeparateChannels);
    // Its own process group: Cancel stops the report and every process it started.
    p->setChildProcessModifier([] { ::setpgid(0, 0); });
    connect(p, &QProcess::readyReadStandardOutput, this, [this, p, folder] {
        while (p->canReadLine()) {
            const QString line = QString::fromUtf8(p->readLine()).trimmed();
            if (!line.startsWith("progress: "))
                continue;
            const QString stage = line.mid(10);
            showMessage(tr("Exporting the review to %1: %2…").arg(folder, stage));
            emit reviewExportProgress(stage);
        }
    });
    connect(p, &QProcess::finished, this, [this, p, folder](int code, QProcess::ExitStatus status) {
        const QString err = QString::fromUtf8(p->readAllStandardError()).trimmed();
        if (status == QProcess::NormalExit && code == 0)
            finishReview(true, {}, folder);
        else if (!err.isEmpty())
            finishReview(false, err, folder);
        else
            finishReview(false,
                         status == QProcess::CrashExit
                             ? tr("scalelab-cli stopped abnormally (%1)").arg(p->errorString())
                             : tr("scalelab-cli exited with code %1").arg(code),
                         folder);
    });
    connect(p, &QProcess::errorOccurred, this, [this, p, folder](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            finishReview(false, tr("cannot start %1: %2").arg(p->program(), p->errorString()), folder);
    });
    m_busy->show();
    m_cancelReview->show();
    action("exportReview")->setEnabled(false);
    showMessage(tr("Exporting the review to %1 (running every variant)…").arg(folder));
    p->start();
    return true;
}

void MainWindow::finishReview(bool ok, const QString& message, const QString& folder)
{
    if (m_review) {
        m_review->deleteLater();
        m_review = nullptr;
    }
    if (!m_reviewCopy.isEmpty()) {
        QFile::remove(m_reviewCopy);
        m_reviewCopy.clear();
    }
    m_busy->hide();
    m_cancelReview->hide();
    action("exportReview")->setEnabled(true);
    const QString index = QDir(folder).filePath("index.html");
    if (ok) {
        showMessage(tr("Exported the review to %1 (index.html, report.pdf)").arg(folder));
        emit reviewExportFinished(true, {});
        if (m_ask(tr("The review is in %1.\nOpen index.html?").arg(folder)))
            QDesktopServices::openUrl(QUrl::fromLocalFile(index));
        return;
    }
    showMessage(tr("Review export failed"));
    emit reviewExportFinished(false, message);
    QMessageBox::warning(this, tr("Export review"), tr("The review could not be exported:\n\n%1").arg(message));
}

void MainWindow::cancelReview()
{
    if (!m_review)
        return;
    QProcess* p = m_review;
    p->disconnect(this);
    if (const qint64 pid = p->processId(); pid > 0)
        ::kill(-pid_t(pid), SIGKILL); // the report, its simulations and scalelab-charts
    p->waitForFinished(5000);
    // What the report wrote is incomplete: remove it, and the folder when the export made it.
    const QDir dir(m_reviewFolder);
    if (!m_reviewFolderExisted) {
        QDir(m_reviewFolder).removeRecursively();
    } else {
        for (const QString& entry : dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
            if (!m_reviewEntriesBefore.contains(entry) || entry == "index.html" || entry == "report.pdf" ||
                entry == "results") {
                const QFileInfo info(dir.filePath(entry));
                if (info.isDir())
                    QDir(info.filePath()).removeRecursively();
                else
                    QFile::remove(info.filePath());
            }
    }
    m_review->deleteLater();
    m_review = nullptr;
    if (!m_reviewCopy.isEmpty()) {
        QFile::remove(m_reviewCopy);
        m_reviewCopy.clear();
    }
    m_busy->hide();
    m_cancelReview->hide();
    action("exportReview")->setEnabled(true);
    showMessage(tr("Review export cancelled"));
    emit reviewExportFinished(false, tr("cancelled"));
}

QString MainWindow::writeStudyCopy(QString* error)
{
    // The document as it is, saved or not, in this window's temporary folder;
    // its trace files named by full path, so they resolve from there.
    const QString path = m_runCopies->nextPath(error);
    if (path.isEmpty())
        return {};
    scenarios::Study copy = m_doc->study();
    if (!m_doc->filePath().isEmpty()) {
        const QDir studyDir = QFileInfo(m_doc->filePath()).absoluteDir();
        for (std::string* trace : {&copy.workload.replay, &copy.workload.replayTimestamps})
            if (!trace->empty())
                *trace = QDir::cleanPath(studyDir.absoluteFilePath(QString::fromStdString(*trace))).toStdString();
    }
    QSaveFile f(path);
    const QByteArray text = QByteArray::fromStdString(scenarios::writeStudy(copy));
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size() || !f.commit()) {
        if (error)
            *error = tr("cannot write %1: %2").arg(path, f.errorString());
        return {};
    }
    return path;
}

void MainWindow::wireSweepPanel()
{
    m_sweepPanel->setStudyProvider([this](QString* error) { return writeStudyCopy(error); });
    m_sweepPanel->setCliProvider([this] { return m_runPanel->cliPath(); });
    connect(m_sweepPanel, &SweepPanel::sweepStarted, this, [this] { showMessage(m_sweepPanel->statusText()); });
    connect(m_sweepPanel, &SweepPanel::sweepFinished, this,
            [this](bool, const QString&) { showMessage(m_sweepPanel->statusText()); });
    connect(m_sweepPanel, &SweepPanel::sweepStarted, this, [this] { action("stopSweep")->setEnabled(true); });
    connect(m_sweepPanel, &SweepPanel::sweepFinished, this, [this] { action("stopSweep")->setEnabled(false); });
}

void MainWindow::wireRunPanel()
{
    m_runPanel->setStudyProvider([this](QString* error) { return writeRunCopy(error); });
    connect(m_runPanel, &RunPanel::liveState, this,
            [this](const QString& variant, const QHash<QString, ComponentLiveState>& states) {
                if (variant != currentVariant())
                    return;
                QHash<QString, LiveState> live;
                for (auto it = states.begin(); it != states.end(); ++it)
                    live.insert(it.key(), LiveState{it->utilization, it->queue, it->instances, it->down, it->failed,
                                                    it->moduleCores, {}});
                m_scene->setLiveStates(live);
            });
    connect(m_runPanel, &RunPanel::liveTraffic, this,
            [this](const QString& variant, const QHash<QString, ConnectionLiveState>& byConnection) {
                if (variant != currentVariant())
                    return;
                QHash<QString, EdgeTraffic> traffic;
                for (auto it = byConnection.begin(); it != byConnection.end(); ++it)
                    traffic.insert(it.key(), EdgeTraffic{it->calls, it->retries, it->failed, it->shortCircuited, 0.0});
                m_scene->setLiveTraffic(traffic);
            });
    connect(m_runPanel, &RunPanel::faultEvent, this,
            [this](const QString& variant, double time, const QString& kind, const QString& subject) {
                if (variant != currentVariant())
                    return;
                m_inspector->timeline()->addEvent(time, kind, subject);
                m_inspector->faultsTimeline()->addEvent(time, kind, subject);
                m_scene->faultEvent(kind, subject); // a zone outage greys its area
            });
    connect(m_runPanel, &RunPanel::clockChanged, this, [this](double t, double) {
        m_inspector->timeline()->setClock(t);
        m_inspector->faultsTimeline()->setClock(t);
    });
    connect(m_runPanel, &RunPanel::runStarted, this, [this] {
        m_scene->setLiveStates({});
        m_scene->setLiveTraffic({});
        m_scene->setZoneOutages({});
        m_inspector->timeline()->clearEvents();
        m_inspector->faultsTimeline()->clearEvents();
        showMessage(m_runPanel->statusText() + "…");
    });
    connect(m_runPanel, &RunPanel::runFinished, this, [this](bool ok, const QString& message) {
        m_scene->setLiveTraffic({}); // no traffic once the run is over; the components keep its last state
        if (!m_runCopy.isEmpty() && !m_runPanel->isRunning()) {
            QFile::remove(m_runCopy);
            m_runCopy.clear();
        }
        showMessage(ok ? m_runPanel->statusText() : tr("Run failed: %1 (the study is unchanged)").arg(message));
    });
}

} // namespace scalelab::gui
