#pragma once

#include <QString>

namespace onair::ui {

// Qt aborts (qFatal) when its platform plugin cannot reach a display. Before creating the
// QApplication we look for one ourselves so a headless machine gets a sentence, not a core dump.
// Returns an empty string when a window can probably open, else the reason it cannot.
QString missingDisplayReason();

} // namespace onair::ui
