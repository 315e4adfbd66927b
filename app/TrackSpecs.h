#pragma once

#include "app/Episode.h"

#include <QList>
#include <QString>

namespace onair::app {

// Parses the --tracks argument: "N" (N mono tracks on inputs 1..N) or a list such as
// "Host=1,Guest=2,Band=3-4" (1-based input channels; "a-b" with b = a+1 is a stereo track).
// Empty error on success.
QList<Track> parseTrackSpecs(const QString& text, QString* error);

} // namespace onair::app
