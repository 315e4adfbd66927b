#include "ui/UiResources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE declares a function, so it must expand outside any namespace.
static void initOnAirResources() {
    Q_INIT_RESOURCE(onair);
}

namespace onair::ui {

void ensureUiResources() {
    static const bool done = (initOnAirResources(), true);
    (void)done;
}

} // namespace onair::ui
