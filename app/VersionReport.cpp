#include "app/VersionReport.h"

#include "app/OnAirVersion.h"

#include <QtGlobal>

namespace onair::app {

std::vector<audio::LibraryVersion> linkedLibraryVersions() {
    std::vector<audio::LibraryVersion> libs;
    libs.push_back({"Qt", qVersion(), "windows, episode documents, settings, tests"});
    for (auto& lib : audio::engineLibraryVersions()) {
        libs.push_back(std::move(lib));
    }
    return libs;
}

QString versionReport() {
    QString text = QStringLiteral("OnAir %1\n").arg(QStringLiteral(ONAIR_VERSION));
    for (const auto& lib : linkedLibraryVersions()) {
        text += QStringLiteral("  %1 %2\n")
                    .arg(QString::fromStdString(lib.name), -11)
                    .arg(QString::fromStdString(lib.version));
    }
    return text;
}

} // namespace onair::app
