// Entry point of onair, the desktop studio: onair [EPISODE.onair]
#include "app/OnAirVersion.h"
#include "app/Studio.h"
#include "audio/AudioSystem.h"
#include "ui/DisplayCheck.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QMessageBox>
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

    // No singletons: the engine and the studio live here and are passed down.
    onair::audio::AudioSystem audio;
    onair::app::Studio studio(audio);
    onair::ui::MainWindow window(studio);
    window.show();
    if (!audio.isReady()) {
        QMessageBox::warning(&window, QObject::tr("Audio"),
                             QString::fromStdString(audio.errorText()));
    }
    const QStringList args = QApplication::arguments();
    if (args.size() > 1) {
        window.openEpisodeFolder(args.at(1));
    }
    return app.exec();
}
