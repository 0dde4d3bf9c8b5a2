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

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

using scalelab::gui::MainWindow;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName("ScaleLab");
    QApplication::setOrganizationName("ScaleLab");
    QApplication::setApplicationVersion("0.1.0");

    QCommandLineParser parser;
    parser.setApplicationDescription("ScaleLab: design system architectures and simulate them under load.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("study", "The study file to open (YAML, docs/format.md).", "[study.yaml]");
    QCommandLineOption shot("screenshot", "Render the window to <png> and exit.", "png");
    QCommandLineOption variant("variant", "The variant tab to show.", "name");
    QCommandLineOption select("select", "The component to select (its inspector is shown).", "name");
    QCommandLineOption tab("tab", "The inspector tab to show (0 component, 1 routes, 2 workload, 3 faults, 4 study).",
                           "index");
    QCommandLineOption runFor("run-seconds", "Run the variant for this many seconds before the screenshot.", "seconds");
    QCommandLineOption speed("speed", "With --run-seconds: simulated seconds per second (default: as fast as possible).",
                             "x");
    QCommandLineOption compare("compare", "With --run-seconds: compare every variant instead.");
    QCommandLineOption tmpl("template", "Start from a template (monolith, modular_monolith, microservices).", "name");
    parser.addOptions({shot, variant, select, tab, runFor, speed, compare, tmpl});
    parser.process(app);

    MainWindow window;
    if (parser.isSet(tmpl) && !window.newFromTemplate(parser.value(tmpl))) {
        std::fprintf(stderr, "scalelab: unknown template '%s'\n", qPrintable(parser.value(tmpl)));
        return 2;
    }
    if (!parser.positionalArguments().isEmpty() && !window.openFile(parser.positionalArguments().front())) {
        if (parser.isSet(shot)) {
            std::fprintf(stderr, "scalelab: %s\n", qPrintable(window.lastMessage()));
            return 2;
        }
    }
    if (parser.positionalArguments().isEmpty() && !parser.isSet(shot) && !parser.isSet(tmpl))
        window.offerRecovery({}); // an untitled study left unsaved by a crash
    if (parser.isSet(variant))
        window.setCurrentVariant(parser.value(variant));
    window.show();
    window.view()->fitToWindow();
    if (parser.isSet(select))
        window.scene()->selectComponents({parser.value(select)});
    if (parser.isSet(tab))
        window.inspector()->setCurrentIndex(parser.value(tab).toInt());
    if (!parser.isSet(shot))
        return QApplication::exec();

    int delay = 300;
    if (parser.isSet(runFor)) {
        if (parser.isSet(speed))
            window.runPanel()->setSpeed(parser.value(speed).toDouble());
        if (parser.isSet(compare))
            window.runPanel()->compare();
        else
            window.runPanel()->run();
        delay = int(parser.value(runFor).toDouble() * 1000);
    }
    QTimer::singleShot(delay, &window, [&] {
        window.view()->fitToWindow();
        const bool ok = window.grab().save(parser.value(shot));
        std::fprintf(stderr, ok ? "scalelab: wrote %s\n" : "scalelab: cannot write %s\n", qPrintable(parser.value(shot)));
        window.runPanel()->stop();
        QApplication::exit(ok ? 0 : 1);
    });
    const int rc = QApplication::exec();
    window.document()->undoStack()->setClean(); // no prompt on the way out
    return rc;
}
