// Entry point of onair, the desktop studio.
#include "app/OnAirVersion.h"
#include "ui/DisplayCheck.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <cstdio>

int main(int argc, char* argv[]) {
    if (const QString reason = onair::ui::missingDisplayReason(); !reason.isEmpty()) {
        std::fprintf(stderr,
                     "onair: cannot open the studio window (%s).\n"
                     "Start it from a desktop session, or use onair-cli for headless work "
                     "(onair-cli --help).\n",
                     qPrintable(reason));
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("OnAir"));
    QApplication::setOrganizationName(QStringLiteral("OnAir"));
    QApplication::setApplicationVersion(QStringLiteral(ONAIR_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(ONAIR_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/onair.svg")));

    onair::ui::MainWindow window;
    window.show();
    return app.exec();
}
