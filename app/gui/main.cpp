// scalelab [study.yaml]: the desktop editor.
// scalelab --screenshot out.png [--variant v] [--select component] [--tab N]
//          [--run-seconds S [--speed X] [--compare]] [study.yaml]: renders the window to a PNG and exits
// (for the user guide; works with QT_QPA_PLATFORM=offscreen or under Xvfb).
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "inspector.h"
#include "mainwindow.h"

#include "run/runpanel.h"

#include "simcore/engineversion.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>
#include <exception>
#include <string_view>

using scalelab::gui::MainWindow;

namespace {

/// The command line, described before any application object exists.
struct Options
{
    QCommandLineParser parser;
    QCommandLineOption shot{"screenshot", "Render the window to <png> and exit.", "png"};
    QCommandLineOption variant{"variant", "The variant tab to show.", "name"};
    QCommandLineOption select{"select", "The component to select (its inspector is shown).", "name"};
    QCommandLineOption tab{"tab", "The inspector tab to show (0 component, 1 routes, 2 workload, 3 faults, 4 study).",
                           "index"};
    QCommandLineOption runFor{"run-seconds", "Run the variant for this many seconds before the screenshot.", "seconds"};
    QCommandLineOption speed{"speed", "With --run-seconds: simulated seconds per second (default: as fast as possible).",
                             "x"};
    QCommandLineOption compare{"compare", "With --run-seconds: compare every variant instead."};
    QCommandLineOption tmpl{"template", "Start from a template (monolith, modular_monolith, microservices).", "name"};

    Options()
    {
        parser.setApplicationDescription("ScaleLab: design system architectures and simulate them under load.");
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addPositionalArgument("study", "The study file to open (YAML, docs/format.md).", "[study.yaml]");
        parser.addOptions({shot, variant, select, tab, runFor, speed, compare, tmpl});
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

    MainWindow window;
    if (parser.isSet(options.tmpl) && !window.newFromTemplate(parser.value(options.tmpl))) {
        std::fprintf(stderr, "scalelab: unknown template '%s'\n", qPrintable(parser.value(options.tmpl)));
        return 2;
    }
    if (!parser.positionalArguments().isEmpty() && !window.openFile(parser.positionalArguments().front())) {
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
    if (parser.isSet(options.select))
        window.scene()->selectComponents({parser.value(options.select)});
    if (parser.isSet(options.tab))
        window.inspector()->setCurrentIndex(parser.value(options.tab).toInt());
    if (!parser.isSet(options.shot))
        return QApplication::exec();

    int delay = 300;
    if (parser.isSet(options.runFor)) {
        if (parser.isSet(options.speed))
            window.runPanel()->setSpeed(parser.value(options.speed).toDouble());
        if (parser.isSet(options.compare))
            window.runPanel()->compare();
        else
            window.runPanel()->run();
        delay = int(parser.value(options.runFor).toDouble() * 1000);
    }
    QTimer::singleShot(delay, &window, [&] {
        window.view()->fitToWindow();
        const bool ok = window.grab().save(parser.value(options.shot));
        std::fprintf(stderr, ok ? "scalelab: wrote %s\n" : "scalelab: cannot write %s\n", qPrintable(parser.value(options.shot)));
        window.runPanel()->stop();
        QApplication::exit(ok ? 0 : 1);
    });
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
