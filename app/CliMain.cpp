// Entry point of onair-cli, the headless studio.
#include "app/Cli.h"
#include "app/OnAirVersion.h"

#include <QCoreApplication>
#include <cstdio>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("onair-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("OnAir"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ONAIR_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    onair::app::Cli cli(out, err);
    const int code = cli.run(QCoreApplication::arguments());
    out.flush();
    err.flush();
    return code;
}
