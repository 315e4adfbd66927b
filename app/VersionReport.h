#pragma once

#include "audio/LibraryVersions.h"

#include <QString>
#include <vector>

namespace onair::app {

// Every library OnAir links, with the version it reports at run time: the engine's plus Qt.
std::vector<audio::LibraryVersion> linkedLibraryVersions();

// "OnAir 0.1.0" followed by one indented line per library; what `onair-cli --version` prints.
QString versionReport();

} // namespace onair::app
