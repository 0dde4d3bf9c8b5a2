// scalelab [study.yaml]: the desktop editor.
// scalelab --screenshot out.png [--variant v] [--select component|from->to] [--tab N]
//          [--run-seconds S [--speed X] [--compare-live | --compare | --sweep]] [--sweep-field PATH]
//          [--color-scheme light|dark] [--size WxH] [--shortcuts]
//          [study.yaml]: renders the window (or the Sweep this... dialog) to a PNG and exits
// (for the user guide; works with QT_QPA_PLATFORM=offscreen or under Xvfb).
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "inspector.h"
#include "mainwindow.h"
#include "shortcutsdialog.h"
#include "theme.h"

#include "run/runpanel.h"
#include "run/sweeppanel.h"
#include "sweepdialog.h"

#include "simcore/engineversion.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QMenuBar>
#include <QStyleFactory>
#include <QTimer>

#include <cstdio>
#include <exception>
#include <string_view>
#include <utility>

using scalelab::gui::MainWindow;

namespace {

/// The command line, described before any application object exists.
struct Options
{
    QCommandLineParser parser;
    QCommandLineOption shot{"screenshot", "Render the window to <png> and exit.", "png"};
    QCommandLineOption variant{"variant", "The variant tab to show.", "name"};
    QCommandLineOption select{"select", "The component to select (its inspector is shown), or an arrow from->to.", "name"};
    QCommandLineOption tab{"tab", "The inspector tab to show (0 component, 1 routes, 2 workload, 3 faults, 4 study).",
                           "index"};
    QCommandLineOption runFor{"run-seconds", "Run the variant for this many seconds before the screenshot.", "seconds"};
    QCommandLineOption speed{"speed", "With --run-seconds: simulated seconds per second (default: as fast as possible).",
                             "x"};
    QCommandLineOption compareLive{"compare-live",
                                   "With --run-seconds: one replication of every variant, live, instead."};
    QCommandLineOption compare{"compare", "With --run-seconds: compare every variant over the study's replications "
                                          "instead; the screenshot shows the results when it ends (at most S seconds)."};
    QCommandLineOption sweep{"sweep", "With --run-seconds: run the study's sweep instead; the screenshot shows the "
                                      "Sweep view when it ends (at most S seconds)."};
    QCommandLineOption sweepField{"sweep-field", "Render the Sweep this... dialog of the field at <path> "
                                                 "(variants.v.components.c.instances) instead of the window.",
                                  "path"};
    QCommandLineOption tmpl{"template", "Start from a template (monolith, modular_monolith, microservices).", "name"};
    QCommandLineOption set{"set", "Override a field of the study before it opens, e.g. "
                                  "variants.v1.components.app.instances=6 (repeatable; docs/cli.md).",
                           "PATH=VALUE"};
    QCommandLineOption scheme{"color-scheme", "light or dark: the colours to use instead of the desktop's "
                                              "(default: the desktop's palette).",
                              "scheme"};
    QCommandLineOption size{"size", "The window's size, e.g. 1280x800 (with --screenshot: the picture's).", "WxH"};
    QCommandLineOption help{"shortcuts", "With --screenshot: render Help > Keyboard shortcuts instead of the window."};

    Options()
    {
        parser.setApplicationDescription("ScaleLab: design system architectures and simulate them under load.");
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addPositionalArgument("study", "The study file to open (YAML, docs/format.md).", "[study.yaml]");
        parser.addOptions({shot, variant, select, tab, runFor, speed, compareLive, compare, sweep, sweepField, tmpl, set,
                           scheme, size, help});
    }
};

void nameApplication()
{
    QCoreApplication::setApplicationName("ScaleLab");
    QCoreApplication::setOrganizationName("ScaleLab");
    QCoreApplication::setApplicationVersion(SCALELAB_VERSION);
}

/// True when the command line asks only for text: --help or --version.
bool asksForText(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all" || a == "-v" || a == "--version")
            return true;
    }
    return false;
}

int runGui(int argc, char** argv)
{
    if (asksForText(argc, argv)) {
        // No display needed: QApplication would abort without one.
        QCoreApplication core(argc, argv);
        nameApplication();
        Options options;
        if (!options.parser.parse(core.arguments())) {
            std::fprintf(stderr, "scalelab: %s\n", qPrintable(options.parser.errorText()));
            return 2;
        }
        if (options.parser.isSet("version")) {
            std::printf("scalelab %s (Qt %s, %s)\n", SCALELAB_VERSION, qVersion(),
                        scalelab::sim::engineVersion().c_str());
            return 0;
        }
        options.parser.showHelp(0);
    }
    QApplication app(argc, argv);
    nameApplication();
    Options options;
    QCommandLineParser& parser = options.parser;
    parser.process(app);
    if (parser.isSet(options.scheme)) {
        const QString scheme = parser.value(options.scheme);
        if (scheme != "light" && scheme != "dark") {
            std::fprintf(stderr, "scalelab: --color-scheme is light or dark (got '%s')\n", qPrintable(scheme));
            return 2;
        }
        // Fusion draws every widget from the palette, so both schemes read the same.
        QApplication::setStyle(QStyleFactory::create("Fusion"));
        QApplication::setPalette(scheme == "dark" ? scalelab::gui::theme::darkPalette()
                                                  : scalelab::gui::theme::lightPalette());
    }

    MainWindow window;
    if (parser.isSet(options.size)) {
        const QStringList wh = parser.value(options.size).split('x');
        if (wh.size() != 2 || wh[0].toInt() < 200 || wh[1].toInt() < 200) {
            std::fprintf(stderr, "scalelab: --size is WIDTHxHEIGHT, e.g. 1280x800\n");
            return 2;
        }
        window.resize(wh[0].toInt(), wh[1].toInt());
    }
    if (parser.isSet(options.tmpl) && !window.newFromTemplate(parser.value(options.tmpl))) {
        std::fprintf(stderr, "scalelab: unknown template '%s'\n", qPrintable(parser.value(options.tmpl)));
        return 2;
    }
    std::vector<scalelab::scenarios::Override> overrides;
    for (const QString& text : parser.values(options.set)) {
        std::string error;
        auto o = scalelab::scenarios::parseOverride(text.toStdString(), &error);
        if (!o) {
            std::fprintf(stderr, "scalelab: %s\n", error.c_str());
            return 2;
        }
        overrides.push_back(std::move(*o));
    }
    if (!parser.positionalArguments().isEmpty() &&
        !window.openFile(parser.positionalArguments().front(), overrides) && !window.isShowingText()) {
        if (parser.isSet(options.shot)) {
            std::fprintf(stderr, "scalelab: %s\n", qPrintable(window.lastMessage()));
            return 2;
        }
    }
    if (parser.positionalArguments().isEmpty() && !parser.isSet(options.shot) && !parser.isSet(options.tmpl))
        window.offerRecovery({}); // an untitled study left unsaved by a crash
    if (parser.isSet(options.variant))
        window.setCurrentVariant(parser.value(options.variant));
    window.show();
    window.view()->fitToWindow();
    if (parser.isSet(options.select) && parser.value(options.select).contains("->")) {
        // An arrow, from->to: its calls' policy in the inspector.
        const QStringList ends = parser.value(options.select).split("->");
        window.scene()->clearSelection();
        if (scalelab::gui::EdgeItem* e = window.scene()->edge(ends.value(0), ends.value(1)))
            e->setSelected(true);
    } else if (parser.isSet(options.select)) {
        window.scene()->selectComponents({parser.value(options.select)});
    }
    if (parser.isSet(options.tab))
        window.inspector()->setCurrentIndex(parser.value(options.tab).toInt());
    if (!parser.isSet(options.shot))
        return QApplication::exec();

    // A dialog instead of the window: shown, rendered, and the app left.
    auto shootDialog = [&](QDialog& dialog) {
        dialog.show();
        QApplication::processEvents();
        const bool ok = dialog.grab().save(parser.value(options.shot));
        std::fprintf(stderr, ok ? "scalelab: wrote %s\n" : "scalelab: cannot write %s\n", qPrintable(parser.value(options.shot)));
        window.document()->undoStack()->setClean();
        return ok ? 0 : 1;
    };

    if (parser.isSet(options.sweepField)) {
        // The dialog as a right-click on the field opens it, filled from the field.
        scalelab::scenarios::DocPath path;
        for (const QString& key : parser.value(options.sweepField).split('.'))
            path.push_back(key.toStdString());
        scalelab::gui::SweepDialog dialog(window.document(), path, QString::fromStdString(path.back()),
                                          window.document()->valueText(path), &window);
        return shootDialog(dialog);
    }
    if (parser.isSet(options.help)) {
        // The dialog as Help > Keyboard shortcuts opens it.
        scalelab::gui::ShortcutsDialog dialog(window.menuBar(), &window);
        return shootDialog(dialog);
    }
    int delay = 300;
    bool shotTaken = false;
    auto takeShot = [&] {
        if (std::exchange(shotTaken, true))
            return;
        window.view()->fitToWindow();
        const bool ok = window.grab().save(parser.value(options.shot));
        std::fprintf(stderr, ok ? "scalelab: wrote %s\n" : "scalelab: cannot write %s\n", qPrintable(parser.value(options.shot)));
        window.runPanel()->stop();
        window.sweepPanel()->stop();
        QApplication::exit(ok ? 0 : 1);
    };
    if (parser.isSet(options.runFor)) {
        if (parser.isSet(options.speed))
            window.runPanel()->setSpeed(parser.value(options.speed).toDouble());
        if (parser.isSet(options.sweep)) {
            // The Sweep view, tall enough to read the plots, once the sweep ends.
            if (auto* dock = window.findChild<QDockWidget*>("sweepDock")) {
                dock->raise();
                window.resizeDocks({dock}, {window.height() * 3 / 5}, Qt::Vertical);
            }
            QObject::connect(window.sweepPanel(), &scalelab::gui::SweepPanel::sweepFinished, &window,
                             [&] { QTimer::singleShot(300, &window, takeShot); });
            window.sweepPanel()->run();
        } else if (parser.isSet(options.compare)) {
            // The results table, tall enough to read, once the comparison ends.
            if (auto* dock = window.findChild<QDockWidget*>("resultsDock"))
                window.resizeDocks({dock}, {window.height() * 3 / 5}, Qt::Vertical);
            QObject::connect(window.runPanel(), &scalelab::gui::RunPanel::runFinished, &window,
                             [&] { QTimer::singleShot(300, &window, takeShot); });
            window.runPanel()->compare();
        } else if (parser.isSet(options.compareLive)) {
            window.runPanel()->compareLive();
        } else {
            window.runPanel()->run();
        }
        delay = int(parser.value(options.runFor).toDouble() * 1000);
    }
    QTimer::singleShot(delay, &window, takeShot);
    const int rc = QApplication::exec();
    window.document()->undoStack()->setClean(); // no prompt on the way out
    return rc;
}

} // namespace

int main(int argc, char** argv)
{
    // Nothing escapes: an exception out of the event loop is a bug, said so.
    try {
        return runGui(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "scalelab: internal error: %s (this is a bug: please report it)\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "scalelab: internal error: an unknown exception (this is a bug: please report it)\n");
    }
    return 1;
}
